"""The worker's situation as data: what the conversation has told about them.

A hotline operator does not read out a rule: they note who the caller is (employed or hired by a
household, a student on placement, already drawing a pension), how old, how long in the job,
pregnant or nursing, injured or ill, dismissed and why, what is owed, and apply the law to that.
``read`` builds that note from the worker's own messages, the latest last (a later message
corrects an earlier one). Every field is None while the conversation has not told it: nothing is
guessed, and the rules (``bot/knowledge/applied.py``) ask for the one missing fact that changes
their answer. The profile is derived from the conversation each turn and never stored on its own.

How one message is read (``read_one``): the text is put in standard form (simplified characters,
regional words as standard ones: ``bot.common.text.standard``) and cut into pieces at punctuation
and spaces. A piece that names someone else and not the worker (同事被辞退了, 我老公在工地摔了)
is about that person, and so is a following piece that names nobody (Chinese drops the subject);
the worker's own facts (dismissal, pregnancy, injury, illness, age, length of service) are read
from the worker's pieces only. A fact said with a negation in front of it (没怀孕, 还没退休, 没签)
does not set the positive value (it sets False where the field has one), and one asked about
(能辞退吗, 如果怀孕了) sets nothing. Amounts, dates and lengths are read by the shared parsers
(``bot.cases.parsing``, its ``story`` helpers, and ``bot.knowledge.quick_calc``'s wage and
service readers), each near the words that introduce it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

import yaml

from bot.cases import parsing
from bot.cases.parsing import story
from bot.cases.parsing.numbers import TO_ARABIC, whole_number
from bot.common.text import quick_pattern, standard
from bot.config import DATA_DIR
from bot.knowledge.quick_calc import SERVICE_CUES, disability_grade, service_months, unsigned_months, wages_in

# Kinds of work relationship, each with the words an operator would use.
RELATIONSHIPS = {
    "employee": "单位职工",
    "dispatched": "劳务派遣工",
    "part_time": "非全日制（小时工）",
    "platform": "平台从业人员（外卖、网约车、快递等）",
    "household": "家庭直接雇用的家政人员（保姆、育儿嫂、护工等）",
    "household_agency": "家政公司的员工制家政人员",
    "domestic_unclear": "家政人员（还不清楚是家庭直接雇用还是家政公司的员工）",
    "intern": "在校学生实习",
    "intern_unclear": "实习人员（还不清楚是否仍是在校学生）",
    "retired_rehire": "已领养老金后再就业",
}
PREGNANCY = {"pregnant": "怀孕期间", "maternity": "产假期间", "breastfeeding": "哺乳期", "miscarriage": "流产后休假期间"}
DISMISSAL_REASONS = {
    "incompetent": "不能胜任工作",
    "probation": "试用期不符合录用条件",
    "restructure": "经营困难、裁员或调整岗位",
    "pregnancy": "怀孕生育",
    "illness": "生病或受伤",
    "misconduct": "违反规章制度",
    "age": "年龄大",
    "contract_end": "合同到期不续签",
    "none_given": "没有说明理由",
}


@dataclass(frozen=True)
class Profile:
    relationship: str | None = None      # a key of RELATIONSHIPS
    sex: str | None = None               # "female" | "male"
    post: str | None = None              # a woman's original retirement group: "worker" (50) | "staff" (55)
    birth: date | None = None            # day 1 when only the month is told
    age: int | None = None               # when told as an age (or computed from birth)
    pension: bool | None = None          # already draws a basic pension
    student: bool | None = None          # still enrolled at a school (no graduation certificate yet)
    first_year: bool | None = None       # in the first year of school ("一年级", "开学没两个月")
    service_years: float | None = None   # with the present employer
    total_years: float | None = None     # all working years (medical period), when told apart
    prior_years: float | None = None     # working years before the present employer ("之前干过两年")
    start: date | None = None            # started with the present employer
    contract: str | None = None          # "written" | "none" | "fixed" | "open_ended"
    contract_end: date | None = None
    probation: bool | None = None        # still within the probation period
    pregnancy: str | None = None         # a key of PREGNANCY
    babies: int | None = None            # born (or carried) at one birth, when more than one
    pregnant_months: float | None = None  # how far along ("怀孕七个半月", "孕11周"), in months
    child_born: date | None = None       # the baby's birth date: the nursing year ends on its first birthday
    difficult_birth: bool | None = None  # 难产 told (a caesarean is told apart: local rules differ)
    injured_at_work: bool | None = None
    injury_date: date | None = None
    injury_reported: bool | None = None  # recognition applied for / recognised as work injury
    disability_grade: int | None = None  # 伤残等级 1 (worst) to 10, once assessed
    occupational_disease: bool | None = None
    suspected_disease: bool | None = None  # a doctor suspects an occupational disease, not yet diagnosed
    ill: bool | None = None              # illness or injury not at work (medical period)
    dismissed: bool | None = None        # the employer ended (or is ending) the job
    dismissal_reason: str | None = None  # a key of DISMISSAL_REASONS
    pushed_to_resign: bool | None = None  # asked or pressed to resign / sign a resignation
    settlement_offered: bool | None = None  # offered a lump sum to settle ("私了", "给五万两清")
    resigned: bool | None = None
    wage: Decimal | None = None          # monthly wage
    owed_months: int | None = None       # months of wages unpaid
    owed_amount: Decimal | None = None
    owed_days: int | None = None         # days worked and not paid ("这个月我干了20天的工资还能要吗")
    unpaid_all: bool | None = None       # nothing at all paid for the time worked ("一分钱不给")
    no_contract_months: int | None = None  # months worked without a written contract
    hours_per_day: float | None = None
    family_death: bool | None = None     # the worker's spouse or family member died
    death_at_work: bool | None = None    # ... of a work accident or in the course of work
    survivors: tuple[str, ...] | None = None  # the family told after a death: "child:16", "parent:female:70:relied"
    uninsured: bool | None = None        # the employer pays no social insurance for the worker
    managed: bool | None = None          # fixed hours, clocking in, a base pay: managed as an employee is
    non_labour_paper: bool | None = None  # signed a 承包/合作/承揽 agreement or registered as a sole trader
    city: str | None = None

    def known(self) -> dict:
        """The fields the conversation has told, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def merge(self, later: "Profile") -> "Profile":
        """This profile with what ``later`` told on top (a later message corrects an earlier one)."""
        return replace(self, **later.known())


# The words the curated answers use for the worker's group and state: a follow-up ("那这十几天的钱
# 哪个出" after a miscarriage) is searched with them, so the answer stays with the worker's matter.
_MATTER_WORDS = (
    (lambda p: p.pregnancy == "pregnant", "怀孕"), (lambda p: p.pregnancy == "maternity", "产假"),
    (lambda p: p.pregnancy == "breastfeeding", "哺乳期"), (lambda p: p.pregnancy == "miscarriage", "流产"),
    (lambda p: p.relationship == "dispatched", "劳务派遣"), (lambda p: p.relationship == "part_time", "非全日制"),
    (lambda p: p.relationship == "platform", "平台"), (lambda p: p.relationship == "household", "保姆"),
    (lambda p: p.relationship in ("household_agency", "domestic_unclear"), "家政"),
    (lambda p: p.relationship in ("intern", "intern_unclear"), "实习"),
    (lambda p: p.relationship == "retired_rehire" or bool(p.pension), "退休"),
    (lambda p: bool(p.family_death) and bool(p.death_at_work), "工亡"),
    (lambda p: bool(p.family_death) and not p.death_at_work, "去世"),
    (lambda p: bool(p.occupational_disease), "职业病"),
    (lambda p: bool(p.injured_at_work) and not p.occupational_disease and not p.family_death, "工伤"),
    (lambda p: bool(p.ill) and not p.injured_at_work and not p.pregnancy, "医疗期"),
)


def matter_words(p: Profile, besides: str = "") -> str:
    """The words of the worker's group and state (``_MATTER_WORDS``) that ``besides`` (the
    message being searched, in its standard form) does not already hold, joined by spaces."""
    return " ".join(w for holds, w in _MATTER_WORDS if holds(p) and w not in besides)


# A conversation written by a relative on the worker's behalf: the first message names the relative
# at work ("我妈在郑州一家物业公司做保洁", "俺爹在青岛港干绑扎工", "我替我姨问一下。她在…做保姆").
# A relative who died is not one ("我老公在工地摔下来人没了": the writer is the widow).
@dataclass(frozen=True)
class Proxy:
    kin: str  # the words for the relative, as written ("我妈", "俺爹")
    sex: str | None
    also: str | None = None  # the relative named as well ("我姨" after "我替我姨问一下。她在…")


_KIN_SEX = {"妈": "female", "娘": "female", "母亲": "female", "老母亲": "female", "老婆": "female", "媳妇": "female",
            "妻子": "female", "姐姐": "female", "姐": "female", "妹妹": "female", "妹": "female", "女儿": "female",
            "闺女": "female", "姨": "female", "姑": "female", "婶": "female", "爸": "male", "爹": "male", "父亲": "male",
            "老父亲": "male", "老公": "male", "丈夫": "male", "男人": "male", "哥哥": "male", "哥": "male", "弟弟": "male",
            "弟": "male", "儿子": "male", "舅": "male", "叔": "male", "老伴": None, "爱人": None, "对象": None}
_PROXY = quick_pattern(
    r"^[^。！？?!]{0,16}?(?P<kin>(?:我|俺)(?:家)?(?:的)?(?P<who>" + "|".join(sorted(_KIN_SEX, key=len, reverse=True)) + r"))"
    r"(?=[^。！？?!]{0,4}?(?:在|去|到|给|是|干|做|当|开|跑|送|读|上班|打工|实习)"
    # "我爸 68年5月生 在…干了20年": the relative's birth or age told first
    r"|[ ，,]{1,2}(?:今年)?(?:\d{2}(?:\d{2})?年(?:\d{1,2}月)?(?:生|出生|的)|\d{2}岁|[五六七]十[一二三四五六七八九]?岁))")
_PROXY_ASKS = quick_pattern(r"(?:我|俺)(?:是)?(?:替|帮|给)(?:我|俺)?(?:家)?(?:的)?(?P<for>[^，,。 ]{1,3}?)(?:问|咨询)(?:一下|一哈|问)?(?:的)?[，,。 ]*")
_PRONOUN_SEX = {"她": "female", "他": "male"}


# Someone else named just before a death ("11月老爷子走了"): the person the worker cared for, not the relative
_OTHER_DIED = quick_pattern(r"(?:老爷子|老太太|老人家?|老人|雇主|东家|主家|老板|病人|患者|客户|孩子他爷爷|孩子他奶奶)[^，,。]{0,4}$"
                           r"|(?:说|讲)[^，,。]{0,3}$")  # said by someone ("那家儿子就说人都没了")


# a relative named in the writer's words ("让我姨收拾东西走人"): the relative's fact, not the writer's
_KIN_NAMED = quick_pattern(r"(?:我|俺)(?:家)?(?:的)?(?:" + "|".join(sorted(_KIN_SEX, key=len, reverse=True)) + ")")


def _own_clauses(first: str) -> str:
    """The writer's own words in a message about a relative: the clauses that say 我 once the relative
    is named "她" ("我老公在工地上班 我怀孕五个月了" keeps "我怀孕五个月了"; "组长说 不想干就走" none)."""
    t = _KIN_NAMED.sub("她", standard(first))
    return "，".join(c for c in re.split(r"[，,。；;！!？?\s]+", t) if re.search(r"我|俺|咱", c))


def _relative_died(t: str, after: int) -> bool:
    return any(not _OTHER_DIED.search(t, max(0, m.start() - 8), m.start()) for m in _DIED.finditer(t, after, after + 80))


def for_relative(first: str) -> Proxy | None:
    """The relative a conversation is written for, from its first message, or None."""
    t = standard(first)
    asks = _PROXY_ASKS.search(t)
    t = _PROXY_ASKS.sub("", t)
    m = _PROXY.search(t)
    if m is None and asks is not None and (lead := re.match(r"(?:你好|您好|喂|那个|\s)*(她|他)(?=[^。！？?!]{0,4}?(?:在|是|干|做|当|开|上班))", t)):
        # "我替我姨问一下。她在…做保姆": the relative is "她" from here on
        if _relative_died(t, lead.end()):
            return None
        who = asks.group("for").lstrip("我俺家的")
        return Proxy(lead.group(1), _KIN_SEX.get(who, _PRONOUN_SEX[lead.group(1)]), also=f"我{who}" if who in _KIN_SEX else None)
    if m is None:
        return None
    if _relative_died(t, m.end()):  # the relative died: the writer is the bereaved worker
        return None
    return Proxy(m.group("kin"), _KIN_SEX.get(m.group("who")))


def as_the_worker(text: str, proxy: Proxy) -> str:
    """The message with the relative as its worker: "我妈在…做保洁 她是77年的" reads "我在…做保洁 我是77年的"."""
    t = _PROXY_ASKS.sub("", standard(text))
    t = t.replace(proxy.kin, "我")
    if proxy.also:
        t = t.replace(proxy.also, "我")
    pronoun = proxy.kin if proxy.kin in _PRONOUN_SEX else {"female": "她", "male": "他"}.get(proxy.sex or "")
    return t.replace(pronoun, "我") if pronoun else t


def read(messages: Iterable[str], today: date) -> Profile:
    """The profile told by the worker's messages, oldest first, with what follows from it: the
    age from the birth date, the length of service from the start date, a pregnant worker a
    woman, a placement settled by whether the worker is still enrolled, and no retirement group
    (post) for a man. A plain "在厂里上班" does not undo a more particular relationship told
    earlier (派遣, 实习, 保姆...)."""
    told: dict = {}
    messages = list(messages)
    proxy = for_relative(messages[0]) if messages else None
    if proxy is not None and set(read_one(_own_clauses(messages[0]), today).known()) \
            - {"city", "sex", "settlement_offered", "age", "birth", "family_death", "death_at_work", "survivors"}:
        # her sex ("我老公…") and an offer made to the family are not a matter of her own
        proxy = None  # "我老公在工地上班 我怀孕了 公司辞退我": the writer tells her own matter
    if proxy is not None:  # "我妈在物业公司做保洁…": the matter is the relative's, told in their place
        messages = [as_the_worker(m, proxy) for m in messages]
        told["sex"] = proxy.sex
    for text in messages:
        facts = read_one(text, today).known()  # each later message on top, as Profile.merge does
        if facts.get("relationship") == "employee" and told.get("relationship") not in (None, "employee", "domestic_unclear"):
            del facts["relationship"]
        told.update(facts)
    return _derived(Profile(**told), today)


def _derived(p: Profile, today: date) -> Profile:
    changes: dict = {}
    if p.birth and p.age is None:
        changes["age"] = _full_years(p.birth, today)
    if p.start and p.service_years is None:
        changes["service_years"] = _years_since(p.start, today, month_known=True)
    service = changes.get("service_years", p.service_years)
    if p.prior_years is not None and service is not None and p.total_years is None:
        changes["total_years"] = round(service + p.prior_years, 2)  # the years before and the years here
    if p.pregnancy and p.sex is None:
        changes["sex"] = "female"
    if p.ill and (p.injured_at_work or p.occupational_disease):
        # "住院押金还是俺家垫的" after the injury at work was told: the stay in hospital is the
        # injury's, not an illness with a medical period
        changes["ill"] = None
    if p.relationship in ("intern", "intern_unclear") and p.student is not None:
        changes["relationship"] = "intern" if p.student else "employee"
    if p.post and (changes.get("sex") or p.sex) == "male":
        changes["post"] = None
    elif p.post and p.sex is None:  # a 50/55 retirement post is a woman's ("女工50岁退休")
        changes["sex"] = "female"
    return replace(p, **changes) if changes else p


@lru_cache(maxsize=2048)
def read_one(text: str, today: date) -> Profile:
    """The facts one message states, in its own words; nothing it does not state clearly.
    (Kept for the next turns: the conversation is read again each turn, each message only once.)"""
    s = _Message(standard(text))
    if not s.text:
        return Profile()
    found: dict = {}
    for group in (_work, _person, _service, _contract, _pregnancy, _health, _dismissal, _money, _hours,
                  _death, _city):
        found.update({k: v for k, v in group(s, today).items() if v is not None})
    return Profile(**found)


# ---------------------------------------------------------------------------------------------
# The message, cut into the worker's own pieces and other people's

_PIECE = quick_pattern(r"(?:[，,。!！?？;；、\n~～… ]|\.(?!\d))+")  # standard() leaves single spaces only
# Someone other than the worker, as the subject of a piece ("我老公" is someone else).
_ADULT_ELSE = (r"(?:我的?|我们)?(?:同事|工友|老乡|朋友|室友|舍友|徒弟|老婆|媳妇|妻子|老公|丈夫|爱人|对象|男朋友|女朋友"
               r"|妈妈|母亲|老妈|爸爸|父亲|老爸|姐姐|妹妹|哥哥|弟弟|亲戚|邻居|老伴|孕妇|儿媳妇?|女婿|公公|婆婆|岳父|岳母|侄子|侄女|外甥女?)"
               r"|我的?(?:妈|爸|姐|哥|弟|妹|娘|爹|老娘|老爹|爹娘|爹妈)|老母亲|老父亲|丈母娘|老丈人|婆娘|那口子|孩子他?[爸妈]|(?:有个|有些|一个|几个|那个|这个|别的|其他|其它)(?:员工|职工|工人|女工|人)"
               r"|他们|她们|他|她|别人|(?<![一户这那给在])人家|有人|有个")  # "在一户人家上户": the household, not a person
_CHILD_ELSE = r"(?:我的?)?(?:孩子|儿子|女儿|闺女|宝宝|小孩|娃)"
# The worker: 我 (not "我们厂", which names the workplace), 咱, 本人.
_ME_WORDS = r"我(?!们(?:厂|公司|单位|车间|班组|工地|老板|领导|部门|店|这|那))|咱|本人"
_ME = quick_pattern(_ME_WORDS)
_PERSON = quick_pattern(f"(?P<adult>{_ADULT_ELSE})|(?P<child>{_CHILD_ELSE})|(?P<me>{_ME_WORDS})")
# Words in front of a fact that make it a question or a supposition, not a fact told; and a
# question right after a fact the worker has not said of themselves ("怀孕能辞退吗").
_SUPPOSED = quick_pattern(r"(?:如果|假如|要是|万一|是否|能不能|能否|可不可以|可以|会不会|能|会|该不该|有没有|算不算|是不是|属不属于|够不够"
                          r"|再有[^，,。\s]{0,3}就|再过[^，,。\s]{0,3}就)"
                          r"[^，,。\s]{0,3}$")  # a space ends a clause as a comma does
_ASKED_AFTER = quick_pattern(r"(?:期间|的时候|的话)?(?:公司|单位|老板|厂里)?(?:能不能|能否|可不可以|可以|能|会不会|是否|算不算|怎么)"
                             r"|的?(?:人|员工|职工|工人|人员)(?!家|力|社|事)")
_THEIRS_BEFORE = quick_pattern(r"(?:她|他|老婆|媳妇|妻子|老公|丈夫|同事|工友|别人|人家)的?[^我，,。 ]{0,2}$")
_NEGATED = quick_pattern(r"(?:没有?|未|不是|不|并非|别|无|从来没有?|从没|还没有?|并没有?|也没有?|都没有?)"
                         r"(?:被|给|让|把我|跟我|和我|有|再|曾|过|怎么|我)?$")


_CARING_FOR = quick_pattern(r"(?:给|帮|抱|喂|照顾|带|看|哄|接|送|陪)(?:着)?(?:客户家的?|雇主家的?|主家的?|东家的?)?$")


class _Message:
    """One message in standard form; ``mine`` keeps only the pieces about the worker (the others
    blanked), ``mine_parent`` also keeps pieces about the worker's child (孩子5个月还在喂奶)."""

    def __init__(self, text: str):
        self.text = text
        # a child the worker looks after ("给宝宝洗澡的时候滑了一跤") is no change of whom the story is about
        people = [(m.start(), m.lastgroup) for m in _PERSON.finditer(text)
                  if not (m.lastgroup == "child" and _CARING_FOR.search(text, max(0, m.start() - 3), m.start()))]
        mine, parent, own, own_parent, cursor, i = [], [], True, True, 0, 0
        self.short_pieces: set[str] = set()  # a piece of a word or two ("女的")
        for piece in [*_PIECE.finditer(text), None]:
            end = piece.start() if piece else len(text)
            if end > cursor:
                named = set()
                while i < len(people) and people[i][0] < end:
                    named.add(people[i][1])
                    i += 1
                me = "me" in named
                chunk, blank = text[cursor:end], "，" * (end - cursor)
                # "老乡介绍的", "亲戚帮忙找的": someone else named in an aside about the worker; the
                # pieces after it are still the worker's own
                aside = "adult" in named and not me and len(chunk) <= 8 and chunk.endswith("的")
                if aside:
                    mine.append(blank)
                    parent.append(blank)
                else:
                    own = me if named & {"adult", "child"} else own or me
                    own_parent = me if "adult" in named else own_parent or me
                    mine.append(chunk if own else blank)
                    parent.append(chunk if own_parent else blank)
                if end - cursor <= 3:
                    self.short_pieces.add(chunk)
            if piece:
                mine.append(piece.group())
                parent.append(piece.group())
                cursor = piece.end()
        self.mine, self.mine_parent = "".join(mine), "".join(parent)
        self.hours_per_day = _daily_hours(self.mine)

    def mentions(self, chars: str) -> bool:
        """Does the worker's own text have any of these characters? (A quick test before reading
        a group of facts whose every word has one of them.)"""
        return any(c in self.mine_parent for c in chars)


def _negated(t: str, start: int) -> bool:
    return bool(_NEGATED.search(t, max(0, start - 6), start))


def _supposed(t: str, start: int, end: int | None = None) -> bool:
    if _SUPPOSED.search(t, max(0, start - 8), start):
        return True
    return end is not None and bool(_ASKED_AFTER.match(t, end)) and not _ME.search(t, max(0, start - 4), start)


def _as_fact(t: str, m: re.Match) -> bool | None:
    """True when the words found are said as the worker's fact, False when said with a negation
    ("没怀孕", "不是学生"), None when asked about or said right after someone else ("陪她产检")."""
    if _negated(t, m.start()):
        return False
    if _supposed(t, m.start(), m.end()) or _THEIRS_BEFORE.search(t, max(0, m.start() - 5), m.start()):
        return None
    return True


def _said(pattern: re.Pattern, t: str) -> re.Match | None:
    """The first place ``pattern`` is said as a fact of the worker's."""
    return next((m for m in pattern.finditer(t) if _as_fact(t, m)), None)


def _told(pattern: re.Pattern, t: str) -> bool | None:
    """True when ``pattern`` is said as a fact, False when it is only said negated, None when neither."""
    denied = None
    for m in pattern.finditer(t):
        if (fact := _as_fact(t, m)) is True:
            return True
        denied = False if fact is False else denied
    return denied


def _yes_no(yes: re.Pattern, no: re.Pattern, t: str) -> bool | None:
    """False when a "no" phrase (or a negated "yes") is said, else True when "yes" is said."""
    return False if _said(no, t) else _told(yes, t)


# ---------------------------------------------------------------------------------------------
# Who hires the worker: relationship, pension, student

_DOMESTIC = quick_pattern(r"保姆|育儿嫂|月嫂|护工|钟点工|住家阿姨|家政(?:工|员|阿姨|服务员)|做家务"
                          r"|(?:给|在)(?:人家|别人家|雇主家|私人家|客户家)(?:里)?(?:做|干|当)(?:保洁|家务|卫生|清洁)")
_HIRED_BY_FAMILY = quick_pattern(
    r"雇主家|东家|主家|老板家|业主家|(?:人家|他们|他|她)家里?(?:直接|自己)?(?:请|雇|找)|家里(?:直接|自己)?(?:请|雇|找)的"
    r"|私人(?:请|雇|找)|个人(?:请|雇)|(?:闺女|儿子|女儿|子女|家属|家人|儿女)[^，,。]{0,6}(?:请|雇|找)的|(?:雇主|东家|人家|主人家)(?:直接|自己)(?:请|雇|找)|直接(?:跟|和)雇主"
    r"|(?:雇主|东家|主家)(?:直接|自己)?(?:付|给|发|打)(?:我)?(?:发|付|打)?(?:的)?(?:工资|工钱|钱)"
    r"|直接(?:去|到|在)(?:他|她|人家|雇主|东家)家|(?:没|没有|不是)(?:通过|经过|经|走|找)(?:的)?(?:家政)?(?:公司|中介)"
    # "老太太的儿子直接雇的我", "他们直接跟我谈的", "给一家人做钟点工"
    r"|(?:他|她|老太太|老人|老爷子|老人家|雇主|人家)的?(?:儿子|女儿|子女|儿女|家人|孩子)(?:直接|自己)?(?:请|雇|找)(?:的)?我"
    r"|直接(?:同|跟|和)我(?:倾|谈|讲|说|定)(?:的|好)?|(?:给|帮|替|在)(?:一|这|那|个)?(?:户|家)(?:人家|人)(?:家里)?(?:做|干|当|带|看)"
)
_AGENCY = quick_pattern(r"(?:家政|护工|保洁|月嫂|陪护)公司(?:派|安排|签|交|发|给我|的员工|员工|上班|招)|(?:签|跟|和|给)(?:的是|的|了)?(?:家政|护工|陪护)公司|员工制"
                        r"|公司派(?:我)?(?:去|过去|到)[^，,。]{0,6}家")
_INTERN = quick_pattern(r"实习|顶岗|见习")
_STILL_ENROLLED = quick_pattern(r"(?:还|都)?(?:没有?|未)(?:毕业|拿到毕业证|拿毕业证|拿到证)|毕业证(?:还)?(?:没|没有)(?:拿|发|下来)")
_GRADUATED = quick_pattern(r"毕业了|已经毕业|(?:拿了|拿到了?|有了?|拿的|领了|领的)毕业证|毕业证(?:已经)?(?:拿了|领了)|毕业证(?:拿到|下来|发了)|刚毕业|毕业(?:之后|以后|后)|毕业的")
_STUDENT = quick_pattern(r"在校|在读|学校(?:安排|派|介绍|统一|组织|推荐|让|叫|搞)|(?<![0-9])[一二三]年级|(?:才|刚)入(?:的)?学|(?:中职|职校|技校|职高|高职|中专|大专|卫校|高中)[一二三四]年级|老师(?:安排|带)|读大[一二三四]|大[一二三四](?:的|学生|在读|了|那年)?(?![学楼门哥姐夫妈爷])"
                         r"|研[一二三](?:的|学生)?|读研|(?:上|读)(?:大学|大专|高职|职高|技校|中专|中职|职校|卫校)|学生"
                         r"|还在上学|还在读书|(?:中专|职校|技校|职高|高职|卫校)(?:生|的学生|在读)|暑假工|寒假工"
                         # "技校 16岁 中介介绍去…实习": the school named with a schoolchild's age
                         r"|(?:技校|职校|中职|中专|职高|卫校)[\s，,]*(?:1[4-9]|十[四五六七八九])\s*岁")
_NOT_RETIRED = quick_pattern(r"(?:还)?(?:没有?|未)(?:到|办|办理|去办)?退休|退不了休|还没退|(?:没|不)到退休年龄|快(?:要)?退休|要退休了|马上(?:就)?退休"
                             r"|离退休还|(?:没有?|没领|领不了|拿不到)(?:退休金|养老金|退休工资)")
_PENSION = quick_pattern(r"(?:领|拿|在领|开始领|每月领)(?:了|着)?(?:退休金|养老金|退休工资)|(?:每个?月|一个月)领[^，,。]{0,6}(?:退休金|养老金|退休工资)|从[^，,。]{0,8}退休的|(?:退休金|养老金|退休工资)(?:每月|一个月|每个月|有)"
                         r"|已经退休|(?<![迟长前内要快能该后到])退休了|退了休|办(?:了|完|好)退休"
                         r"|退休(?:在家|人员)|是退休的")
_REHIRED = quick_pattern(r"返聘|又(?:出来)?(?:找了|干|做|上班|打工)|出来(?:打工|干活|找活|上班)|继续(?:干|上班|工作|做)"
                         r"|当保安|做保安|看大门|打零工|上班|干活|打工|在[^，,。]{0,10}(?:厂|公司|单位|小区|工地|超市|医院|酒店|物业|饭店|食堂)")
_REHIRED_WORD = quick_pattern(r"返聘")
_PLATFORM = quick_pattern(r"外卖(?:骑手|小哥|员)|(?:送|跑)外卖|骑手|众包|专送|网约车|(?:开|跑)(?:滴滴|快车|货拉拉)|(?:滴滴|货拉拉|快狗|运满满|曹操)司机"
                          r"|跑腿|闪送|代驾|主播|直播带货")
# A courier is a platform worker unless a company employs them ("在物流公司当快递员").
_COURIER = quick_pattern(r"快递员|快递小哥|(?:送|跑)快递")
_TURNED_INTO = quick_pattern(r"(?:转成|转为|改成|改为|变成|注册成?)[^，,。]{0,2}$")  # "公司要把我们转成众包"
_DISPATCHED = quick_pattern(r"劳务派遣|派遣|劳务公司|外包公司(?:派|签|招)|外包(?:派|过去|到)|人力(?:资源)?公司(?:派|签|招)")
_SHOP = quick_pattern(r"洗车|店|厂|餐馆|饭馆|饭店|酒店|公司|超市|商场|食堂|车间|仓库|工地|网吧|影院|健身房")
_HOME_WORK = quick_pattern(r"家务|雇主|东家|主家|人家家|他家|她家|老人|做饭|带孩子|保洁阿姨|打扫卫生")
_PART_TIME = quick_pattern(r"非全日制|小时工(?!资)|按小时(?:算|结|计|给)")  # not "扣一小时工资"
_SIDE_JOB = quick_pattern(r"兼职")
_EMPLOYED = quick_pattern(
    r"在[^，,。]{0,14}?(?:厂|公司|单位|集团|企业|酒店|饭店|餐厅|超市|商场|医院|物业|工地|门店|店|学校|银行|食堂|车间)"
    r"(?:里|上)?(?:上班|干|做|工作|打工|当|上了)|入职|进厂|签了(?:劳动)?合同|正式工|合同工|正式员工"
    r"|我们(?:厂|公司|单位)|厂里(?:干|上班|做|上了)|(?:厂里|公司|单位)(?:直接)?(?:招|聘)(?:的|进来)"
    r"|(?:网点|站点)(?:的)?(?:老板|负责人|站长)?(?:直接)?(?:招|聘|雇)(?:的|我)"
    # a business pays or rosters the worker: "工资一直是火锅店的会计转给我的 店里排班表上也有我的名字"
    r"|(?:店|饭店|餐馆|公司|厂|酒店|单位)(?:里)?(?:的)?(?:会计|财务|出纳|老板)?(?:转|发|打)(?:给)?我|(?:店里|公司|厂里|单位)(?:的)?排班(?:表)?上(?:也)?有我"
)


_MANAGED = quick_pattern(r"必须(?:到|在|准时|按时)|(?:投诉|迟到|早退|拒单|差评)(?:一次|一个)?(?:要)?(?:罚|扣)|打卡|考勤|(?:开|参加)(?:早会|晚会|例会)|排班|不准(?:下线|请假|拒单)|底薪|保底(?:工资)?"
                         r"|迟到(?:要)?(?:扣|罚)|拒单(?:要)?(?:罚|扣)|账号是公司|公司(?:注册|申请)的(?:账号)?|工牌|穿(?:工服|工装)")


_FIRST_YEAR = quick_pattern(r"(?<![0-9])一年级|大一|高一|(?:才|刚)入(?:的)?学|开学(?:才|没)(?:两|几|一|三)个?月")
_NON_LABOUR_PAPER = quick_pattern(r"承包协议|合作协议|承揽协议|劳务协议|加盟协议|个体工商户|个体户|服务协议")


def _platform(t: str) -> bool:
    return any(not _negated(t, m.start()) and not _TURNED_INTO.search(t, max(0, m.start() - 6), m.start())
               for m in _PLATFORM.finditer(t))


def _work(s: _Message, today: date) -> dict:
    t = s.mine
    student = True if _said(_STILL_ENROLLED, t) else False if _said(_GRADUATED, t) else _told(_STUDENT, t)
    pension = False if _said(_NOT_RETIRED, t) else True if _said(_PENSION, t) else None
    hours = s.hours_per_day
    domestic = _said(_DOMESTIC, t)
    hourly = bool(domestic and domestic.group() == "钟点工" and _said(_SHOP, t) and not _said(_HOME_WORK, t))
    if hourly:
        domestic = None  # "洗车行 钟点工": paid by the hour in a business, not a family's home help
    # who hired a domestic worker is told of the family: "是他家里直接请的"
    family, agency = _said(_HIRED_BY_FAMILY, s.text if domestic else t), _said(_AGENCY, s.text if domestic else t)
    employed = _said(_EMPLOYED, t)
    if agency and (domestic or "保洁公司" not in agency.group()):  # not an office cleaner's company
        relationship = "household_agency"
    elif family and (domestic or not employed):
        relationship = "household"
    elif domestic:
        relationship = "domestic_unclear"
    elif _said(_INTERN, t):
        relationship = {True: "intern", False: "employee", None: "intern_unclear"}[student]
    elif _said(_REHIRED_WORD, t) or (pension and _said(_REHIRED, t)):
        relationship = "retired_rehire"
    elif _platform(t) or (_said(_COURIER, t) and not employed):
        relationship = "platform"
    elif _said(_DISPATCHED, t):
        relationship = "dispatched"
    elif hourly or _said(_PART_TIME, t) or (_said(_SIDE_JOB, t) and hours is not None and hours <= 4):
        relationship = "part_time"
    elif employed and not student:
        relationship = "employee"
    else:
        relationship = None
    # two signs at least of being managed as an employee is ("每天2点到10点必须在公司直播间开播 迟到扣钱 底薪4000")
    managed = True if len({m.group() for m in _MANAGED.finditer(t)}) >= 2 else None
    paper = True if _said(_NON_LABOUR_PAPER, t) else None
    first_year = True if _said(_FIRST_YEAR, t) else None
    return {"relationship": relationship, "student": student, "pension": pension, "managed": managed,
            "non_labour_paper": paper, "first_year": first_year}


# ---------------------------------------------------------------------------------------------
# Who the worker is: sex, post, birth, age

# "我是女的", and the sex told after a birth date or an age ("我69年出生的女的", "我今年52岁 女")
_AGE_SAID = r"(?:出生|生)的?|\d{2}岁|[一二三四五六七八九十]{2,3}岁|\d{2}年的?"
_FEMALE = quick_pattern(r"我(?:是|一个|们)?(?:个)?(?:女的|女人|女同志|女职工|女工|女生|妇女)|宝妈|我(?:是|一个|这)[^，,。]{0,6}大姐"
                        r"|(?:" + _AGE_SAID + r")[,，\s]?(?:是)?(?:个)?(?:女的|女同志|女职工|女工|女)(?![儿孩朋同事友])"
                        r"|我是[^，,。！？]{0,14}的(?:女职工|女工|女同志|女的)"  # "我是鞍山一家厂的女职工"
                        r"|(?:原来|本来|原先|按)(?:是)?(?:50|55|五十|五十五)(?:周)?岁(?:退|那一?档|那种|的档)"  # only women's retirement ages
                        r"|(?:50|五十|55|五十五)(?:周)?岁?了?[^，,。0-9]{0,2}(?:到|够|满)(?:了)?退休(?:年龄|年纪|的年龄)?"  # "50了到退休年龄了"
                        r"|退休[^。0-9]{0,12}满(?:了)?(?:50|55|五十|五十五)(?![0-9])")  # "办退休手续，说我满55了"
_MALE = quick_pattern(r"我(?:是|一个|们)?(?:个)?(?:男的|大男人|男同志|男职工|老爷们|爷们)|我(?:是|一个)(?:个)?男人"
                      r"|我是[^，,。！？]{0,14}的(?:男职工|男工|男同志|男的)"
                      r"|(?:" + _AGE_SAID + r")[,，\s]?(?:是)?(?:个)?(?:男的|男同志|男职工|男)(?![儿孩朋同事友])")
_SEX_ALONE = {"女": "female", "女的": "female", "女性": "female", "男": "male", "男的": "male", "男性": "male"}
_SPOUSE = quick_pattern(r"老公|丈夫|老婆|媳妇|妻子")
_HUSBAND = quick_pattern(r"我(?:家|家的|家那个|那口子)?男人(?!们)|我家那口子是个?男|当家的")
# Before a spouse word: someone else's spouse (她老公, 同事的老婆), or not a spouse (大丈夫, 儿媳妇).
_NOT_OWN_SPOUSE = quick_pattern(r"(?:[她他你的大儿侄孙]|同事|朋友|人家|别人)$")
_WORKER_POST = quick_pattern(r"生产线|流水线|车间|工人岗|工人身份|普工|操作工|一线|工人编制|(?:是|当|做)工人|装配工|包装工|纺织工"
                             r"|(?:原来|本来|原先|按)?(?:是)?(?:50|五十)(?:周)?岁退(?:休)?"
                             r"|(?:50|五十)(?:周)?岁?了?[^，,。0-9]{0,2}(?:到|够|满)(?:了)?退休(?:年龄|年纪|的年龄)?"
                             r"|退休[^。0-9]{0,12}满(?:了)?(?:50|五十)(?![0-9])")
# A staff post is the worker's own ("我做会计", "干部身份"), not a boss who speaks ("主管说...").
_STAFF_POST = quick_pattern(r"(?:做|当|是|在|干)[^，,。]{0,3}(?:管理岗|管理人员|干部|技术岗|技术员|工程师|会计|出纳|文员|行政|财务|科员|办公室|人事)"
                            r"|(?:干部|管理岗|技术岗)身份|(?:原来|本来|原先|按)?(?:是)?(?:55|五十五)(?:周)?岁退(?:休)?"
                            r"|(?:55|五十五)(?:周)?岁?了?[^，,。0-9]{0,2}(?:到|够|满)(?:了)?退休|退休[^。0-9]{0,12}满(?:了)?(?:55|五十五)(?![0-9])")
_CN_DIGIT = "零〇一二三四五六七八九"
_BIRTH = quick_pattern(
    rf"(?<![0-9了满近快干做有第过前后去今明])(?P<y>(?:19|20)[0-9]{{2}}|[0-9]{{2}}|[{_CN_DIGIT}]{{4}}|[{_CN_DIGIT}]{{2}})\s*年"
    r"\s*(?:(?P<m>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?\s*(?:[0-9]{1,2}\s*[号日])?)?"
    r"\s*(?:出生|生的|生人|出世|生(?![产病孩日意活])|的(?=$|[，,。\s!！?？]|人|老|女|男|属|今年|现在)|人(?=$|[，,。\s]))"
)
_BORN_IN = quick_pattern(r"出生(?:于|在|是)?\s*(?P<y>(?:19|20)[0-9]{2})\s*年(?:\s*(?P<m>[0-9]{1,2})\s*月)?")
_AGE = quick_pattern(r"(?P<n>[0-9]{2}|[一二三四五六七八九]?十[一二三四五六七八九]?)\s*(?:周)?岁")
_AGE_NOW = quick_pattern(r"今年(?:都|已经|才)?\s*(?P<n>[0-9]{2}|[一二三四五六七八九]?十[一二三四五六七八九]?)\s*(?:岁|周岁)?\s*(?:了|$|(?=[，,。\s]))")
_AGE_BARE = quick_pattern(r"(?:^|(?<=[\s，,。]))(?:我|俺)?(?:都|已经)?(?P<n>[4-7][0-9])\s*(?:了|啦)(?=[\s，,。]|$)")  # "58了 合同年底到期"
_NOT_OWN_AGE_BEFORE = quick_pattern(r"(?:快|将近|不到|超过|过了|差|近|到了?|等到|满了?|孩子|儿子|女儿|娃|宝宝|小孩|他|她|妈|爸)[^，,。]{0,2}$")
_NOT_OWN_AGE_AFTER = quick_pattern(r"\s*(?:以上|以下|以后|之前|前|后|左右|就|才|的时候|那年|多|退休|退)")


def _person(s: _Message, today: date) -> dict:
    t = s.text
    told = {_SEX_ALONE[piece] for piece in s.short_pieces & _SEX_ALONE.keys()}
    told |= {"female" if m.group() in ("老公", "丈夫") else "male" for m in _SPOUSE.finditer(t)
             if not _NOT_OWN_SPOUSE.search(t, max(0, m.start() - 2), m.start())}
    if _HUSBAND.search(t):  # "俺男人", "我家男人": her husband
        told.add("female")
    if _FEMALE.search(t):
        told.add("female")
    if _MALE.search(t):
        told.add("male")
    sex = told.pop() if len(told) == 1 else None
    post = None
    if sex != "male":
        worker, staff = _said(_WORKER_POST, s.mine), _said(_STAFF_POST, s.mine)
        post = None if bool(worker) == bool(staff) else "worker" if worker else "staff"
    return {"sex": sex, "post": post, "birth": _birth(s.mine, today), "age": _age(s.mine)}


def _birth(t: str, today: date) -> date | None:
    for m in [*_BIRTH.finditer(t), *_BORN_IN.finditer(t)]:
        if _negated(t, m.start()):
            continue
        digits = m.group("y").translate(TO_ARABIC)
        year = int(digits)
        if len(digits) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        month = whole_number(m.group("m")) if m.group("m") else 1
        if month and 1 <= month <= 12 and 14 <= today.year - year <= 90:
            return date(year, month, 1)
    return None


_AGE_REACHED = quick_pattern(r"(?:刚|刚刚|已经|今年|才|都)满\s*(?P<n>[0-9]{2}|[一二三四五六七八九]?十[一二三四五六七八九]?)\s*(?:周)?岁?"
                             r"(?![0-9年个月天号块元万千])")  # "刚满60": the worker's age


def _age(t: str) -> int | None:
    for m in [*_AGE_NOW.finditer(t), *_AGE_REACHED.finditer(t), *_AGE.finditer(t), *_AGE_BARE.finditer(t)]:
        if m.re not in (_AGE_REACHED, _AGE_BARE) and _NOT_OWN_AGE_BEFORE.search(t, max(0, m.start() - 4), m.start()):
            continue
        if m.re is _AGE and _NOT_OWN_AGE_AFTER.match(t, m.end()):  # "50岁退休" is a rule, not an age
            continue
        n = whole_number(m.group("n"))
        if n is not None and 14 <= n <= 90:
            return n
    return None


# ---------------------------------------------------------------------------------------------
# How long: service with this employer, all working years, the start date

_LEN = r"[0-9一二两三四五六七八九十几半]+\s*(?:个)?\s*(?:多)?\s*(?:年|月)(?:多|半)?(?:\s*(?:零|又)?\s*[0-9一二两三四五六七八九十半]+\s*个\s*(?:多)?\s*月)?"
_CAREER = quick_pattern(rf"(?:工龄|参加工作|(?:总共|一共|前后|加起来|这辈子)(?:干了|做了|工作了|打了)|打工|加起来)\s*(?:有|是|都|已经|快|了|一共|总共|算下来)*\s*(?P<len>{_LEN})")
_PRIOR = quick_pattern(rf"(?:之前|以前|原来|早先|进来前|来这之前)[^，,。]{{0,12}}?(?:干过|做过|上过班|工作过|打过工|(?:也)?(?:干了|做了))\s*(?P<len>{_LEN})")
_NTH_DAY = quick_pattern(r"(?:入职|上班|进厂|干到)第\s*(?P<n>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})\s*天")
_PREGNANT_FOR = quick_pattern(r"(?:怀孕|怀上|怀了|怀起)[^。]{0,12}?(?:快|已经|都)?\s*[0-9一二两三四五六七八九十]+\s*个?\s*(?:半|多)?\s*(?:个)?\s*(?:月|周)")
_SERVICE_HERE = "|".join(c for c in SERVICE_CUES.split("|") if c != "工龄") + \
    r"|(?:干|做|上班|工作|进厂|进的厂|入厂|进矿|来厂)(?=\s*(?:都|已经|有|快)?\s*[0-9一二两三四五六七八九十半]+\s*(?:个)?\s*(?:多)?\s*(?:年|月))"
_MONTH = r"[0-9]{1,2}|十[一二]?|[一二三四五六七八九]"
# A start is found by its verb (进厂, 入职...), then the date just before it.
_START_CUE = quick_pattern(r"进的?厂|入的?厂|进(?:的|了)?(?:这个|这家)?(?:公司|单位|厂|工厂|店|医院|学校|工地|仓库|酒店|超市)|入的?职|来的(?:这|厂|公司)|来(?:这|厂里|公司)(?:上班|干)"
                           r"|开始(?:在(?:这|那)(?:儿|里)?)?(?:干|上班|做)|上的班|进来的|参加工作"
                           # "2022年12月进的牧场", "打90年就在这干"
                           r"|进的(?:[^\s，,。0-9]{1,3})(?=[\s，,。]|$)|(?<=就)在这(?:儿|里)?(?:干|上班|做)"
                           r"|(?<=[号日])上的(?:[^\s，,。0-9]{1,3})(?=[\s，,。]|$)"  # "2026年2月16号上的风机"
                           r"|(?:干|做|上班)到现在|进的(?=[\s，,。]|$)")  # "从2009年干到现在", "2023年3月进的。"
_START_WHEN = quick_pattern(
    rf"(?:(?P<y>(?<![0-9])(?:19|20)[0-9]{{2}}|(?<![0-9])[0-9]{{2}})年|(?P<ry>大前年|前年|去年|今年))?\s*"
    rf"(?:(?P<m>{_MONTH})\s*月份?\s*(?:(?P<d>[0-9]{{1,2}})\s*[号日])?)?\s*(?:的时候|就|开始)?\s*$"
)
_YEAR_WORDS = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0}


def _service(s: _Message, today: date) -> dict:
    t = _PREGNANT_FOR.sub(lambda m: "，" * len(m.group()), s.mine)  # "怀孕 现在快5个月了" is no service
    found: dict = {}
    if prior := _PRIOR.search(t):
        d = parsing.parse_duration(prior.group("len"), today=today)
        if d is not None:
            found["prior_years"] = _years(d.months)
        t = t[:prior.start()] + "，" + t[prior.end():]
    if career := _CAREER.search(t):
        d = parsing.parse_duration(career.group("len"), today=today)
        found["total_years"] = _years(d.months) if d else None
        t = t[:career.start()] + "，" + t[career.end():]
    for cue in _START_CUE.finditer(t):
        m = _START_WHEN.search(t, max(0, cue.start() - 16), cue.start())
        if not m or not (m.group("y") or m.group("ry") or m.group("m")) or _negated(t, m.start()):
            continue
        start, month_known = _start_date(m, today)
        if start is None or start > today:
            continue
        if cue.group() == "参加工作":
            found.setdefault("total_years", _years_since(start, today, month_known))
        else:
            found["start"], found["service_years"] = start, _years_since(start, today, month_known)
        break
    if "service_years" not in found and (m := _NTH_DAY.search(t)):  # "入职第50天"
        days = whole_number(m.group("n"))
        if days:
            found["service_years"] = round(days / 365, 2)
    if "service_years" not in found and (months := service_months(t, today, cues=_SERVICE_HERE)) is not None:
        found["service_years"] = _years(months)
    return found


def _start_date(m: re.Match, today: date) -> tuple[date | None, bool]:
    """The start a _START_WHEN match names, and whether its month is known."""
    if m.group("y"):
        year = int(m.group("y"))
        year += 0 if year >= 100 else 2000 if year <= today.year % 100 else 1900
    else:
        year = today.year + _YEAR_WORDS[m.group("ry")] if m.group("ry") else None
    month = whole_number(m.group("m")) if m.group("m") else None
    if month is None:
        return (date(year, 1, 1), False) if year else (None, False)
    if not 1 <= month <= 12:
        return None, False
    if year is None:  # "3月份进厂": this year's March, or last year's when that is still to come
        year = today.year if month <= today.month else today.year - 1
    day = int(m.group("d")) if m.group("d") else 1
    try:
        return date(year, month, day), True
    except ValueError:
        return None, False


def _years(months: float) -> float:
    return round(months / 12, 2)


def _full_years(since: date, today: date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def _years_since(start: date, today: date, month_known: bool) -> float:
    """Years from ``start`` to today; a start told by its year only counts calendar years."""
    if not month_known:
        return float(today.year - start.year)
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return _years(max(months, 0))


# ---------------------------------------------------------------------------------------------
# The contract: written or not, its end, probation, months without one

_NO_CONTRACT = quick_pattern(
    r"(?:没有?|未|不给|不肯|不跟我|不和我|从来没|一直没|都没|也没)\s*(?:跟我|和我|给我|帮我)?\s*(?:签|订)(?:过|订)?\s*(?:劳动)?合同"
    r"|合同\s*(?:都|也|一直|从来|根本)?\s*(?:没有?|未|不给)\s*(?:签|订)|(?:没有?|无)\s*(?:劳动)?合同"
)
_OPEN_ENDED = quick_pattern(r"无固定期限|长期合同|签到退休")
_FIXED = quick_pattern(r"签了?\s*[0-9一二两三四五六七八九十]+\s*年(?:的)?\s*(?:劳动)?合同|[0-9一二两三四五六七八九十]+\s*年(?:的)?\s*合同"
                       r"|固定期限|合同\s*(?:已经|快|马上|就要)?到期|合同期|到期不续")
_WRITTEN = quick_pattern(r"签了\s*(?:劳动)?合同|签过\s*(?:劳动)?合同|有\s*(?:劳动)?合同|合同\s*(?:是|都|也)?签了|签的\s*(?:劳动)?合同")
_CONTRACT_END = quick_pattern(r"合同\s*(?:是|签)?\s*(?:到|至)?\s*(?P<when>[^，,。]{1,12}?)\s*(?:到期|结束|满)"
                              r"|合同\s*(?:签)?\s*(?:到|至)\s*(?P<until>[^，,。]{1,12})")
_MONTH_END = quick_pattern(r"(?P<ry>今年|明年|去年)?\s*(?:(?P<m>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月)?\s*(?:底|末)")
# On probation now: "还在试用期", "试用期第二个月就被辞退" (not "试用期三个月", the terms offered).
_ON_PROBATION = quick_pattern(r"(?:还|正|刚|都)?在试用期|试用期(?:内|间|里|期间|中|还没(?:过|满|结束)|没过|第|就被|被|刚|才|还有)|试用期的时候")
_NO_PROBATION = quick_pattern(r"(?:没有|没|不是|不算)\s*试用期")
_PAST_PROBATION = quick_pattern(r"过了试用期(?![给就再才会能])|试用期\s*(?:已经)?(?:过了|满了|结束了?)|试用期满|(?:已经|早就)?转正了?|转了正")


def _contract(s: _Message, today: date) -> dict:
    t = s.mine
    found: dict = {}
    if not s.mentions("合试转"):
        return found
    if _said(_NO_CONTRACT, t) or re.search(r"合同[^，,。]{0,6}(?:没|没有|未)签", t):
        found["contract"] = "none"
        months = unsigned_months(t, today) or service_months(t, today, cues=_SERVICE_HERE)
        found["no_contract_months"] = int(months + 0.5) if months else None
    elif _said(_OPEN_ENDED, t):
        found["contract"] = "open_ended"
    elif _said(_FIXED, t):
        found["contract"] = "fixed"
    elif _said(_WRITTEN, t):
        found["contract"] = "written"
    if found.get("contract") != "none" and (m := _CONTRACT_END.search(t)):
        end = _date_told(m.group("when") or m.group("until"), today)
        if end is not None:
            found["contract_end"] = end
            if found.get("contract") in (None, "written"):
                found["contract"] = "fixed"
    found["probation"] = False if _said(_PAST_PROBATION, t) or _said(_NO_PROBATION, t) else \
        True if _said(_ON_PROBATION, t) else None
    return found


def _date_told(words: str, today: date) -> date | None:
    """A date in the worker's words; "年底"/"月底" is that month's last day."""
    if m := _MONTH_END.search(words):
        year = today.year + {"明年": 1, "去年": -1}.get(m.group("ry") or "", 0)
        month = whole_number(m.group("m")) if m.group("m") else (12 if "年" in words else today.month)
        if month and 1 <= month <= 12:
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
    return parsing.parse_date(words, today=today)


# ---------------------------------------------------------------------------------------------
# Pregnancy and birth

_MISCARRIAGE = quick_pattern(r"流产|小产|胎停|(?:孩子|胎儿|宝宝)没(?:有)?保住|清宫")
_ON_LEAVE = quick_pattern(r"(?:在|正在)休产假|产假(?:期间|中|里|还没(?:休完|结束))|坐月子|月子(?:里|期间|中|还没)")
_NURSING = quick_pattern(r"哺乳期|哺乳假|哺乳时间|哺乳的时间|哺乳室|喂奶|背奶|吸奶|母乳|喂母乳"
                         # back at work after the maternity leave, or a baby born this year: within the nursing year
                         r"|产假(?:休完)?回来|休完产假(?:回来|上班|回去)|(?:宝宝|孩子|小孩|娃)(?:是)?今年[0-9一二三四五六七八九十]{1,2}月份?(?:出生|生)")
_NURSING_OVER = quick_pattern(r"(?:过了|出了)哺乳期|哺乳期(?:已经)?(?:过了|结束)|断奶了")
_GAVE_BIRTH = quick_pattern(r"(?<!生孩子)(?<!要)(?<!等)(?<!到时)(?<!以后)休产假(?!那|的时候|期间|的话|时|以后)|生完(?:孩子|宝宝)?|刚生(?:了|完)?|生了(?:孩子|宝宝|个|一对|对|双胞胎|龙凤胎|三胞胎)|剖腹产|剖宫产|顺产|难产")
_PREGNANT = quick_pattern(r"怀孕|怀了|怀上|怀起|有了(?:身孕|孩子|宝宝|娃|小孩)|有喜|身孕|孕\s*[0-9一二两三四五六七八九十]+\s*(?:周|个月)|孕期|孕早期|孕晚期"
                          r"|怀娃|大肚子|挺着肚子|保胎|产检|预产期|快(?:要)?生了|要生了")
_LEAVE_OVER = quick_pattern(r"休完产假|修完产假|产假(?:休完|修完|结束|回来)")
_GENERIC_PREGNANT = quick_pattern(r"怀孕(?:的)?(?:员工|职工|女工|女职工|女性|妇女|人)|孕妇")


def _pregnancy(s: _Message, today: date) -> dict:
    t = s.mine_parent
    if not s.mentions("孕怀产哺奶母流胎宫保生喜肚宝娃孩"):
        return {}
    if _said(_MISCARRIAGE, t):
        state = "miscarriage"
    elif _said(_ON_LEAVE, t):
        state = "maternity"
    elif _said(_NURSING, t) and not _said(_NURSING_OVER, t):
        state = "breastfeeding"
    elif (m := _said(_GAVE_BIRTH, t)) and not _LEAVE_OVER.match(t, m.start()):
        state = "maternity"
    elif (m := _said(_PREGNANT, t)) and not _GENERIC_PREGNANT.match(t, m.start()):
        state = "pregnant"
    else:
        state = None
    child_born = next((when for m in _CHILD_BORN.finditer(t)
                       if (when := parsing.parse_date(m.group("when"), today=today)) is not None
                       and today - timedelta(days=800) <= when <= today), None)
    if child_born is not None and state is None and (today - child_born).days < 366:
        state = "breastfeeding"  # "我孩子是2026年4月10日出生的": in the nursing year
    babies = next((n for words, n in _MULTIPLE if words.search(t) and not _negated(t, words.search(t).start())), None)
    months = None
    if state in ("pregnant", "miscarriage") and (m := _GESTATION.search(t)):
        n = whole_number(m.group("n"))
        if n:
            months = round(n / 4.345, 1) if m.group("unit") == "周" else n + (0.5 if m.group("half") else 0)
    return {"pregnancy": state, "babies": babies, "child_born": child_born, "pregnant_months": months,
            "difficult_birth": True if (m := _said(_DIFFICULT_BIRTH, t)) and not _supposed(t, m.start(), m.end()) else None}


# "怀孕七个半月", "怀起五个月了", "孕11周", "怀孕11周流产"
_GESTATION = quick_pattern(r"(?:怀孕|怀了|怀起|怀上|有了|孕)(?:都|已经|快|刚)?\s*(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*"
                           r"(?:(?P<unit>周)|个?(?P<half>半)?(?:多)?(?:个)?月)")
_CHILD_BORN = quick_pattern(r"(?:孩子|宝宝|娃|小孩|儿子|女儿|闺女|宝)(?:是)?\s*(?P<when>[0-9一二三四五六七八九十今去年月号日\s]{3,14}?)\s*(?:出生|生的|生)")
# "生了一对双胞胎", "龙凤胎", "三胞胎": the leave and the nursing hour grow with each baby
_MULTIPLE = ((quick_pattern(r"四胞胎"), 4), (quick_pattern(r"三胞胎"), 3), (quick_pattern(r"双胞胎|双胎|龙凤胎|双生|一对(?:儿子|女儿|宝宝)"), 2))
_DIFFICULT_BIRTH = quick_pattern(r"难产")


# ---------------------------------------------------------------------------------------------
# Injury and illness

# Where and doing what an injury happened: told before it ("在车间被机器压断"); a machine may
# also be named after it ("手被压断了 在冲床上").
_AT_WORK = quick_pattern(r"厂里|车间|工地|仓库|后厨|店里|干活|上班|工作(?:时|中|的时候)|施工|操作|搬货|搬东西|装货|卸货|分拣|理货|拣货"
                         r"|送货|送餐|送外卖|送单|跑单|接单|配送|送件|派件|(?:推|上|下|送|备|拉|配|切)料|在单位|在公司|在岗|出差|上下班路上|下班路上"
                         # "修楼道灯时", "擦玻璃的时候": a job being done when it happened
                         r"|(?:修|装|拆|焊|砌|刷|擦|扫|清洗|打扫|维修|检修|安装|搬|抬|扛|卸|接线|换灯)[^，,。]{0,8}(?:时|的时候|时候)"
                         # a carer's work: "扶老人洗澡", "我去架他"
                         r"|(?:扶|抱|背|架|搀|照顾|伺候|护理)着?(?:老人|老爷子|老太太|老人家|孩子|小孩|病人|雇主|他|她)"
                         r"|在(?:她|他|雇主|东家|主家|老人|老太太|老爷子|客户|客人)家"  # a domestic worker at the family's home
                         r"|给(?:宝宝|孩子|小孩|老人|老爷子|老太太)(?:洗澡|喂饭|换尿布)"
                         # ... or doing the family's housework at its asking: "雇主喊她站到凳子上擦外面的窗子"
                         r"|(?:雇主|东家|主家)(?:喊|叫|让|要)|擦(?:窗|玻璃)|拖地|做饭|晾衣服|搞卫生|打扫卫生")
_MACHINE = quick_pattern(r"机器|机床|冲床|冲窗|货架|车床|铣床|注塑机|压力机|设备|流水线|生产线|脚手架|架子|叉车|电锯|传送带|梯子")
_HURT = quick_pattern(r"受伤|刮倒|撞倒|碰倒|撞翻|骨裂|滑倒|滑了一跤|跌倒|跌了一跤|绊倒|触电|被电(?:到|打|击|伤)|电击|(?<!工)伤(?:了|到|着|得)|骨折|扭(?:伤|了|到)|截肢|断了|(?:砸|压|切|夹|轧|割|扎|撞|烫|烧|划|碰|摔|磕|卷)(?:伤|断|破|到|了|倒|下来|进)"
                      r"|摔|出(?:了)?(?:事故|车祸)|锯(?:伤|断|掉|到)|(?:手指头?|指头)[^，,。]{0,4}(?:没了|断了|掉了|少了)")
_WORK_INJURY = quick_pattern(r"我(?:这|这个)?(?:是|算|属于)?工伤|出了工伤|受了工伤|(?:认定|评|鉴定)(?:了|成|为)?工伤"
                             # the employer was to report (or would not report) the worker's own injury
                             r"|(?:帮我|给我|替我|不给我|没给我|没有给我|不帮我)(?:报|申请|认定|弄|办)(?:个)?工伤"
                             r"|(?:今年|去年|前年|上个?月|那年|前几年)(?:出了|受了|算)?工伤"
                             r"|工伤(?:了|住院|期间|以后|之后|后|在家|休息|停工|认定(?:了|下来|书))|(?:申请|报)了工伤"
                             # the employer denies it is one: "老板说小时工不算工伤", told of the worker's own injury
                             r"|(?:说|讲)[^，,。]{0,8}(?:不算|不是|算不了|不能算|不属于)工伤")
_ASKS_WORK_INJURY = quick_pattern(r"(?:算|是|属于|能算|能不能算|算不算|认不认定?|能认定|报)(?:个|成)?工伤")
_INJURY_WORDS = quick_pattern(story.INJURY.pattern + "|撞|压|切|扎|划|磕|烧|锯|触电|滑|跌|绊")  # the words before which its date is told
_OFF_WORK = quick_pattern(r"在家(?:里)?|下班(?:以)?后(?![^，,。]{0,3}路上)|休息(?:日|天)|周末|放假|自己(?:出去)?(?:玩|打球|骑车)|打球|旅游"
                          r"|不是(?:在)?上班(?:时间|的时候)")
_NOT_REPORTED = quick_pattern(
    r"(?:没有?|还没有?|也没有?|不给(?:我)?|不肯|不愿意|不让(?:我)?|没去)\s*(?:给我)?(?:报|申请|认定|做|弄|办)(?!销|酬|名|警|案|道)(?:工伤)?"
    r"|工伤(?:认定)?\s*(?:没有?|还没|不给|没给)\s*(?:报|申请|认定|做)"
)
_REPORTED = quick_pattern(
    r"(?:已经|已)(?:申请|报|提交|做)(?!销|酬|名|警|案|道)了?\s*(?:工伤认定|工伤|认定)?|(?:申请|报|提交|做)了\s*(?:工伤认定|工伤|认定)"
    r"|(?:申请|报|提交|做)\s*(?:工伤认定|工伤|认定)了|(?:工伤认定|工伤)\s*(?:已经|也)?(?:申请|报|交|做)(?:了|上去)"
    r"|认定(?:了|为|成)工伤|工伤认定(?:下来|书|结论|结果)|认定下来|不予认定"
    r"|(?:已经|早就|早|前年|去年|之前|以前|当时|当年|那年)(?:就|被)?认定(?:了|为|成)?工伤|工伤\s*(?:早就|早|已经)?结案|工伤复发|旧伤复发"
    r"|伤残等级|[0-9一二三四五六七八九十]+\s*级伤残|伤残\s*[0-9一二三四五六七八九十]+\s*级|(?:评|定|鉴定)(?:了|为|成|出)\s*[0-9一二三四五六七八九十]+\s*级"
)
_OCCUPATIONAL = quick_pattern(r"尘肺|矽肺|硅肺|石棉肺|噪声聋|噪音聋|职业性|(?:苯|铅|汞|锰|镉|正己烷|甲醛|一氧化碳|化学品)中毒"
                              r"|(?:得了|查出|诊断|确诊|鉴定|是|患了|患上)(?:为|成|了|出)?职业病|职业病(?:诊断|鉴定)(?:书)?(?:下来|出来|了)")
_SUSPECTED_DISEASE = quick_pattern(r"(?:怀疑|疑似|可能是)[^。]{0,14}(?:职业病|接触[^，,。]{0,6}有关|中毒|尘肺|矽肺|噪声聋)"
                                   r"|(?:建议|让我|要)(?:去)?(?:做|申请)?职业病诊断|职业病诊断(?:还)?(?:没|没有)(?:做|下来)")
_POISONED_AT_WORK = quick_pattern(r"(?:车间|厂里|接触|干活|长期)[^，,。]{0,12}中毒")
_ILL = quick_pattern(r"生病|病了|得了[^，,。]{0,6}病|癌|肿瘤|白血病|中风|脑梗|脑出血|心梗|心脏病|病假|医疗期|尿毒症|透析|抑郁症|化疗|放疗"
                     r"|重病|大病|身体不好")
_TREATED = quick_pattern(r"住院|手术|开刀")  # of an illness, unless an injury is told
_BIRTH_STAY = quick_pattern(r"生(?:了)?(?:孩子|小孩|娃|宝宝)|生产|分娩|剖腹产|剖宫产|顺产|坐月子|流产|清宫|引产")  # ... or a birth


def _health(s: _Message, today: date) -> dict:
    t = s.mine
    found: dict = {}
    if not s.mentions("伤摔砸压切夹轧割扎撞烫烧划碰磕卷扭骨肢断事祸病癌瘤风梗析症疗院术刀体肺聋毒认报申级电跌滑绊"):
        return found
    hurt = [m for m in _HURT.finditer(t) if not _negated(t, m.start()) and not _supposed(t, m.start(), m.end())]
    # where it happened is told close before the injury ("在家摔了", "在车间被机器压断了")
    if any(_OFF_WORK.search(t, max(0, m.start() - 10), m.end() + 6) for m in hurt):
        found["injured_at_work"], found["ill"] = False, True
    elif any(_AT_WORK.search(t, max(0, m.start() - 24), m.start()) or _MACHINE.search(t, max(0, m.start() - 24), m.end() + 8)
             for m in hurt) or _said(_WORK_INJURY, t) or (hurt and _ASKS_WORK_INJURY.search(t)):
        # "在滑雪场看缆车 从平台摔下来 腿断了 算工伤不": the worker tells it as an injury at work
        found["injured_at_work"] = True
    if found.get("injured_at_work") is not False and (hurt or found.get("injured_at_work")):  # not "一直没断过"
        found["injury_date"] = _injury_date(t, today)
    if "工伤" in t or "认定" in t or hurt:  # not "住院花了八千多也不给报" (reimbursed) after a birth
        found["injury_reported"] = _yes_no(_REPORTED, _NOT_REPORTED, t)
    if _said(_SUSPECTED_DISEASE, t):
        found["suspected_disease"] = True  # "怀疑跟接触苯有关 建议去做职业病诊断": not diagnosed yet
    elif _said(_OCCUPATIONAL, t) or _said(_POISONED_AT_WORK, t):
        found["occupational_disease"] = True
    if (graded := disability_grade(t)) is not None:  # "右手评了九级": assessed, so recognised
        found["disability_grade"] = graded
        found["injury_reported"] = True
        if not found.get("occupational_disease"):
            found["injured_at_work"] = True
    if "ill" not in found and not found.get("injured_at_work") and not found.get("occupational_disease") and \
            (_said(_ILL, t) or (not hurt and _said(_TREATED, t) and not _BIRTH_STAY.search(t))):
        found["ill"] = True
    return found


_INJURY_DATE_AFTER = quick_pattern(r"(?:受伤|受的伤|伤的|摔的|出事|出的事|工伤)(?:的)?(?:时间|日子|那天)?(?:是|在)\s*(?P<when>[^，,。；;]{2,14})")


def _injury_date(t: str, today: date) -> date | None:
    """The date told just before the injury: "上个月12号在车间摔伤了", "3月5号上班路上被车撞了";
    or just after it: "受伤是今年3月18号"."""
    for m in _INJURY_DATE_AFTER.finditer(t):
        when = parsing.parse_date(m.group("when"), today=today)
        if when is not None and when <= today:
            return when
    for words in story.windows(t, _INJURY_WORDS, before=16, after=0):
        when = parsing.parse_date(words, today=today)
        if when is not None and when > today:  # "11月20号" told in January is last year's
            since = parsing.parse_duration(words, today=today)
            when = since.since if since else None
        if when is not None:
            return when
    return None


# ---------------------------------------------------------------------------------------------
# The end of the job: dismissed and why, pressed to resign, resigned

_DISMISSED = quick_pattern(
    r"辞退|开除|解雇|炒(?:了)?(?:我)?(?:的)?鱿鱼|被炒|炒(?:了)?我|把我炒|(?:让|叫|要)我(?:[^，,。我]{0,5}?)(?:走人|滚蛋|卷铺盖)|(?:让|叫)我(?:走人|滚|走(?![访路过开近后]))|"
    r"(?:让|叫|要)我(?:今天|明天|马上|立刻|立马|当天|现在|月底|下个?月)就?(?:得)?走(?![访路过开近后])|(?:让|叫)(?:今天|明天|马上|月底|下个?月)就?走人|不要我(?:了|干了)|不让我(?:干|做)了"
    r"|不用我了|不让(?:我)?(?:上班|来上班)了|(?:老板|公司|厂里|经理|领导|店长|主管|站长)(?:说|讲)?(?:让我|叫我)?(?:明天|以后|下周|下个?月)(?:就)?(?:别|不用|不要|甭|嫑)(?:再)?(?:来|上班|来上班)了?|(?:把我|被)(?:给)?退回|(?:明天|今天|下周|月底|马上)就?可以走(?:人)?了|(?:让|叫)我(?:明天)?(?:别|不用)(?:来上班|来|上班)了?|被裁|裁了我|裁掉我|要裁我|把我(?:给)?裁|裁员裁到我"
    r"|被优化|优化掉|裁到我|让我(?:自己)?(?:另)?(?:找工作|另谋出路)|(?:被|单方面?|公司|单位|厂里|老板)(?:要|想|说|决定|准备|打算|跟我|和我)*(?:单方面?)?解除(?:了)?(?:劳动)?(?:合同|关系)"
    r"|(?:要|想|准备|决定)(?:跟|和)我解除(?:劳动)?(?:合同|关系)|把我(?:给)?开了|开了我|被开了|给开了|被辞了|辞了我|把我(?:给)?辞了|打发我走|(?<!想)(?<!要)(?<!是想)把我赶走|赶我走|(?<!想把我)(?<!要把我)撵(?:我)?走|下岗"
    r"|(?:裁员)?名单(?:里|上)(?:也)?有我|把我列(?:进|入|在)|(?:直接|就|已经|单方)解除(?:了)?(?:我的)?(?:劳动)?(?:合同|关系)"
    r"|(?:让|叫)我(?:[^，,。我]{0,4}?)回家(?!休息|养)"
    r"|(?:给|发)(?:了)?我(?:一张|一份|个)?[^，,。]{0,4}解除(?:劳动合同)?(?:通知|决定)|(?:收到|拿到|接到)(?:了)?[^，,。]{0,4}解除(?:劳动合同)?(?:通知|决定)"
    r"|(?:发|下)(?:了)?(?:一张|一份)?解除(?:劳动合同)?(?:通知|决定)"
    r"|(?:下个?月|明天|下周|下礼拜|月底以后|从明天起|以后)(?:就)?(?:不用|别|不要)(?:再)?(?:来上班|来|上班)了"
    r"|(?:通知|让|叫)(?:我|我们)?[^，,。]{0,8}?(?:都)?(?:不用|别|不要)(?:再)?来(?:了|上班|(?=[，,。\s]|$))"
    # "把他踢出站点群 说不用来了"
    r"|(?:说|讲)(?:我)?(?:以后|明天)?(?:就)?(?:不用|别|甭|不要)(?:再)?来了|踢出(?:了)?[^，,。]{0,4}群"
    # an ultimatum: "要么过完年就回来上班 要么就别来了"
    r"|要么[^。]{0,16}要么(?:就)?(?:别|不用|甭|不要)(?:再)?(?:来|干)了"
    r"|(?:让|叫|要|逼|催)我(?:回家)?退休"
    # "系统会自动给我办退休 劳动合同到时候终止": the employer ends it at an age it names
    r"|(?:给|帮)我办(?:理)?退休|(?:劳动)?合同(?:到时候?|到那时|那时候?|就|会|将)(?:就|会|将)?终止"
)
_PUSHED = quick_pattern(
    r"(?:让|叫|逼|要|劝|要求|强迫|逼着|哄)我?(?:自己|主动)?(?:写|签|交|打|提)?(?:个|份)?(?:辞职|离职|自离)|劝退"
    r"|(?:让|叫|逼|要)我签[^，,。]{0,8}(?:离职|辞职|自愿|协商解除|解除协议)|(?:逼|赶)我走|被逼(?:着)?(?:辞职|离职|走)"
    # "HR给了一个离职协议 N+1 让我这周签"
    r"|(?:给|拿|发)(?:了)?(?:我)?(?:一个|一份|个|份)?(?:离职|解除)(?:协议|申请|合同)[^，,。]{0,14}(?:让|叫|要|逼|催)我[^，,。]{0,4}签"
    # the employer's "不愿意就自己走", "辞职申请模板发我"
    r"|(?:(?:你|您)(?:要是|要|如果)?|(?:说|讲)[^。]{0,16}?)(?:不愿意|不想干|不满意|受不了|不服)[^，,。]{0,8}就(?:自己)?(?:走|辞职|离职)|(?:辞职|离职)(?:申请|报告)?(?:的)?模板"
    # "哪个再请假去产检就当自动离职": a threat to count an absence as quitting
    r"|(?:就|算|当|按)(?:作|成)?(?:你|我|她|他)?(?:是)?(?:自动离职|自离|自动辞职)"
)
_SIGNED_RESIGNATION = quick_pattern(r"(?:离职|辞职)(?:申请|信|协议|书|单)[^。]{0,12}?(?:就|还是|都)?签(?:了|字了|了字)(?!吗|没)"
                                   r"|签了(?:个|份|张)?(?:自愿)?(?:离职|辞职)(?:申请|信|协议|书|单)")
_RESIGNED = quick_pattern(r"(?:辞职|辞工|离职|辞了|不干了|不做了)(?:了|后|以后|之后|的时候)|(?:提|提出|递|交)了?(?:辞职|离职)|自离了?")
_OWN_RESIGNATION = quick_pattern(r"(?:提|提出|递|交)了?(?:辞职|离职)|辞职|辞工")
_NOT_RESIGNED = quick_pattern(r"(?:没有?|还没有?|未)(?:辞职|离职|辞工|走)")
_RESIGN_NOT_YET = quick_pattern(r"(?:让|叫|逼|要|劝|想|打算|准备|能不能|可以|如果|会|把我|被|给)[^，,。]{0,3}$")
_REASONS = (  # the first found is the reason told
    ("probation", r"试用期(?:考核)?(?:不合格|没过|不通过|没通过|不达标)|没(?:有)?通过试用期|(?:不符合|达不到|不满足)录用条件"),
    ("pregnancy", r"怀孕|怀了|有了身孕|生孩子|休产假|产假|哺乳期"),
    ("illness", r"生病|病了|受伤|住院|工伤|病假|身体不好|看病|手术"),
    ("misconduct", r"违纪|违反(?:了)?(?:公司)?(?:的)?(?:规章)?(?:制度|规定|纪律)|严重违反|旷工|迟到|早退|打架|偷(?:东西|拿)|记过"),
    ("contract_end", r"合同[^，,。]{0,6}?到期(?:了)?[^，,。]{0,8}?(?:不|没)(?:再)?(?:续|签)|不(?:再)?续签|到期(?:就|了就|后就)?不(?:再)?续|到期(?:就)?终止"),
    ("age", r"(?:让|叫|要|逼|催)我(?:回家)?退休|年纪(?:太)?大|岁数(?:太)?大|年龄(?:太)?大|超龄|太老|嫌我老|满(?:了)?(?:60|六十|55|五十五|50|五十)(?:周岁|岁)?|到(?:了)?退休年龄"),
    ("incompetent", r"不(?:能)?胜任|干不好|做不好|能力(?:不行|不够|差|不足)|考核(?:不合格|不达标|没过|不过)|末位淘汰|业绩(?:不达标|不好|差)"
                    r"|完不成(?:任务|指标)|绩效(?:差|不合格|不达标)|不适合(?:这个)?岗位"),
    ("restructure", r"客观情况(?:发生)?(?:了)?重大变化|外包|裁员|被裁|裁(?:掉)?(?:一批|一部分|一些|几个|人)|效益不好|经营困难|生意不好|没(?:有)?订单|订单少|岗位(?:被)?(?:撤|取消|没了)|撤(?:销)?岗|部门(?:被)?(?:撤|解散)"
                    r"|搬厂|搬迁|(?:厂子?|工厂|公司)(?:要)?搬|重组|转产|被优化|优化掉|项目(?:结束|做完|完了|黄了)|没(?:有)?活(?:干)?了"),
    ("none_given", r"没(?:有)?(?:说|给)(?:任何|什么|个|具体)?(?:的)?(?:原因|理由)|没(?:有)?(?:任何)?理由|无缘无故|无故|什么理由都没|理由都没|不说为什么"
                   r"|也不说原因|莫名其妙"),
)
_REASON_PATTERNS = tuple((key, quick_pattern(words)) for key, words in _REASONS)
# Reasons that are facts of their own (怀孕, 生病, 年纪大) count only when tied to the dismissal.
_CAUSAL = {"pregnancy", "illness", "age"}
_CAUSE_BEFORE = quick_pattern(r"(?:因为|由于|嫌|说我|知道|发现|得知|听说|理由是|原因是|借口|以)(?:我)?[^，,。]{0,2}$")
_CAUSE_AFTER = quick_pattern(r"[^，,。]{0,14}?(?:就|后|以后|之后|期间|为由|的时候|还没|回来|回去)(?:把我|给我|被|要|公司|老板|厂里|单位|直接|就)*"
                             r"(?:辞退|开除|解雇|不要我|让我走|炒|裁|劝退|逼我)")
_TOLD_AS_REASON = quick_pattern(r"说我|嫌我|理由|原因|为由|借口|说是")
_EXPIRY_ENDS = quick_pattern(dict(_REASONS)["contract_end"])
_EMPLOYER_SAYS = quick_pattern(r"(?:厂里|厂子|公司|单位|老板|经理|领导|物业|人事|hr|院长|园长|校长|店长|主管|他们)[^，,。]{0,4}(?:说|讲|通知|决定|告诉我)")
_MY_CONTRACT = quick_pattern(r"我(?:的|们)?(?:劳动)?合同")
_OWN_CHOICE_NOT_TO_RENEW = quick_pattern(r"我(?:自己)?(?:也)?(?:不想|不愿意?|不打算|不准备)(?:再)?续")
_NOT_RENEWED = quick_pattern(r"(?:公司|单位|厂里?|老板|领导|他们|人事|宾馆|酒店|医院|学校|超市|店里|物业|园长|院长|经理)[^，,。我]{0,10}"
                             r"(?:不|不再|不想|不愿意?|不肯)(?:跟我|和我|给我)?续(?:签|约)?")


_THREAT = quick_pattern(r"(?:不|没|敢)(?:签|同意|去|来|干|答应|接受|服从|听)[^。]{0,16}?(?:就|的话|便)[^，,。]{0,6}$")


# A lump sum offered to settle the matter: "私了", "给五万就两清", "一次性买断", "签个赔偿协议"
_SETTLEMENT = quick_pattern(
    r"私了|两清|一次性(?:给|赔|补|付|结清|买断|了结|处理)|买断|(?:赔偿|补偿|和解|私了|调解)协议"
    r"|(?:给|赔|补)(?:我|我们|家属|家里|我家)?\s*(?:[0-9.]+\s*[万千]|[一二两三四五六七八九十]+\s*[万千])[^，,。]{0,4}(?:块|元)?"
    r"[^，,。]{0,3}(?:就|让|叫|要)?(?:算了|了事|完事|签字|拉倒|了结|结了)")


def _dismissal(s: _Message, today: date) -> dict:
    t = s.mine
    dismissed = True if _said(_NOT_RENEWED, t) else _told(_DISMISSED, t)
    if dismissed is None and not _said(_OWN_CHOICE_NOT_TO_RENEW, t) and _said(_EXPIRY_ENDS, t) \
            and (_EMPLOYER_SAYS.search(t) or _MY_CONTRACT.search(t)):
        dismissed = True  # "合同年底到期 厂里说不续了": the employer ends it at the expiry (not a question in general)
    pushed = True if _said(_PUSHED, t) else None
    done = [m for m in _DISMISSED.finditer(t) if _as_fact(t, m)]
    if dismissed and done and all(_THREAT.search(t, max(0, m.start() - 24), m.start()) for m in done):
        # "不签自愿离职 就按旷工把我开了": a threat to make the worker sign, not a dismissal done
        dismissed, pushed = None, True
    settlement = True if _said(_SETTLEMENT, s.text) else None  # offered to the worker or the family
    resigned = _resigned(t, bool(dismissed or pushed))
    told = [key for key, pattern in _REASON_PATTERNS if _reason_told(key, pattern, t, bool(dismissed or pushed))]
    reason = told[0] if told else None
    if reason in _CAUSAL and "contract_end" in told:
        # "合同到期不续了 可我怀孕了 听说怀孕不能辞退": the employer's ground is the expiry; the
        # pregnancy is why the worker thinks it cannot end (and the rules on expiry say so)
        reason = "contract_end"
    return {"dismissed": dismissed, "pushed_to_resign": pushed, "resigned": resigned, "dismissal_reason": reason,
            "settlement_offered": settlement}


def _reason_told(key: str, pattern: re.Pattern, t: str, ended: bool) -> bool:
    """Is this reason told for the end of the job? 怀孕/生病/年纪大 must be tied to it ("知道我怀孕
    就把我辞退了"); the others count in a message about a dismissal, or said as the reason."""
    for m in pattern.finditer(t):
        if _negated(t, m.start()) or _supposed(t, m.start(), m.end()):
            continue
        if key == "age" and m.group().endswith("退休"):  # "叫我退休": the employer's own words end it
            return True
        if key in _CAUSAL:
            if _CAUSE_BEFORE.search(t, max(0, m.start() - 8), m.start()) or _CAUSE_AFTER.match(t, m.end()):
                return True
        elif ended or _TOLD_AS_REASON.search(t, max(0, m.start() - 8), m.end() + 6):
            return True
    return False


def _resigned(t: str, ended_by_employer: bool) -> bool | None:
    if _said(_NOT_RESIGNED, t):
        return False
    if _SIGNED_RESIGNATION.search(t):  # "老板拿了张打印好的自愿离职申请 她哭着就签了"
        return True
    pattern = _OWN_RESIGNATION if ended_by_employer else _RESIGNED
    for m in pattern.finditer(t):
        if not _negated(t, m.start()) and not _RESIGN_NOT_YET.search(t, max(0, m.start() - 6), m.start()):
            if ended_by_employer and not _RESIGNED.search(t, m.start(), m.end() + 3):
                continue  # "逼我辞职" told with the dismissal: only a resignation done counts
            return True
    return None


# ---------------------------------------------------------------------------------------------
# Money: the monthly wage, what is owed and for how long

_NOT_A_RATE_BEFORE = quick_pattern(r"(?:欠|拖欠|没发|没给|克扣|扣|少发|补发|差|还)(?:了|我|我的|的)*\s*$"
                                   r"|(?:退休金|养老金|退休工资|低保|补贴|社保|公积金|生活费)\s*$")
# "三个月工资一万五" is an amount for months; "干了3年2个月 月薪5000" still names a rate
_MONTHS_BEFORE = quick_pattern(r"[0-9一二两三四五六七八九十几半]\s*个?\s*多?\s*月(?:的)?\s*$")


_AVERAGED = quick_pattern(r"(?:平均|算下来|加起来|综合|全部算上)[^，,。0-9]{0,4}$")
# "底薪4000 提成平均2000": the wage is both (应得工资 counts commission and bonuses: 劳动合同法实施条例
# 第二十七条); "底薪3500加提成一个月能拿七千": the month's whole pay
_BASE_PAY = quick_pattern(r"底薪|基本工资|基础工资|保底")
_NUMBER = r"(?P<n>\d+(?:\.\d+)?\s*[kK千万]?|[一二两三四五六七八九十][一二两三四五六七八九十百千万点]*)"
_ON_TOP = quick_pattern(r"(?:提成|绩效|奖金|计件)(?:平均|大概|差不多|一般|每个?月|一个月|下来|大约|有|是|能有|的话|\s)*"
                        + _NUMBER + r"\s*(?:元|块)?(?!\s*(?:个月|年|天|小时|单|件))")
_WHOLE_PAY = quick_pattern(r"(?:能拿|到手|拿到|总共|一共|合计|加起来|全部)(?:能有|有|是|大概|差不多|\s)*" + _NUMBER
                           + r"\s*(?:元|块)?(?!\s*(?:个月|年|天|小时|单|件))")


def _with_extra_pay(t: str, base: Decimal, after: int) -> Decimal:
    """The month's pay when a base pay is told with what comes on top of it."""
    if (m := _WHOLE_PAY.search(t, after)) and (n := parsing.parse_amount(m.group("n"))) and n.value > base:
        return n.value
    if (m := _ON_TOP.search(t, after)) and (n := parsing.parse_amount(m.group("n"))):
        if "加" in t[max(after, m.start() - 2): m.start()]:  # "底薪3000 加上绩效一个月5000": the whole month
            return n.value if n.value > base else base + n.value
        if n.value < base * 3:
            return base + n.value
    return base
_NOT_WAGES = quick_pattern(r"社保|保险|公积金|补偿金?|赔偿金?|补助|滞纳金?|押金|违约金|罚款|学费|医药费|医疗费|抚恤|津贴|欠缴|欠费|报销"
                           r"|加班费|伤残|竞业")
_WAGES = quick_pattern(r"工资|工钱|薪水|薪资|血汗钱|月薪")


_OWED_DAYS = quick_pattern(r"(?:干|做|上)了?\s*(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*天的?(?:工资|工钱|钱)"
                           r"(?=[^。]{0,8}(?:没给|没结|没发|还能要|能要|要得回|不给|没提))")
_NO_COMPENSATION_BEFORE = quick_pattern(r"(?:辞职|离职|自己走|自离|补偿|赔偿|辞退|开除)[^。]{0,8}$")
_UNPAID_ALL = quick_pattern(r"一分(?:钱)?(?:都|也)?(?:不|没有?)(?:给|发|结|付|拿到|见到)|分文(?:未|没|不)|(?:工钱|工资)(?:一分)?(?:都|全)没(?:给|发|结)"
                            r"|一个子儿?(?:都|也)?没|一毛(?:钱)?(?:都|也)?(?:不|没)(?:给|发)")


# "从来没给交过社保", "签了个自愿放弃社保承诺书": no social insurance paid for the worker
_UNINSURED = quick_pattern(r"(?:没|没有|不|从来没|从没|一直没|都没|也没|不肯|不给)(?:给|帮)?(?:我|我们)?(?:交|缴|买|上|办)(?:过)?(?:社保|五险|保险|养老保险)"
                           r"|(?:放弃|不要|不交|不买)(?:了)?社保|社保(?:也)?(?:没有?|从来没|一直没|都没)(?:交|缴|买|上)|没(?:有)?社保")


def _money(s: _Message, today: date) -> dict:
    t = s.mine
    found: dict = {}
    if m := _UNINSURED.search(t):
        if not _supposed(t, m.start(), m.end()):
            found["uninsured"] = True
    if (m := _OWED_DAYS.search(t)) and (n := whole_number(m.group("n"))):
        found["owed_days"] = n if 0 < n <= 31 else None
    if (m := _said(_UNPAID_ALL, t)) and not _NO_COMPENSATION_BEFORE.search(t, max(0, m.start() - 10), m.start()):
        found["unpaid_all"] = True  # not "要走就是自己辞职 一分不给" (no compensation, not no wages)
    if story.ARREARS.search(t):
        words = story.amount_owed(t)
        at = t.find(words) if words else -1
        # the amount must stand by the words of arrears ("工资是计件的 好的时候八九千" is no debt)
        near = t[max(0, at - 12): at + len(words) + 12] if at >= 0 else ""
        # ... and be wages: not social insurance owed, a compensation or a benefit ("欠缴社保两万")
        if at >= 0 and story.ARREARS.search(t, max(0, at - 10), at + len(words) + 10) \
                and (not _NOT_WAGES.search(near) or _WAGES.search(near)):
            if amount := parsing.parse_amount(words):
                found["owed_amount"] = amount.value
        words = story.arrears_length(t, today)
        named = story.calendar_months(words) if words else None  # "6月和7月的钱" is two months, not six
        if words and (named is not None or (length := parsing.parse_duration(story.counted_length(words), today=today))):
            at = t.find(words)
            near = t[max(0, at - 12): at + len(words) + 12]
            if not _NOT_WAGES.search(near) or _WAGES.search(near):  # "补偿一年没给" is no wage owed
                found["owed_months"] = named if named is not None else max(1, int(length.months + 0.5))
    for wage, start in wages_in(t):
        if _NOT_A_RATE_BEFORE.search(t, max(0, start - 8), start) \
                or (_MONTHS_BEFORE.search(t, max(0, start - 8), start) and not story.WAGE_RATE.match(t, start)):
            continue
        if wage == found.get("owed_amount") and not story.WAGE_RATE.search(t, start, start + 6):
            continue  # "工资8000没发": the amount owed, not a rate
        if "wage" not in found:
            found["wage"] = wage
            if story_base := (_BASE_PAY.search(t, max(0, start - 6), start + 4) is not None):
                found["wage"] = _with_extra_pay(t, wage, start + 2)
            if story_base and found["wage"] != wage:
                break
        if _AVERAGED.search(t, max(0, start - 8), start):  # "底薪5000加提成 平均下来一个月7000": the average
            found["wage"] = wage
            break
    return found


# ---------------------------------------------------------------------------------------------
# Hours a day

_PER_DAY = quick_pattern(r"(?:每天|一天|天天|每日|一个班|一班|每班)(?:都|要|得|就|只|基本|至少)?(?:干|上|做|工作|上班|站|跑)?(?:了)?\s*"
                         r"(?P<h>[0-9一二两三四五六七八九十半.]+\s*(?:个)?\s*(?:半)?\s*(?:多)?\s*(?:小时|钟头|个钟|钟|h))")
_SHIFT = quick_pattern(r"(?P<apm>早上?|上午|中午|下午|晚上?)\s*(?P<a>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*点(?:半)?"
                       r"(?:[^，,。]{0,6}?(?:到|至|干到|做到|上到|-)|\s*上班[^，,。]{0,4}?)\s*"
                       r"(?P<pm>晚上?|下午|夜里|半夜)?\s*(?:第二天|次日)?\s*(?:早上?|凌晨|上午)?\s*(?P<b>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*点")


def _daily_hours(t: str) -> float | None:
    if m := _PER_DAY.search(t):
        hours = parsing.parse_hours(m.group("h"))
        if hours and 0 < hours <= 24 and "几" not in m.group("h"):
            return hours
    if m := _SHIFT.search(t):
        a, b = whole_number(m.group("a")), whole_number(m.group("b"))
        if a is not None and b is not None and a <= 24 and b <= 24:
            if m.group("apm") in ("下午", "晚", "晚上") and a < 12:  # "下午2点到晚上8点": 14 to 20
                a += 12
                if not m.group("pm") and b < 12 and b + 12 > a:
                    b += 12  # "下午5点到9点": the afternoon runs on to 21
            if m.group("pm") and b < 12 and not (m.group("pm") in ("夜里", "半夜") and b <= 6):
                b += 12
            if b <= a:  # a night shift past midnight: "晚上8点到早上6点"
                b += 24
            if 0 < b - a <= 24:
                return float(b - a)
    return None


def _hours(s: _Message, today: date) -> dict:
    return {"hours_per_day": s.hours_per_day}


# ---------------------------------------------------------------------------------------------
# A death in the worker's family, and whether it came of work

_KIN = quick_pattern(r"(?<![她他你])(?<!同事)(?<!工友)(?<!朋友)(?<!别人)(?<!人家)(?<!的)(?<!那家)(?<!雇主)(?<!东家)(?<!主家)(?<!老板)"
                     r"(?:老公|丈夫|爱人|老婆|媳妇|妻子|老伴|父亲|爸爸|老爸|我爸|母亲|妈妈|老妈|我妈|儿子|女儿|家里人|家属|亲人|哥哥|弟弟"
                     r"|(?<=[俺我])(?:家)?男人|当家的|孩子(?:他)?(?:爸|爹)|娃(?:他)?(?:爸|爹)"
                     r"|(?<=[俺我])(?:家)?(?:对象|对像|那口子)|阮翁|阮某|老头子)")  # 对象: a spouse in the north; 阮翁: 闽南 "my husband"
_DIED = quick_pattern(r"去世|过世|走了|没了|冇得哒|(?<=[月份号天晚早上])没有哒|人没的|死了|身亡|遇难|牺牲|不在了|离世|抢救无效|没(?:抢|能)?(?:救|抢救)(?:过来|回来)|工亡|殉职|(?:砸|摔|压|电|淹|烧|撞)死|猝死")
_DIED_AT_WORK = quick_pattern(r"工亡|殉职|工地|厂里|车间|单位|矿上|井下|岗位|上班|下班路上|干活|施工|事故|(?:砸|摔|压|电|撞)死|触电|掉下来|坠落"
                              r"|摔下来|值班|夜班|库房|仓库|棚顶|脚手架")
# a sudden illness at work: a death within 48 hours of the attack is a work death (工伤保险条例 第十五条)
_RESCUE_HOURS = quick_pattern(r"(?:抢救|救了|住了|撑了|挺了)(?:了)?\s*(?P<n>[0-9]+|[一二两三四五六七八九十]+)\s*(?:来|多)?\s*个?\s*(?:小时|钟头)")
_RESCUE_WITHIN_A_DAY = quick_pattern(r"(?:抢救|救了|撑了|挺了)(?:了)?\s*(?:一天一夜|一天多|一天|一夜|一晚上?|一整天|半天)|当天(?:晚上)?(?:就)?(?:走|没|去世)|第二天(?:就)?(?:走|没|去世)")
_RESCUE_DAYS = quick_pattern(r"(?:抢救|救了|住了|撑了|挺了|住院)(?:了)?\s*(?:[三四五六七八九十]|[0-9]{1,2})\s*(?:多)?\s*(?:天|个?星期|个?礼拜|周)"
                             r"|(?:抢救|救了|住了|撑了|挺了|住院)(?:了)?\s*(?:一|两|几|半)个?多?(?:星期|礼拜|月)")
_PLACE_AFTER = quick_pattern(r"在[^，,。 ]{1,6}")
_DIED_BY_ACCIDENT = quick_pattern(r"工亡|殉职|事故|(?:砸|摔|压|电|撞|淹)死|触电|掉下来|坠落|摔下来|冒顶|塌方|爆炸")
_DIED_OF_ILLNESS = quick_pattern(r"病死|病逝|病故|生病|因病|癌|在家(?:里)?(?:去世|走|没)|老死|寿终")


def _within_48_hours(t: str) -> bool | None:
    """Whether a sudden illness's rescue ended within 48 hours ("抢救了三十来个小时", "一天多"),
    after it ("抢救了五天"), or None when untold."""
    if m := _RESCUE_HOURS.search(t):
        hours = parsing.parse_amount(m.group("n"))
        return None if hours is None else hours.value <= 48
    if _RESCUE_WITHIN_A_DAY.search(t):
        return True
    if _RESCUE_DAYS.search(t):
        return False
    return None


_ON_THE_SPOT = quick_pattern(r"当场|当时就(?:没|走|死)|人当时就")
_SUDDEN_ILLNESS = quick_pattern(r"突发|突然(?:就)?(?:倒|晕|昏)|晕倒|昏倒|心梗|心肌梗|脑出血|脑溢血|脑梗|中风|猝死|心脏病")


# The family told after a death, for the dependants' pension (因工死亡职工供养亲属范围规定 第三条): the
# children's ages, the parents' (or parents-in-law's) ages and whether they lived on the deceased
_CHILD_AGE = quick_pattern(r"(?:大的|小的|老大|老二|老三|大儿子|小儿子|大女儿|小女儿|儿子|女儿|闺女|孩子|娃)(?:今年|才|已经)?"
                           r"[^，,。]{0,2}?(?P<n>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:周)?岁")
_CHILDREN = quick_pattern(r"(?:两|俩|三|仨|几)个?(?:娃|孩子|小孩|儿子|女儿|闺女)")
_EACH_AGE = quick_pattern(r"(?:一个|另一个|一个是)(?P<n>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:周)?岁")
_ELDERS = quick_pattern(r"(?P<who>公公婆婆|公婆|公公|婆婆|他爸妈|他爹妈|他父母|他爸|他妈|他爹|他娘|岳父岳母|岳父|岳母)"
                        r"(?:都|俩|两个)?(?:已经|都)?[^，,。0-9]{0,4}?(?P<n>[0-9]{2}|[五六七八九]十[一二三四五六七八九]?)\s*(?:多)?\s*(?:岁)?")
_ELDER_SEXES = {"公公婆婆": ("male", "female"), "公婆": ("male", "female"), "他爸妈": ("male", "female"),
                "他爹妈": ("male", "female"), "他父母": ("male", "female"), "岳父岳母": ("male", "female"),
                "公公": ("male",), "他爸": ("male",), "他爹": ("male",), "岳父": ("male",),
                "婆婆": ("female",), "他妈": ("female",), "他娘": ("female",), "岳母": ("female",)}
_RELIED = quick_pattern(r"靠(?:我男人|我老公|我爱人|我丈夫|他|孩子他爸)|(?:主要)?生活来源|没(?:有)?(?:收入|退休金|养老金)|(?:他|我男人|我老公)(?:每个?月)?(?:给|寄)(?:钱|生活费)")
_SPOUSE_WORKS = quick_pattern(r"我[^。]{0,12}(?:上班|打工|干活|工作)|身体还(?:行|好|可以)")


def _survivors(t: str, told_age: int | None) -> tuple[str, ...] | None:
    ages = _CHILD_AGE.finditer(t)
    if _CHILDREN.search(t):  # "两个娃 一个12岁一个8岁"
        ages = [*ages, *_EACH_AGE.finditer(t)]
    found = [f"child:{n}" for m in ages
             if (n := whole_number(m.group("n"))) and n < 40]
    relied = bool(_RELIED.search(t))
    for m in _ELDERS.finditer(t):
        n = whole_number(m.group("n"))
        if n and n >= 40:
            found += [f"parent:{sex}:{n}:{'relied' if relied else 'unknown'}" for sex in _ELDER_SEXES[m.group("who")]]
    if found and told_age is not None:
        found.append(f"spouse:{told_age}:{'works' if _SPOUSE_WORKS.search(t) else 'unknown'}")
    return tuple(found) or None


def _death(s: _Message, today: date) -> dict:
    t = s.text
    family = _survivors(t, _age(s.mine))
    told = {"survivors": family} if family else {}
    for kin in _KIN.finditer(t):
        died = _DIED.search(t, kin.end(), kin.end() + 60)  # "我对象…值夜班时突然倒了 送到医院 抢救了一天多还是走了"
        if died is None or _negated(t, died.start()) or _supposed(t, kin.start()) \
                or _OTHER_DIED.search(t, max(0, died.start() - 8), died.start()):  # "上个月老爷子没了": not kin
            continue
        place_after = _PLACE_AFTER.match(t, died.end())  # "猝死在岗位上"
        around = t[max(0, kin.start() - 8): place_after.end() if place_after else died.end()]
        # an accident makes it a death at work; an illness (查出肝癌, 在家里去世) does not, though the
        # story says where he worked ("在物业公司上班")
        at_work = True if _DIED_BY_ACCIDENT.search(around) else False if _DIED_OF_ILLNESS.search(around) \
            else True if _DIED_AT_WORK.search(around) else None
        if _SUDDEN_ILLNESS.search(t) and not _ON_THE_SPOT.search(t):
            # an illness at work is a work death only within 48 hours of the attack (工伤保险条例第十五条):
            # decided when the time in hospital is told, else left to the entry on it
            at_work = None if at_work is not True else _within_48_hours(t)
        return {**told, "family_death": True, "death_at_work": at_work}
    return told


# ---------------------------------------------------------------------------------------------
# The city

CITY_FILE = DATA_DIR / "nlu" / "lookups" / "city.yml"
# Names in the lookup that are also everyday words (白云, 朝阳, 长安...), and nicknames.
_NOT_CITIES = {"长安", "朝阳", "白云", "江北", "南山", "金山", "宝山", "天河", "平湖", "西乡", "石岩", "清溪", "常平", "乐从",
               "山城", "花城", "星城", "泉城", "黄江"}
_NICKNAMES = {"帝都": "北京", "京城": "北京", "魔都": "上海", "申城": "上海", "鹏城": "深圳", "羊城": "广州", "蓉城": "成都",
              "冰城": "哈尔滨"}
_NOT_A_PLACE_AFTER = quick_pattern(r"路|街|大街|大道|大学|汽车|银行|治|扑克|小异|人|籍|老乡")
# Where the worker comes from is not where they work: "老家信阳", "我是周口的".
_HOME_TOWN_BEFORE = quick_pattern(r"(?:老家|户口|籍贯|家乡|祖籍|是|来自)[^，,。在]{0,3}$")


@lru_cache(maxsize=1)
def _city_pattern() -> re.Pattern:
    data = yaml.safe_load(CITY_FILE.read_text(encoding="utf-8")) if CITY_FILE.exists() else {}
    names = {line.strip().lstrip("-").strip() for item in (data or {}).get("nlu") or []
             for line in str(item.get("examples") or "").splitlines()}
    names = {n for n in names if n and n not in _NOT_CITIES} | set(_NICKNAMES)
    return quick_pattern("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def _city(s: _Message, today: date) -> dict:
    t = s.text
    for m in _city_pattern().finditer(t):
        if _NOT_A_PLACE_AFTER.match(t, m.end()) or _HOME_TOWN_BEFORE.search(t, max(0, m.start() - 6), m.start()):
            continue
        return {"city": _NICKNAMES.get(m.group(), m.group())}
    return {}


# ---------------------------------------------------------------------------------------------
# A short answer to the one question asked ("公司的", "还在读", "男"): read as that fact

_ANSWERS = {
    "relationship": (  # the family first: "雇主直接请的 不是公司" names a company too
        ("household", quick_pattern(r"雇主|东家|主家|人家家里|他家|她家|家里(?:直接)?(?:请|雇|找)|私人|个人|直接(?:请|雇|找|给)|自己找的")),
        ("household_agency", quick_pattern(r"家政公司|公司(?:的|派|招|发|签)?|中介公司(?:派|发工资)|员工制")),
    ),
    "student": (
        (False, quick_pattern(r"毕业了|已经毕业|拿了毕业证|拿到(?:了)?毕业证|毕业证(?:拿到|有了|下来)|不是学生|早毕业")),
        (True, quick_pattern(r"还在(?:读|上学|学校)|在读|在校|没毕业|还没毕业|没拿到?毕业证|学生|读书|上学")),
    ),
    "pension": (
        (False, quick_pattern(r"没(?:有)?领|还没(?:退休|领)|不领|没退休|没有")),
        (True, quick_pattern(r"领(?:了|着)?|在领|已经领|有退休金|有养老金|退休了")),
    ),
}
ANSWER_MAX_CHARS = 40  # a longer message is a story of its own, read as usual


def read_answer(field: str, text: str) -> Profile:
    """What a short reply to the question for ``field`` says (nothing when it says nothing clear)."""
    choices = _ANSWERS.get(field)
    t = standard(text or "").strip()
    if not choices or not t or len(t) > ANSWER_MAX_CHARS:
        return Profile()
    for value, pattern in choices:
        if pattern.search(t):
            if field == "relationship":
                return Profile(relationship=value)
            if field == "student":
                return Profile(student=value, relationship="intern" if value else "employee")
            return Profile(pension=value, relationship="retired_rehire" if value else None)
    return Profile()
