"""Skills-training courses: loading the catalogue, searching it, and enrolling.

Seats are counted in the database (places taken elsewhere + enrolments through the bot) inside
the enrolling transaction, after taking the course's write lock, so a course is never overbooked;
one phone number enrols once per course.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.config import DATA_DIR
from bot.db.models import Course, Enrolment
from bot.db.session import session_scope
from bot.cases import forms as _f
from bot.common.references import new_reference
from bot.common.text import normalize
from bot.common import clock

ONLINE = "线上"
_FIELDS = ("title", "skill", "keywords", "city", "mode", "venue", "organiser", "start_date", "end_date", "schedule",
           "hours", "cost", "subsidy", "certificate", "seats", "enrolled_elsewhere", "requirements", "summary", "source")
ONLINE_WORDS = ("线上", "网上", "网课", "在线", "手机上", "online", "远程")
ANY_WORDS = ("都行", "都可以", "随便", "不限", "无所谓", "都看看", "全部", "都要", "没想好", "不知道")


class CourseError(ValueError):
    pass


def read_course_files(folder: Path = DATA_DIR / "courses") -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.yml")):
        for raw in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("courses") or []:
            try:
                row = {
                    "slug": str(raw["id"]),
                    "title": raw["title"].strip(),
                    "skill": raw["skill"].strip(),
                    "keywords": [str(k).strip() for k in raw.get("keywords") or []],
                    "city": str(raw["city"]).strip(),
                    "mode": raw["mode"],
                    "venue": raw["venue"].strip(),
                    "organiser": raw["organiser"].strip(),
                    "start_date": _date(raw["start_date"]),
                    "end_date": _date(raw["end_date"]),
                    "schedule": str(raw["schedule"]).strip(),
                    "hours": int(raw["hours"]),
                    "cost": int(raw["cost"]),
                    "subsidy": str(raw["subsidy"]).strip(),
                    "certificate": str(raw["certificate"]).strip(),
                    "seats": int(raw["seats"]),
                    "enrolled_elsewhere": int(raw.get("enrolled") or 0),
                    "requirements": str(raw["requirements"]).strip(),
                    "summary": str(raw["summary"]).strip(),
                    "source": f"data/courses/{path.name}",
                }
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise CourseError(f"{path.name}: course {raw.get('id')!r} is incomplete: {exc}") from exc
            if row["mode"] not in ("online", "offline") or (row["mode"] == "online") != (row["city"] == ONLINE):
                raise CourseError(f"{row['slug']}: mode and city disagree")
            if not 0 <= row["enrolled_elsewhere"] <= row["seats"] or row["start_date"] > row["end_date"]:
                raise CourseError(f"{row['slug']}: seats or dates are inconsistent")
            rows.append(row)
    slugs = [r["slug"] for r in rows]
    if len(slugs) != len(set(slugs)):
        raise CourseError("duplicate course ids")
    return rows


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_courses(rows: list[dict] | None = None, db_url: str | None = None) -> dict[str, int]:
    """Upserts the catalogue by id. Courses removed from the files are kept if anyone enrolled."""
    rows = read_course_files() if rows is None else rows
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
    with session_scope(db_url) as s:
        existing = {c.slug: c for c in s.execute(select(Course)).scalars()}
        for row in rows:
            course = existing.pop(row["slug"], None)
            if course is None:
                s.add(Course(slug=row["slug"], **{k: row[k] for k in _FIELDS}))
                counts["added"] += 1
            elif any(getattr(course, k) != row[k] for k in _FIELDS):
                for k in _FIELDS:
                    setattr(course, k, row[k])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for course in existing.values():
            if not course.enrolments:
                s.delete(course)
                counts["removed"] += 1
    return counts


@dataclass(frozen=True)
class CourseView:
    slug: str
    title: str
    city: str
    mode: str
    venue: str
    start_date: date
    end_date: date
    schedule: str
    hours: int
    cost: int
    subsidy: str
    certificate: str
    requirements: str
    summary: str
    seats_left: int

    @property
    def full(self) -> bool:
        return self.seats_left <= 0

    def line(self) -> str:
        where = "线上" if self.mode == "online" else self.city
        cost = "免费" if self.cost == 0 else f"{self.cost}元"
        seats = "已报满" if self.full else f"余{self.seats_left}个名额"
        return f"{self.title}｜{where}｜{self.start_date.month}月{self.start_date.day}日开课｜{self.hours}课时｜{cost}｜{seats}"

    def details(self) -> str:
        cost = "免费" if self.cost == 0 else f"{self.cost}元"
        return "\n".join([
            f"《{self.title}》",
            f"时间：{_day(self.start_date)}—{_day(self.end_date, self.start_date.year)}，{self.schedule}，共{self.hours}课时",
            f"地点：{self.venue}",
            f"费用：{cost}；补贴：{self.subsidy}",
            f"证书：{self.certificate}",
            f"报名条件：{self.requirements}",
            self.summary,
        ])


def _day(d: date, same_year: int | None = None) -> str:
    """"2027年1月9日", or "2月6日" when the year is the one just shown."""
    return f"{d.month}月{d.day}日" if d.year == same_year else f"{d.year}年{d.month}月{d.day}日"


def _view(course: Course, taken: int) -> CourseView:
    return CourseView(
        course.slug, course.title, course.city, course.mode, course.venue, course.start_date, course.end_date,
        course.schedule, course.hours, course.cost, course.subsidy, course.certificate, course.requirements,
        course.summary, course.seats - course.enrolled_elsewhere - taken,
    )


# Enrolment statuses: enrolled (by the worker) -> confirmed (by staff) or cancelled; a worker who
# enrols in a full course is waitlisted, and admitted in order when a seat frees up.
SEATED = ("enrolled", "confirmed")


def _taken(s, course_id: int) -> int:
    return s.execute(
        select(func.count()).select_from(Enrolment).where(Enrolment.course_id == course_id, Enrolment.status.in_(SEATED))
    ).scalar_one()


def catalogue_terms(db_url: str | None = None) -> tuple[list[str], list[str]]:
    """(skill words, cities) known to the catalogue, longest first, for reading free text."""
    with session_scope(db_url) as s:
        courses = list(s.execute(select(Course)).scalars())
        skills = {c.skill for c in courses} | {k for c in courses for k in c.keywords}
        cities = {c.city for c in courses if c.mode == "offline"}
    return sorted(skills, key=len, reverse=True), sorted(cities, key=len, reverse=True)


def find_skill(text: str, skills: list[str]) -> str | None:
    t = normalize(text)
    return next((k for k in skills if k and normalize(k) in t), None)


def find_city(text: str, cities: list[str]) -> str | None:
    t = normalize(text)
    if any(w in t for w in ONLINE_WORDS):
        return ONLINE
    return next((c for c in cities if c in t or c.removesuffix("市") in t), None)


def search(skill: str | None, city: str | None, *, today: date | None = None, limit: int = 5,
           db_url: str | None = None) -> list[CourseView]:
    """Courses not yet finished, matching the skill word and the city (线上 = online only).

    Courses with seats come first, then by start date. ``None`` means "any" for both filters.
    """
    today = today or clock.today()
    with session_scope(db_url) as s:
        q = select(Course).where(Course.end_date >= today)
        if city == ONLINE:
            q = q.where(Course.mode == "online")
        elif city:
            q = q.where((Course.city == city) | (Course.mode == "online"))
        courses = list(s.execute(q).scalars())
        if skill:
            word = normalize(skill)
            courses = [c for c in courses if word in normalize(c.skill) or word in normalize(c.title)
                       or any(word in normalize(k) or normalize(k) in word for k in c.keywords)]
        views = [_view(c, _taken(s, c.id)) for c in courses]
    # in the worker's city first (online courses are offered as well), open seats first, soonest first
    views.sort(key=lambda v: (v.full, city not in (None, ONLINE) and v.mode == "online", v.start_date))
    return views[:limit]


def get(slug: str, db_url: str | None = None) -> CourseView | None:
    with session_scope(db_url) as s:
        c = s.execute(select(Course).where(Course.slug == slug)).scalar_one_or_none()
        return None if c is None else _view(c, _taken(s, c.id))


@dataclass(frozen=True)
class EnrolResult:
    outcome: str  # enrolled | waitlisted | duplicate | full | unknown | finished
    reference: str | None = None
    course: CourseView | None = None


def enrol(slug: str, *, name: str, phone: str, sender_id: str | None = None, today: date | None = None,
          consent: dict | None = None, waitlist: bool = False, db_url: str | None = None) -> EnrolResult:
    """Enrols the worker; with ``waitlist``, a full course puts them on its waiting list instead."""
    today = today or clock.today()
    for _attempt in range(3):
        try:
            with session_scope(db_url) as s:
                # Take the course's write lock before counting seats: a no-op UPDATE locks the row on
                # PostgreSQL and the database on SQLite, so concurrent enrolments count one at a time.
                s.execute(update(Course).where(Course.slug == slug).values(updated_at=Course.updated_at))
                c = s.execute(select(Course).where(Course.slug == slug).with_for_update()).scalar_one_or_none()
                if c is None:
                    return EnrolResult("unknown")
                existing = s.execute(
                    select(Enrolment).where(Enrolment.course_id == c.id, Enrolment.phone == phone)
                ).scalar_one_or_none()
                if existing is not None and existing.status in SEATED:
                    return EnrolResult("duplicate", existing.reference, _view(c, _taken(s, c.id)))
                view = _view(c, _taken(s, c.id))
                if c.end_date < today:
                    return EnrolResult("finished", None, view)
                if existing is not None and existing.status == "waitlisted":
                    return EnrolResult("waitlisted", existing.reference, view)
                if view.full and not waitlist:
                    return EnrolResult("full", None, view)
                status = "waitlisted" if view.full else "enrolled"
                if existing is not None:  # enrolled before, cancelled, now back
                    existing.status, existing.name, existing.sender_id, existing.consent = status, name, sender_id, consent
                    existing.created_at = clock.utcnow()  # back of the waiting list
                    reference = existing.reference
                else:
                    reference = new_reference("PX")
                    s.add(Enrolment(reference=reference, course_id=c.id, name=name, phone=phone, sender_id=sender_id,
                                    consent=consent, status=status, created_at=clock.utcnow()))
            return EnrolResult(status, reference, get(slug, db_url))
        except IntegrityError:
            continue  # a concurrent identical enrolment (the next attempt finds it) or a reference collision
    raise CourseError("could not store the enrolment")



# --- the course search and enrolment forms ----------------------------------------------------

ANY = "any"


def _read_skill(answer: _f.Answer, values) -> str:
    text = _f.plain_text(answer)
    if answer.pressed("deny") or any(w in text for w in ANY_WORDS):
        return ANY
    text = text.strip(" 。，,.！!")
    for lead in ("我想学", "想学", "学", "我要学", "考"):
        if text.startswith(lead) and len(text) > len(lead):
            text = text[len(lead):]
    if not 1 <= len(text) <= 20 or text.isdigit():
        raise _f.Invalid("想学什么手艺？说个工种就行，比如「电工」「焊工」「育婴员」；都看看就说「都行」。")
    return text


def _read_city(answer: _f.Answer, values) -> str:
    text = _f.plain_text(answer)
    if any(w in text for w in ONLINE_WORDS):
        return ONLINE
    if answer.pressed("deny") or any(w in text for w in ANY_WORDS):
        return ANY
    return _f.read_place(answer, values)


COURSE_SEARCH = _f.FormSpec(
    name="course_search_form",
    title="找培训课程",
    fields=(
        _f.Field("cs_skill", "工种", _read_skill),
        _f.Field("cs_city", "城市", _read_city),
    ),
)

COURSE_ENROL = _f.FormSpec(
    name="course_enrol_form",
    title="培训报名",
    confirm_slot="ce_confirm",
    consent_slot=_f.CONSENT_SLOT,
    fields=(
        _f.Field("ce_name", "姓名", _f.read_required_name, aliases=("名字", "姓名"), personal=True),
        _f.Field("ce_phone", "手机号", _f.read_phone, aliases=("电话", "手机", "号码"), inline=True, personal=True),
    ),
)
