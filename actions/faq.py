from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import applied as applied_reply
from actions.common import (TOPIC_INTENTS, answer_index, is_low_confidence, latest_entity, off_loop, queue_for_review,
                            safety_check_line)
from actions.forms import looks_like_question
from bot.cases import courses, forms, intake, situation
from bot.cases import profile as profiles
from bot.common import clock, facts
from bot.common.facts import TOPIC_LABELS
from bot.common.text import standard
from bot.knowledge import answers, applied, faq, laws, quick_calc, referrals
from bot.privacy import chat as privacy_chat


def answer_with(dispatcher: CollectingDispatcher, entry: faq.Faq, index: faq.FaqIndex,
                in_form: bool = False, question: str | None = None, also: faq.Faq | None = None,
                tracker: Tracker | None = None, found: applied.Applied | None = None,
                also_line: bool = False) -> List[Dict[Text, Any]]:
    """The curated answer; with the conversation's ``tracker``, the general caveat only once per
    conversation, and what applies to this worker (``found``'s notes and question) added."""
    # Inside a form the form's own question follows: next-step buttons would only lead away.
    buttons = [] if in_form else answers.related_buttons(entry, index, also=also)
    # a reaction, a fact told ("公司一共才发了一万二") or a further question that finds the answer
    # already given: not the same answer again
    body = answers.without_verdict(entry.answer.strip())  # a bare "可以。" is no point to repeat
    if tracker is not None and not in_form and len(body) >= 20 and applied_reply.bot_said(tracker, body[-40:]):
        # the same answer again would read as a machine: its point in a line, what applies to this
        # worker that is new, and a person for what the answer does not settle
        asked = question or tracker.latest_message.get("text") or ""
        if ASKS.search(asked):  # a further question: the sentence of that answer nearest to it
            text = REPEATED_ASKED.format(point=_nearest_sentence(body, asked), hotline=facts.HOTLINE_NAME)
        else:
            text = REPEATED.format(point=_first_sentence(body), hotline=facts.HOTLINE_NAME)
        if found is not None:
            text = applied_reply.with_notes(text, found, tracker)
        dispatcher.utter_message(text=text, buttons=[b for b in buttons if b != answers.LEAVE_MESSAGE_BUTTON]
                                 + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON])
        return [SlotSet("topic", entry.topic), SlotSet("last_faq", entry.slug)]
    text = answers.format_answer(entry, question,
                                 caveat=tracker is None or applied_reply.general_caveat_due(tracker))
    if also_line and also is not None and question and not in_form:
        # a second entry the reranker is nearly as sure of: its sentence nearest to the question too
        # ("律师费要我出吗 仲裁要交钱吗" asks two things two entries answer)
        extra = "另外，" + _nearest_sentence(answers.without_verdict(also.answer.strip()), question)
        head, sep, rest = text.partition("\n依据：")
        text = f"{head}\n{extra}{sep}{rest}"
    if found is not None and not in_form:
        text = applied_reply.with_notes(text, found, tracker)
    dispatcher.utter_message(text=text, buttons=buttons)
    return [SlotSet("topic", entry.topic), SlotSet("last_faq", entry.slug)]


REPEATED = ("这和前面说的是同一条，要点是：{point}\n"
            "哪里还没说清楚，可以接着问我；想让人对着您的材料看，可以点下面留言，工会工作人员会联系您，"
            "着急请拨打{hotline}。")


REPEATED_ASKED = ("您问的这一点，前面那条答复里说到的要点是：{point}\n"
                  "要是没答到您想问的，换个说法再问我；您的具体情况（材料、证据、对方怎么说的）最好让人帮您看："
                  "点下面留言，工会工作人员会联系您，着急请拨打{hotline}。")


def _first_sentence(text: str) -> str:
    head = re.split(r"(?<=[。！？])", text.strip(), maxsplit=1)[0]
    return head if head.endswith(("。", "！", "？")) else head + "。"


def _nearest_sentence(text: str, question: str) -> str:
    """The sentence of ``text`` nearest to the question (applied_reply.nearest_index): "要准备啥材料"
    finds the sentence on materials."""
    sentences = [x.strip() for x in re.split(r"(?<=[。！？；])|\n", text.strip()) if x and x.strip()]
    # a list's heading ("一般有这几项：") says nothing on its own: its items answer
    sentences = [x for x in sentences if not x.endswith(("：", ":"))] or sentences
    if not sentences:
        return _first_sentence(text)
    best = sentences[applied_reply.nearest_index(sentences, question)]
    return best if best.endswith(("。", "！", "？")) else best.rstrip("；") + "。"


# A short message that adds a detail or asks a short question ("那开网约车的呢", "要带啥材料") is
# read within the conversation's current topic, together with the worker's previous question.
FOLLOW_UP_MAX_CHARS = 24
# Below this confidence, a short message classified into another topic is first read as a follow-up.
FOLLOW_UP_SURE = 0.5


def _previous_question(tracker: Tracker, topic: str) -> str:
    """The worker's latest typed message before this one that was about ``topic``."""
    seen_latest = False
    for e in reversed(tracker.events or []):
        if e.get("event") != "user":
            continue
        if not seen_latest:
            seen_latest = True
            continue
        text = e.get("text") or ""
        if not text.startswith("/") and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == topic:
            return text
    return ""


async def follow_up_entry(tracker: Tracker) -> tuple[faq.Faq, faq.FaqIndex] | None:
    """The answer a short follow-up asks for within the current topic, or None. Not the answer
    just given (a follow-up asks for something more), unless it is the one the question fits best."""
    topic = tracker.get_slot("topic")
    text = (tracker.latest_message.get("text") or "").strip()
    if topic not in TOPIC_INTENTS or not text or text.startswith("/") or len(text) > FOLLOW_UP_MAX_CHARS:
        return None
    try:
        index = await answer_index()
    except Exception:  # the database is down: the caller's plain reply is still right
        return None
    previous = _previous_question(tracker, topic)
    last = tracker.get_slot("last_faq")
    if index._reranker is None:  # BM25 only: the follow-up threshold, the previous question first
        threshold = faq.get_settings().faq_followup_threshold
        for query in ([f"{previous} {text}"] if previous else []) + [text]:
            result = index.search(query, topic, threshold, 1.01)  # never across topics
            for match in result.candidates:
                if match.score >= threshold and match.faq.topic == topic and match.faq.slug != last:
                    return match.faq, index
        return None
    # The follow-up alone ("那要准备啥证据") and together with the previous question ("我是开网约车的"
    # after a question about joining): the surer fitting entry of the topic, not the one just given
    # ... unless the follow-up asks what that answer holds ("那这十几天的钱哪个出" after the entry on
    # miscarriage leave, which says who pays): answer_with then gives its sentence nearest to it.
    best, asks = None, bool(ASKS.search(text))
    for query in [text] + ([f"{previous} {text}"] if previous else []):
        result = find(index, tracker, query, topic)
        for n, match in enumerate(result.candidates):
            again = match.faq.slug == last and not (asks and n == 0)
            if match.faq.topic == topic and not again and match.score >= index._reranker.FIT:
                if best is None or match.score > best.score:
                    best = match
                break
    return (best.faq, index) if best is not None else None


def _just_before(tracker: Tracker) -> list[str]:
    """What the worker asked or told in the messages just before the latest ("没签合同能拿双倍吗",
    then "3月1号进去的 每个月4500"), whatever topic the classifier gave each."""
    return applied_reply.worker_messages(tracker)[:-1][-(applied_reply.RECENT - 1):]


def figure_from_context(tracker: Tracker) -> quick_calc.QuickCalc | None:
    """"我2009年3月进的厂 月薪4800" after "被辞退了能赔多少": the figure the earlier question and
    the facts told now hold together, or None."""
    text = (tracker.latest_message.get("text") or "").strip()
    earlier = _just_before(tracker)
    if not earlier or not text or text.startswith("/"):
        return None
    found = quick_calc.detect("，".join([*earlier, text]), today=clock.today())
    return found if found is not None and found.result is not None else None


def new_figure_from_context(tracker: Tracker) -> quick_calc.QuickCalc | None:
    """``figure_from_context`` when the latest message changed it (the messages before it alone
    give no figure, or another: "补充下 是双胞胎" after the days of maternity leave) and this
    conversation has not given it already."""
    found = figure_from_context(tracker)
    if found is None or applied_reply.bot_said(tracker, found.result.text().splitlines()[0]):
        return None
    earlier = _just_before(tracker)
    before = quick_calc.detect("，".join(earlier), today=clock.today())
    if before is not None and before.result is not None and before.result.text() == found.result.text():
        return None
    return found


CALC_TITLES = {"overtime": "加班费计算", "compensation": "经济补偿/赔偿金计算",
               "double_wage": "未签劳动合同二倍工资计算", "disability": "一次性伤残补助金计算",
               "annual_leave": "未休年假工资计算", "retirement": "法定退休年龄计算", "dues": "工会会费计算",
               "union_funds": "工会经费计算", "deduction": "赔偿扣款上限", "non_compete": "竞业限制补偿计算",
               "maternity": "产假天数", "death": "工亡待遇计算", "late_fee": "社保滞纳金计算",
               "final_award": "终局裁决的金额界限", "service_period": "服务期违约金上限", "dibao": "低保金计算",
               "probation": "超长试用期赔偿计算", "housing_fund": "住房公积金最低缴存", "min_years": "最低缴费年限"}
CALC_FORMS = ("overtime", "compensation", "double_wage")

# Questions about training policy (answered from the FAQ) rather than a search for a course.
POLICY_WORDS = ("补贴", "证书", "条件", "多少钱", "怎么报", "骗", "退钱", "服务期", "违约金", "单位", "公司", "比赛")

# Below this confidence a near miss is not worth offering as a "did you mean" button.
CANDIDATE_MIN_SCORE = 0.08
# A message the classifier places in a topic this surely, and this long, is a situation told: it
# gets the topic's first-step answer when no single question matches.
STORY_MIN_CONFIDENCE = 0.5
STORY_MIN_CHARS = 12
# A message this long is a story: what it told is read back before the answer.
READ_BACK_FROM = 30
# A story this long that asks no question gets the topic's first-step answer (what to do now).
STORY_WITHOUT_QUESTION = 40
STORY_SURE = 0.95  # ... unless the reranker is this sure of one entry
# A message that asks something (not only tells a story): the entry that fits answers it.
ASKS = re.compile(r"[?？吗呢嘛]|怎么|如何|什么|啥|哪|多少|能不能|可不可以|是不是|算不算|有没有|要不要|该不该|咋|谁|几")
# A second candidate the reranker finds this likely too is offered as "也许您问的是：…".
ALSO_FROM = 0.5
_ALSO_ASKED = re.compile(r"还有|另外|以及|顺便|同时|再问|再就是|然后(?:那个)?(?=.{0,12}(?:吗|呢|么|嘛|？|\?|怎么|多少|能不能|要不要|咋))")


def asks_two(text: str) -> bool:
    """Whether a message asks two things ("律师费要我出吗 还有仲裁要交钱吗"): two question cues
    apart from each other, or a second question joined by 还有/另外/以及."""
    cues = [m.start() for m in ASKS.finditer(text)]
    apart = any(b - a >= 6 for a, b in zip(cues, cues[1:]))
    return apart or (bool(cues) and bool(_ALSO_ASKED.search(text)))


# ... and one this likely, when the message asks two things, also gives its sentence nearest to the
# question after the answer (a line more for every question only adds filler: judged so on set F).
ALSO_LINE_FROM = 0.7  # chosen on fact sets A–C (bench/kb_answers.py), before the line was kept to two-part questions


def situation_lines(topic: str | None, text: str) -> list[str]:
    """What the worker's message already says, in the case form's own labels and wording."""
    spec = intake.SPECS.get(f"{topic}_form")
    if spec is None:
        return []
    told = situation.facts([situation.Message(text)])
    # what the case profile does not also read from the words is not said back: a monthly wage
    # taken for the amount owed, a bank transfer for evidence, a date for the injury's
    profile = profiles.read_one(text, clock.today())
    unsure = {"phone", "evidence"} | ({"amount"} if profile.owed_amount is None else set()) \
        | ({"injury_date"} if profile.injury_date is None else set())
    lines, values = [], {}
    for field in spec.fields:
        snippet = told.get(field.fact or "")
        if not snippet or field.fact in unsure:
            continue
        try:
            values[field.slot] = field.read(forms.Answer(text=snippet), values)
        except forms.Invalid:
            continue
        lines.append(f"· {field.label}：{field.show(values[field.slot])}")
    return lines


class ActionAnswerFaq(Action):
    """Answers a topic question from the FAQ database, then offers related questions and next steps."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic = intent if intent in TOPIC_INTENTS else tracker.get_slot("topic")
        faq_id = latest_entity(tracker, "faq_id")
        text = tracker.latest_message.get("text") or ""
        # A button payload ("/wage_arrears") carries no wording: the fallback's buttons pass the
        # worker's original message as faq_query; a bare topic button asks for the topic overview.
        query = latest_entity(tracker, "faq_query") or ("" if text.startswith("/") else text)
        if privacy_chat.is_request(text):  # "删除我的信息": how to see or delete one's data
            dispatcher.utter_message(text=privacy_chat.REPLY, buttons=privacy_chat.BUTTONS)
            return []
        if is_low_confidence(tracker):
            await queue_for_review(tracker, "low_confidence")
        if (check := safety_check_line(tracker)) is not None:
            dispatcher.utter_message(text=check)

        if not faq_id and not (tracker.active_loop or {}).get("name") \
                and (routed := applied_reply.where_to_go(dispatcher, tracker, query, tracker.get_slot("topic") or topic)) is not None:
            return routed  # "去哪告" after the situation was told: where this worker goes
        if not faq_id and not (tracker.active_loop or {}).get("name") \
                and (rebutted := applied_reply.rebut(dispatcher, tracker, query, tracker.get_slot("topic") or topic)) is not None:
            return rebutted  # "HR说不签就算自动离职": what the law says about that
        try:
            index = await answer_index()
        except Exception:  # database unavailable: say so, never pretend
            dispatcher.utter_message(
                text=f"抱歉，知识库暂时打不开。请稍后再试，或拨打{facts.HOTLINE_NAME}咨询。",
            )
            return [SlotSet("topic", topic)]

        entry = index.by_slug.get(faq_id) if faq_id else None
        also, also_line = None, False
        in_form = bool((tracker.active_loop or {}).get("name"))
        # the rules speak to a worker's own dispute: not to joining the union or finding a course
        # ... unless a short "what now" follows a dispute already told ("扣的钱能要回来不" read as dues)
        about_the_dispute = topic not in ("join_union", "training") or (
            tracker.get_slot("topic") not in (None, "join_union", "training") and len(query) <= applied_reply.FOLLOW_UP_MAX_CHARS
            and applied_reply.asks_about_it(query))
        found = applied_reply.situation(tracker, query) \
            if query and not faq_id and not in_form and about_the_dispute else None
        how = applied_reply.plan(found, tracker, query) if found is not None else None
        searched = None  # the search for this question, when done already
        misread = topic in ("join_union", "training") and about_the_dispute  # the dispute's "what now", not a new question
        if how == applied_reply.FOLLOW_UP and applied_reply.is_question(query) and not misread \
                and (found.findings[0].kind == "verdict" or not found.findings[0].replaces_answer) \
                and not applied.speaks_to(found.findings[0], query):  # "这些年少拿的差额能要回来吗": the rule's own
            # "那产假期间的钱谁出" after a conclusion: a new question an entry answers gets that answer
            # (with what applies to this worker), not the steps again; not for a worker the usual
            # answers would mislead (a pensioner asking about labour arbitration)
            searched = _for_them(find(index, tracker, query, topic), index, tracker, query, topic)
            # for a worker outside labour law (a nanny hired by a family, a student intern), only an
            # entry written for workers like them: a question on medical costs is no question for
            # work-injury insurance
            if searched.best is not None and searched.best.faq.slug != tracker.get_slot("last_faq") \
                    and (not applied_reply.outside_labour_law(tracker) or _entry_for_them(searched, tracker) is not None):
                how = None
        if how == applied_reply.FOLLOW_UP and not applied_reply.asks_about_it(query):
            # more of the matter an entry written for workers like them fits (a rider's occupational
            # injury cover, a mother's maternity allowance): that entry, with what applies to them
            # (the message alone must fit it: "宝宝是今年6月出生的" with the words of a nursing mother
            # would find the nursing hour, which is not what she told it for)
            searched = _for_them(index.find(query, topic), index, tracker, query, topic)
            if _entry_for_them(searched, tracker) is not None:
                how = None
        if how is not None:
            # what the law means for this worker comes first, then the answer to what they asked:
            # the calculation their words hold, or the curated entry that fits; the general steps
            # when neither does
            related, fitting = [], {}
            if how == applied_reply.FULL:
                calc = quick_calc.detect(query, today=clock.today())
                if calc is None or calc.result is None:
                    calc = new_figure_from_context(tracker)  # the inputs told now, the question before
                if calc is not None and calc.result is not None:  # the figure their question asks for
                    fitting = {"calculation": f"【{CALC_TITLES[calc.calc]}】\n{calc.result.text()}"}
                else:
                    result = _for_them(find(index, tracker, query, topic), index, tracker, query, topic)
                    asked = len(query) < STORY_WITHOUT_QUESTION or bool(ASKS.search(query))  # not a story alone
                    # a rule written for what they ask ("住院的钱谁出" after an injury) answers it
                    # with its own steps, not a general entry of the worker's group
                    own = applied.speaks_to(found.findings[0], query)
                    if result.best is not None and asked and not own:
                        fitting = {"entry": result.best.faq, "question": query}
                    elif result.best is not None:
                        related = answers.candidate_buttons(result.candidates[:1])
            return applied_reply.answer(dispatcher, found, tracker, query, topic, related, **fitting)
        current = tracker.get_slot("topic")
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        if entry is None and not faq_id and current in TOPIC_INTENTS and current != topic and confidence < FOLLOW_UP_SURE:
            follow = await follow_up_entry(tracker)  # "我在工地" after a wage question: still about wages
            if follow is not None:
                return answer_with(dispatcher, follow[0], index, in_form=in_form, tracker=tracker)
        if entry is None and topic == "training" and query and not any(w in query for w in POLICY_WORDS):
            if await self._courses(dispatcher, query):
                return [SlotSet("topic", topic)]
        if entry is None and not query:
            return self._topic_menu(dispatcher, index, topic)
        if entry is None and not (tracker.active_loop or {}).get("name"):
            found_calc = quick_calc.detect(query, today=clock.today())
            if found_calc is None:
                found_calc = new_figure_from_context(tracker)  # the inputs told now, the question before
            if found_calc is not None:  # the question holds a calculation's inputs: give the figure
                return self._calculate(dispatcher, found_calc, topic)
        if entry is None:
            result = searched or _for_them(find(index, tracker, query, topic), index, tracker, query, topic)
            if len(query) >= STORY_WITHOUT_QUESTION and not looks_like_question(query) \
                    and (result.best is None or result.best.score < STORY_SURE) \
                    and (story := self._situation_entry(tracker, index, topic, query)) is not None:
                # a story that asks nothing in particular and fits no entry surely: what to do now,
                # with what it told read back
                told = situation_lines(topic, query)
                if told:
                    dispatcher.utter_message(text="我先理一下您说的情况：\n" + "\n".join(told))
                return answer_with(dispatcher, story, index, in_form=in_form, tracker=tracker, found=found)
            if result.best is None:
                story = self._situation_entry(tracker, index, topic, query)
                if story is None and not in_form and (continued := continue_matter(
                        dispatcher, tracker, index, topic, query, found or applied_reply.situation(tracker, query))) is not None:
                    return continued
                if story is None:
                    if await self._law_articles(dispatcher, query, topic, result):
                        return [SlotSet("topic", topic)]
                    return self._no_match(dispatcher, result, topic)
                entry = story
                told = situation_lines(topic, query)
                if told:
                    dispatcher.utter_message(text="我先理一下您说的情况：\n" + "\n".join(told))
            else:
                entry = result.best.faq
                second = result.candidates[1] if len(result.candidates) > 1 else None
                if entry.slug == tracker.get_slot("last_faq") and second is not None and index._reranker is not None \
                        and second.score >= index._reranker.FIT:
                    # the answer just given again: the next one that fits says something new
                    entry, second = second.faq, None
                # a close second the reranker also finds fitting is offered as a button
                also = second.faq if second is not None and second.score >= ALSO_FROM else None
                also_line = second is not None and second.score >= ALSO_LINE_FROM and asks_two(query) \
                    and second.faq.slug != tracker.get_slot("last_faq")
                told = situation_lines(topic, query) if len(query) >= READ_BACK_FROM else []
                if told:  # a story answered directly: what it said, read back in the form's words
                    dispatcher.utter_message(text="我先理一下您说的情况：\n" + "\n".join(told))

        return answer_with(dispatcher, entry, index, in_form=in_form,
                           question=None if faq_id else query, also=also, tracker=tracker, found=found,
                           also_line=also_line)

    @staticmethod
    def _calculate(dispatcher: CollectingDispatcher, found: quick_calc.QuickCalc, topic: str | None) -> List[Dict[Text, Any]]:
        if found.result is None:  # inputs missing: the calculator's form asks only for those
            dispatcher.utter_message(text=found.lead())
            return ([SlotSet("topic", topic), SlotSet("calc", found.calc)]
                    + [SlotSet(slot, value) for slot, value in found.prefill.items()]
                    + [FollowupAction(found.form)])
        buttons = [answers.LEAVE_MESSAGE_BUTTON]
        if found.calc in CALC_FORMS:
            buttons.insert(0, {"title": "换个数再算", "payload": answers.button_payload("start_calculator", calc=found.calc)})
        dispatcher.utter_message(text=f"【{CALC_TITLES[found.calc]}】\n{found.result.text()}\n{answers.DISCLAIMER}",
                                 buttons=buttons)
        return [SlotSet("topic", topic)]

    @staticmethod
    async def _law_articles(dispatcher: CollectingDispatcher, query: str, topic: str | None,
                            result: faq.SearchResult) -> bool:
        """No curated answer fits: the one or two most relevant articles in the project's plain
        words, said to be general information, with a person offered."""
        try:
            found = await off_loop(laws.article_index().search, query, topic)
        except Exception:  # the law files cannot be read: the plain "not found" reply still helps
            return False
        if not found:
            return False
        lines = ["这个问题我没有现成的解答。和它最相关的法律规定是（一般性法律信息，不针对您的具体情况）："]
        for n, (article, _) in enumerate(found, 1):
            lines.append(f"{n}. {article.citation}（{article.title}）：{article.summary}")
        lines.append(f"您的具体情况怎么办，可以给工作人员留言，他们会联系您；着急请拨打{facts.HOTLINE_NAME}。")
        near = answers.candidate_buttons([m for m in result.candidates if m.score > CANDIDATE_MIN_SCORE], limit=1)
        dispatcher.utter_message(text="\n".join(lines), buttons=near + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON])
        return True

    @staticmethod
    def _situation_entry(tracker: Tracker, index: faq.FaqIndex, topic: str | None, query: str) -> faq.Faq | None:
        """A message whose topic is clear but that matches no single question (typically a story:
        "在厂里干了两年 老板三个月没发工资 …咋办") gets the topic's first-step answer (what to do
        now, where to go), with the case registration offered, never "没找到"."""
        intent = tracker.latest_message.get("intent") or {}
        confident = intent.get("name") == topic and float(intent.get("confidence") or 0) >= STORY_MIN_CONFIDENCE
        if topic not in TOPIC_INTENTS or not confident or len(query) < STORY_MIN_CHARS:
            return None
        designated = index.by_slug.get(answers.situation_slug(topic) or "")
        return designated or next((f for f in index.faqs if f.topic == topic), None)

    @staticmethod
    async def _courses(dispatcher: CollectingDispatcher, query: str) -> bool:
        """"深圳有电工班吗": a named trade or city lists matching courses instead of an FAQ answer."""
        from actions.courses import show_results  # an actions module: imported where it is used

        try:
            skills, cities = await off_loop(courses.catalogue_terms)
            skill, city = courses.find_skill(query, skills), courses.find_city(query, cities)
            if not skill and not city:
                return False
            found = await off_loop(courses.search, skill, city)
        except Exception:  # the catalogue is unavailable: the FAQ answer still helps
            return False
        show_results(dispatcher, found, skill, city)
        return True

    @staticmethod
    def _topic_menu(dispatcher: CollectingDispatcher, index: faq.FaqIndex, topic: str | None) -> List[Dict[Text, Any]]:
        entries = [f for f in index.faqs if f.topic == topic][:4]
        label = TOPIC_LABELS.get(topic or "", "这方面")
        buttons = [
            {"title": answers.short(f.question), "payload": answers.button_payload(f.topic, faq_id=f.slug)}
            for f in entries
        ]
        dispatcher.utter_message(
            text=f"关于「{label}」，大家常问这些，点一个看看；也可以直接打字说说您的情况：",
            buttons=buttons + [answers.LEAVE_MESSAGE_BUTTON],
        )
        return [SlotSet("topic", topic)]

    @staticmethod
    def _no_match(dispatcher: CollectingDispatcher, result: faq.SearchResult, topic: str | None) -> List[Dict[Text, Any]]:
        return _with_person(dispatcher, result, topic, "这个问题我没找到准确的答案。", "您问的是不是下面这些？")


def _with_person(dispatcher: CollectingDispatcher, result: faq.SearchResult | None, topic: str | None,
                 lead: str, if_nearest: str = "") -> List[Dict[Text, Any]]:
    """``lead``, the nearest entries as buttons (with ``if_nearest`` when there are any), and a person."""
    candidates = result.candidates if result is not None else []
    buttons = answers.candidate_buttons([m for m in candidates if m.score > CANDIDATE_MIN_SCORE], limit=2)
    dispatcher.utter_message(
        text=lead + (if_nearest if buttons else "") + f"也可以给工会工作人员留言，他们会联系您；着急请拨打{facts.HOTLINE_NAME}。",
        buttons=buttons + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON],
    )
    return [SlotSet("topic", topic)]


CONTINUED = ("按您说的情况，前面说的里面跟这个最相关的是：{point}\n"
             "您补充的这些（金额、证据、对方的说法）具体怎么算、怎么要，最好让人对着材料帮您看："
             "点下面留言，工会工作人员会联系您；着急请拨打{hotline}。")


def continue_matter(dispatcher: CollectingDispatcher, tracker: Tracker, index: faq.FaqIndex | None,
                    topic: str | None, text: str, found: applied.Applied | None = None) -> List[Dict[Text, Any]] | None:
    """A follow-up within the worker's matter that no entry answers ("交警认定货车全责 孩子在上大学",
    "东家说钟点工出事自己负责"): what the rules concluded for them with the step nearest to it, or
    the sentence of the answer already given nearest to it, and a person; never "没找到" as if the
    conversation had just begun. None when nothing was answered before or the message adds nothing."""
    if not text or text.startswith("/") or not (applied_reply.tells_facts(text) or applied_reply.asks_about_it(text)
                                                or ASKS.search(text) or len(text) >= TOLD_MORE_FROM):
        return None
    if found is not None and found.findings and found.findings[0].kind in ("verdict", "caution", "gate") \
            and applied_reply.bot_said(tracker, found.findings[0].conclusion):
        return applied_reply.follow_up(dispatcher, found, tracker, topic)
    last = index.by_slug.get(tracker.get_slot("last_faq") or "") if index is not None else None
    body = answers.without_verdict(last.answer.strip()) if last is not None else ""
    if not body or not applied_reply.bot_said(tracker, body[-40:]):
        return None
    dispatcher.utter_message(
        text=CONTINUED.format(point=_nearest_sentence(body, text), hotline=facts.HOTLINE_NAME),
        buttons=answers.next_step_buttons_for_topic(applied_reply.CASE_FOR.get(topic or "", topic))
        + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON])
    return [SlotSet("topic", topic)]


async def _search(text: str, topic: str | None, tracker: Tracker,
                  within_matter: bool = True) -> tuple[faq.FaqIndex | None, faq.SearchResult | None]:
    """The index and its search for ``text`` (within ``topic``, or across all with None; read within
    the worker's matter by ``find``, or alone); (None, None) when the database is down: the
    caller's plain reply is still right."""
    try:
        index = await answer_index()
        return index, find(index, tracker, text, topic) if within_matter else index.find(text, topic)
    except Exception:
        return None, None


def find(index: faq.FaqIndex, tracker: Tracker, query: str, topic: str | None) -> faq.SearchResult:
    """The entry the worker's message asks for. Within a matter told earlier in the conversation,
    the message is also searched with the words of the worker's group and state it does not repeat
    (profile.matter_words): "那这十几天的钱哪个出" after a miscarriage finds the miscarriage leave's
    pay, not annual leave; "那我每天可以提前几点走" from a nursing mother, the nursing hour. That
    search is taken when an entry fits it; the message alone otherwise."""
    result = index.find(query, topic)
    if len(applied_reply.worker_messages(tracker)) < 2:  # the first message: nothing told before it
        return result
    words = profiles.matter_words(applied_reply.told_profile(tracker), standard(query))
    if not words:
        return result
    within = index.find(f"{query} {words}", topic)
    return within if within.best is not None else result


def _for_them(result: faq.SearchResult, index: faq.FaqIndex, tracker: Tracker, query: str,
              topic: str | None) -> faq.SearchResult:
    """The search without the entries asked by a group the worker is not in (applied_reply.
    written_for_others): the next entry that fits answers, or none."""
    keep = [m for m in result.candidates if not applied_reply.written_for_others(m.faq, tracker, query)]
    if len(keep) == len(result.candidates):
        return result
    fit = index._reranker.FIT if index._reranker is not None else None
    best = keep[0] if keep and result.best is not None and (fit is None or keep[0].score >= fit) else None
    return faq.SearchResult(best, keep, crossed_topic=best is not None and best.faq.topic != topic)


def _entry_for_them(result: faq.SearchResult | None, tracker: Tracker) -> faq.Faq | None:
    """The search's best entry when it is new in this conversation and written for workers like
    this one (applied_reply.written_for), or None."""
    best = result.best if result is not None else None
    if best is None or best.faq.slug == tracker.get_slot("last_faq") or not applied_reply.written_for(best.faq, tracker):
        return None
    return best.faq


# A message this long within a conversation about work is taken as more of the worker's matter.
TOLD_MORE_FROM = 15


class ActionOutOfScope(Action):
    """Out of scope, unless it is a follow-up question on the conversation's current topic."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic = tracker.get_slot("topic")
        text = tracker.latest_message.get("text") or ""
        if is_low_confidence(tracker):
            await queue_for_review(tracker, "low_confidence")
        if (check := safety_check_line(tracker)) is not None:
            dispatcher.utter_message(text=check)
        in_form = bool((tracker.active_loop or {}).get("name"))
        if privacy_chat.is_request(text):  # "删除我的信息": how to see or delete one's data
            dispatcher.utter_message(text=privacy_chat.REPLY, buttons=privacy_chat.BUTTONS)
            return []
        referral = referrals.referral_for(text)
        if referral is not None and topic in TOPIC_INTENTS and referrals.about_work(text):
            # "物业经理说签的是劳务协议 出事找保险公司去" within a conversation about work: the
            # worker's own matter goes on (a property or insurance word does not make it another's)
            referral = None
        # "能去法院告他吗" within a conversation about work is about that work: answered first if we can
        elsewhere = None if referral is not None and referral.key == "other_law" and topic in TOPIC_INTENTS else referral
        told = None
        if not in_form and elsewhere is None and (routed := applied_reply.where_to_go(dispatcher, tracker, text, topic)) is not None:
            return routed  # "那我能去仲裁不" after the situation was told
        if not in_form and elsewhere is None and (rebutted := applied_reply.rebut(dispatcher, tracker, text, topic)) is not None:
            return rebutted  # "老板说超过60岁不算工伤" after the situation was told
        if not in_form and elsewhere is None and (topic in TOPIC_INTENTS or applied_reply.tells_facts(text)):
            # "我68年的" after a question on retirement, "那我咋办" after a conclusion, a situation told
            told = applied_reply.situation(tracker, text)
            if applied_reply.plan(told, tracker, text) == applied_reply.FOLLOW_UP and not applied_reply.asks_about_it(text) \
                    and topic in TOPIC_INTENTS:
                # more of the matter an entry written for workers like them fits: that entry
                index, result = await _search(text, topic, tracker, within_matter=False)  # the message alone fits it
                if (entry := _entry_for_them(result, tracker)) is not None:
                    return answer_with(dispatcher, entry, index, question=text, tracker=tracker, found=told)
            if (answered := applied_reply.answer(dispatcher, told, tracker, text, topic)) is not None:
                return answered
            if (figure := new_figure_from_context(tracker)) is not None:
                return ActionAnswerFaq._calculate(dispatcher, figure, topic)
        found = await follow_up_entry(tracker) if topic in TOPIC_INTENTS else None
        if found is not None:
            entry, index = found
            return answer_with(dispatcher, entry, index, in_form=bool((tracker.active_loop or {}).get("name")),
                               tracker=tracker)
        if elsewhere is None and topic in TOPIC_INTENTS and not in_form and not text.startswith("/"):
            # a longer question within a conversation about work: an entry the reranker finds
            # fitting; when none does, a question is told so, with the nearest entries and a person,
            # never "帮不上忙" as if it were not about work
            index, result = await _search(text, topic, tracker)
            if result is not None and result.best is not None:
                return answer_with(dispatcher, result.best.faq, index, question=text, tracker=tracker)
            about_work = applied.concerns(text) or applied_reply.asks_about_it(text) or applied_reply.tells_facts(text)
            if about_work and (continued := continue_matter(dispatcher, tracker, index, topic, text, told)) is not None:
                return continued
            if result is not None and about_work and (ASKS.search(text) or len(text) >= STORY_MIN_CHARS):
                return ActionAnswerFaq._no_match(dispatcher, result, topic)
            if referral is None and (about_work or len(text) >= TOLD_MORE_FROM):
                # more of the worker's own matter ("调岗单我没签"): never "帮不上忙"; what the rules
                # concluded, with the step that matters, or a question back and a person
                if told is not None and told.findings and told.findings[0].kind in ("verdict", "caution", "gate"):
                    return applied_reply.follow_up(dispatcher, told, tracker, topic)
                return _with_person(dispatcher, result, topic, "您补充的情况我看到了。您想知道的是这样合不合法、"
                                    "能要回什么，还是该去哪里办？直接问我就行；")
        if referral is None and topic not in TOPIC_INTENTS and not in_form and not text.startswith("/") \
                and len(text) >= STORY_MIN_CHARS and applied_reply.tells_facts(text):
            # a worker's own matter the classifier did not place ("怀孕七个月了还给我排夜班 正常吗"):
            # the entry the reranker finds fitting across all topics, rather than "帮不上忙"
            index, result = await _search(text, None, tracker)
            if result is not None and result.best is not None:
                return answer_with(dispatcher, result.best.faq, index, question=text, tracker=tracker)
        if referral is not None:  # another law or service: say where to go instead of a labour answer
            dispatcher.utter_message(text=f"您问的是{referral.label}方面的事，不归工会职工服务管。{referral.reply}\n"
                                          "如果同时还有工作上的问题（工资、工伤、合同等），直接告诉我。")
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
