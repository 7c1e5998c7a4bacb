"""Skills training: search the course catalogue, pick a course, enrol with a phone number."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, off_loop
from actions.forms import SpecAskConfirm, SpecFormValidation, reset_events, values_of
from bot.common import facts
from bot.cases import courses
from bot.common import clock

logger = logging.getLogger(__name__)
FIND_COURSE_BUTTON = {"title": "查找培训课程", "payload": "/find_course"}


def show_results(dispatcher: CollectingDispatcher, found: List[courses.CourseView], skill: Optional[str],
                 city: Optional[str]) -> None:
    what = "、".join(x for x in (city, skill) if x) or "全部"
    if not found:
        dispatcher.utter_message(
            text=f"暂时没有找到「{what}」的课程😅 可以换个工种或城市，或者看看线上课程；也可以拨打{facts.HOTLINE}问问当地工会。",
            buttons=[FIND_COURSE_BUTTON, {"title": "看线上课程", "payload": "/find_course"}],
        )
        return
    lines = [f"找到这些「{what}」课程："] + [f"{i}. {v.line()}" for i, v in enumerate(found, 1)]
    buttons = [
        {"title": f"{'候补' if v.full else '报名'}{i}：{v.title[:12]}", "payload": f'/enrol_course{{"course_id": "{v.slug}"}}'}
        for i, v in enumerate(found, 1)
    ]
    if any(v.full for v in found):
        lines.append("标「已报满」的可以排候补（有人取消时按先后递补），也可以先报同类的其他班。")
    lines.append("点下面的按钮报名，报名前会给您看课程详情。")
    dispatcher.utter_message(text="\n".join(lines), buttons=buttons + [FIND_COURSE_BUTTON])


class ValidateCourseSearchForm(SpecFormValidation):
    spec = courses.COURSE_SEARCH


class ActionSearchCourses(Action):
    def name(self) -> Text:
        return "action_search_courses"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        values = values_of(tracker, courses.COURSE_SEARCH)
        skill = None if values.get("cs_skill") in (None, courses.ANY) else values["cs_skill"]
        city = None if values.get("cs_city") in (None, courses.ANY) else values["cs_city"]
        try:
            _skills, cities = await off_loop(courses.catalogue_terms)
            if city and city != courses.ONLINE:
                city = courses.find_city(city, cities) or city
            found = await off_loop(courses.search, skill, city, today=clock.today())
        except Exception:
            logger.exception("course search failed")
            dispatcher.utter_message(text=f"抱歉，课程库暂时打不开，请稍后再试，或拨打{facts.HOTLINE}问问当地工会。")
            return reset_events(courses.COURSE_SEARCH)
        show_results(dispatcher, found, skill, city)
        return reset_events(courses.COURSE_SEARCH)


class ActionSelectCourse(Action):
    """Checks the chosen course before the enrolment form starts (``course_ok`` steers the rules)."""

    def name(self) -> Text:
        return "action_select_course"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        slug = latest_entity(tracker, "course_id")
        try:
            course = await off_loop(courses.get, slug) if slug else None
        except Exception:
            logger.exception("course lookup failed")
            dispatcher.utter_message(text="抱歉，课程库暂时打不开，请稍后再试。")
            return [SlotSet("course_ok", False)]
        if course is None:
            dispatcher.utter_message(text="想报哪门课？先找一下课程，再点「报名」。", buttons=[FIND_COURSE_BUTTON])
            return [SlotSet("course_ok", False)]
        if course.end_date < clock.today():
            dispatcher.utter_message(text=f"《{course.title}》已经结课了，看看其他课程吧。", buttons=[FIND_COURSE_BUTTON])
            return [SlotSet("course_ok", False)]
        if course.full:  # the waiting list: admitted in order when someone cancels
            dispatcher.utter_message(text=course.details() + (
                "\n这个班名额已经报满了😅 可以排候补：有人取消时按排队先后递补，递补上了会在这里告诉您；"
                "也可以看看同类的其他班。排候补需要您的姓名和手机号。"))
            return [SlotSet("ce_course", {"slug": course.slug, "title": course.title}), SlotSet("course_ok", True)]
        dispatcher.utter_message(text=course.details() + f"\n还剩{course.seats_left}个名额。报名需要您的姓名和手机号。")
        return [SlotSet("ce_course", {"slug": course.slug, "title": course.title}), SlotSet("course_ok", True)]


class ValidateCourseEnrolForm(SpecFormValidation):
    spec = courses.COURSE_ENROL


class AskCourseEnrolConfirm(SpecAskConfirm):
    spec = courses.COURSE_ENROL

    def intro(self, tracker: Tracker) -> str:
        course = tracker.get_slot("ce_course") or {}
        return f"课程：《{course['title']}》\n" if course.get("title") else ""


class ActionEnrolCourse(Action):
    def name(self) -> Text:
        return "action_enrol_course"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        spec = courses.COURSE_ENROL
        values = values_of(tracker, spec)
        slug = (tracker.get_slot("ce_course") or {}).get("slug")
        done = reset_events(spec) + [SlotSet("ce_course", None), SlotSet("course_ok", None)]
        if values.get("ce_confirm") is not True or not slug or not values.get("ce_phone") or not values.get("ce_name"):
            if not spec.ended_by_privacy(values):
                dispatcher.utter_message(text="报名没有提交。需要时随时再找我。")
            return done
        try:
            result = await off_loop(courses.enrol, slug, name=values["ce_name"], phone=values["ce_phone"],
                                    sender_id=tracker.sender_id, today=clock.today(),
                                    consent=values.get(spec.consent_slot), waitlist=True)
        except Exception:
            logger.exception("enrolment not stored for %s", tracker.sender_id)
            dispatcher.utter_message(text=f"非常抱歉，系统出了点问题，报名没有成功。请稍后再试，或拨打{facts.HOTLINE_NAME}。")
            return done
        title = result.course.title if result.course else slug
        if result.outcome == "enrolled":
            dispatcher.utter_message(text=(
                f"报名成功✅ 《{title}》\n报名编号：{result.reference}\n"
                "开课前工作人员会打电话和您确认时间和地点，请保持电话畅通。查报名情况，跟我说「查进度」。"
            ))
        elif result.outcome == "waitlisted":
            dispatcher.utter_message(text=(
                f"《{title}》已报满，您已排进候补名单⏳\n候补编号：{result.reference}\n"
                "有人取消时按排队先后递补，递补上了会在这里告诉您，培训机构也会打电话通知。查情况，跟我说「查进度」。"
            ))
        elif result.outcome == "duplicate":
            dispatcher.utter_message(text=(
                f"这个手机号已经报过《{title}》了，不用重复报名。报名编号：{result.reference}"
            ))
        elif result.outcome == "full":
            dispatcher.utter_message(
                text=f"不好意思，就在刚才《{title}》的名额报满了，这次没报上😅 看看同类的其他班吧。",
                buttons=[FIND_COURSE_BUTTON],
            )
        else:
            dispatcher.utter_message(text="这门课现在报不了（已结课或已下架），看看其他课程吧。", buttons=[FIND_COURSE_BUTTON])
        return done
