"""Urgent messages: danger or crisis, in any state of the conversation.

``detect(text)`` looks for signs of self-harm, violence, a serious injury happening now, collective
protest actions, detained identity documents and forced labour. Such a message must never get an
FAQ answer: the bot answers with ``reply(signal)`` (calm, the right numbers) and flags the case for
a person. It runs on every chat message, so it is plain regex matching over the normalised text
(well under a millisecond per message); the patterns live in ``data/urgency/signals.yml`` and are
compiled once, on the first call.

A trigger does not count when it is negated (没想过跳楼, 我不会想不开的, 没人打我, 身份证没被扣)
or when the same characters are used in an ordinary way (累死了, 跳楼价, 打电话, 堵车, 上吊车);
see the header of the YAML file for how both are expressed.

Rules for question-style messages, per category. The cost of a missed crisis is far higher than
the cost of a person calling back about a message that turned out to be a plain question, so a
question about the dangerous action itself is treated like the action:

- self_harm: always flagged unless explicitly negated, questions included ("跳楼讨薪有用吗",
  "自杀算工伤吗"): someone who asks is often considering it. Joking or hedging ("开玩笑的") does
  not clear it; only a negation of the trigger does ("不是要跳楼啦 就问问").
- violence: flagged when a concrete act, threat or weapon is named with a person involved, questions
  included ("老板打人犯法吗", "被打了算工伤吗"). A bare legal term without an actor or victim
  ("故意伤害罪怎么判", "打人犯法吗") is not a trigger.
- serious_injury: only a concrete, current event (someone unconscious, being resuscitated,
  bleeding heavily, crushed, dead). Compensation vocabulary is not a trigger at all (工伤死亡赔偿金,
  工亡补助金, 伤残等级, 抢救无效死亡算工伤吗), and an injury the message places in the past and
  settled (去年摔断了腿, 住了一个月院, 伤残鉴定) is an ordinary work-injury question. Ordinary
  fractures need a sign of acuteness (刚摔的, 流血, 动不了, 送急诊); severed limbs, amputations
  and spinal/skull fractures do not.
- group_action: flagged, questions included ("堵路犯法吗", "罢工合法吗"): asking is how a plan
  starts, and the reply points to the lawful collective route. Lawful collective procedures are
  never triggers (集体合同, 集体协商, 集体仲裁, 集体签合同, 一起去讨薪, 一个人去上访).
- detained_documents: flagged, questions included ("扣身份证违法吗"): a worker who asks is usually
  living it. Copies and ordinary ID chores are not triggers (身份证复印件, 要带身份证吗, 身份证丢了).
- forced_labour: flagged, questions included ("不让走犯法吗"). Not flagged: an employer refusing a
  resignation (不让辞职), forced overtime (强迫加班), workplace rules (上班时间不让出去吃饭).
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import DATA_DIR, get_settings
from bot.common.text import normalize

SIGNALS_FILE = DATA_DIR / "urgency" / "signals.yml"
log = logging.getLogger(__name__)

# key -> (label, life_at_risk). The order is the priority when a message matches several.
CATEGORIES: dict[str, tuple[str, bool]] = {
    "self_harm": ("自伤自杀风险", True),
    "violence": ("暴力或人身威胁", True),
    "serious_injury": ("严重受伤", True),
    "forced_labour": ("强迫劳动、限制人身自由", False),
    "detained_documents": ("扣押身份证件", False),
    "group_action": ("群体性过激行动", False),
}


@dataclass(frozen=True)
class UrgentSignal:
    category: str
    label: str
    life_at_risk: bool
    matched: str  # the trigger text found (in normalised form)


class SignalsError(ValueError):
    """signals.yml is malformed."""


# --- compiled rules -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Trigger:
    pattern: re.Pattern
    needs: tuple[re.Pattern, ...] = ()
    unless: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class _Category:
    key: str
    triggers: tuple[_Trigger, ...]
    exclude: tuple[re.Pattern, ...]
    negation: re.Pattern  # matches a negation cue (plus fillers) ending at the trigger


@dataclass(frozen=True)
class _Rules:
    fold: dict[int, str]
    replace: re.Pattern | None
    replacements: dict[str, str]
    window: int
    categories: tuple[_Category, ...]


_DEF = re.compile(r"\{([A-Z_]+)\}")


def _squash(s: str) -> str:
    """Folded YAML scalars join their lines with spaces; regexes in the file never need one."""
    return re.sub(r"\s+", "", s or "")


def _compile(raw: str, defs: dict[str, str], where: str) -> re.Pattern:
    if not isinstance(raw, str) or not raw.strip():
        raise SignalsError(f"{where}: empty pattern")

    def expand(m: re.Match) -> str:
        if m.group(1) not in defs:
            raise SignalsError(f"{where}: unknown {{{m.group(1)}}} in {raw!r}")
        return defs[m.group(1)]

    text = raw
    for _ in range(5):  # defs may use other defs
        text, n = _DEF.subn(expand, text)
        if not n:
            break
    try:
        pattern = re.compile(text)
    except re.error as e:
        raise SignalsError(f"{where}: {raw!r}: {e}") from e
    if pattern.groups:
        raise SignalsError(f"{where}: {raw!r} uses a capturing group; write (?:...)")
    if pattern.fullmatch(""):
        raise SignalsError(f"{where}: {raw!r} matches the empty string")
    return pattern


def load_rules(path: Path | None = None) -> _Rules:
    """Reads and compiles signals.yml; raises SignalsError when it is malformed."""
    doc = yaml.safe_load(Path(path or SIGNALS_FILE).read_text(encoding="utf-8")) or {}
    if not isinstance(doc, dict):
        raise SignalsError("signals.yml: expected a mapping at the top level")
    defs = {k: str(v) for k, v in (doc.get("defs") or {}).items()}

    fold = _squash(doc.get("fold", ""))
    if len(fold) % 2:
        raise SignalsError("fold: needs pairs of characters (variant, standard)")
    fold_table = str.maketrans({fold[i]: fold[i + 1] for i in range(0, len(fold), 2) if fold[i] != fold[i + 1]})
    replacements = {normalize(str(k)): normalize(str(v)) for k, v in (doc.get("replace") or {}).items()}
    replace = (
        re.compile("|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True)))
        if replacements else None
    )

    neg = doc.get("negation") or {}
    cues, fillers = _squash(neg.get("cues", "")), _squash(neg.get("fillers", ""))
    window = int(neg.get("window", 12))

    cats = doc.get("categories") or {}
    unknown = set(cats) - set(CATEGORIES)
    missing = set(CATEGORIES) - set(cats)
    if unknown or missing:
        raise SignalsError(f"categories: unknown {sorted(unknown)}, missing {sorted(missing)}")

    compiled: list[_Category] = []
    for key in CATEGORIES:  # priority order
        spec = cats[key] or {}
        triggers = []
        for i, raw in enumerate(spec.get("triggers") or []):
            where = f"{key}.triggers[{i}]"
            if isinstance(raw, dict):
                trig = _Trigger(
                    _compile(raw.get("re"), defs, where),
                    tuple(_compile(p, defs, f"{where}.needs") for p in raw.get("needs") or []),
                    tuple(_compile(p, defs, f"{where}.unless") for p in raw.get("unless") or []),
                )
            else:
                trig = _Trigger(_compile(raw, defs, where))
            triggers.append(trig)
        if not triggers:
            raise SignalsError(f"{key}: no triggers")
        exclude = tuple(_compile(p, defs, f"{key}.exclude") for p in spec.get("exclude") or [])
        cue = cues
        if spec.get("negation_extra"):
            cue = f"(?:{cues}|{_squash(spec['negation_extra'])})"
        negation = _compile(f"{cue}{fillers}*$", defs, f"{key}.negation")
        compiled.append(_Category(key, tuple(triggers), exclude, negation))

    return _Rules(fold_table, replace, replacements, window, tuple(compiled))


_lock = threading.Lock()
_cached: _Rules | None = None


def _rules() -> _Rules:
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = load_rules()
    return _cached


# --- matching -------------------------------------------------------------------------------

def prepare(text: str, rules: _Rules | None = None) -> str:
    """The text the patterns see: normalised, traditional characters folded, typos fixed."""
    rules = rules or _rules()
    t = normalize(text).translate(rules.fold)
    if rules.replace is not None:
        t = rules.replace.sub(lambda m: rules.replacements[m.group(0)], t)
    return t


def _find(cat: _Category, t: str, window: int) -> str | None:
    excluded: list[tuple[int, int]] | None = None
    # Each pattern is searched on its own: Python's regex engine skips ahead on a pattern's
    # possible first characters, which one big alternation of all of them would defeat.
    for trig in cat.triggers:
        context_checked = False
        for m in trig.pattern.finditer(t):
            if not context_checked:
                if trig.needs and not any(p.search(t) for p in trig.needs):
                    break
                if any(p.search(t) for p in trig.unless):
                    break
                context_checked = True
            start, end = m.span()
            if excluded is None:
                excluded = [x.span() for p in cat.exclude for x in p.finditer(t)]
            if any(s < end and start < e for s, e in excluded):
                continue
            if cat.negation.search(t, max(0, start - window), start):
                continue
            return m.group(0)
    return None


def detect(text: str) -> UrgentSignal | None:
    """The most urgent signal in the message, or None. Never raises."""
    try:
        if not isinstance(text, str):
            return None
        stripped = text.strip()
        if not stripped or stripped.startswith("/"):  # empty, or a button payload such as /intent{...}
            return None
        rules = _rules()
        t = prepare(stripped, rules)
        for cat in rules.categories:
            matched = _find(cat, t, rules.window)
            if matched is not None:
                label, life_at_risk = CATEGORIES[cat.key]
                return UrgentSignal(cat.key, label, life_at_risk, matched)
        return None
    except Exception:  # a broken data file must not take the conversation down with it
        log.exception("urgency detection failed")
        return None


# --- replies --------------------------------------------------------------------------------

_FIRST_LINE = {
    "self_harm": "您现在安全吗？如果已经伤到自己，或者觉得马上撑不住了，请立刻打120；身边有危险就打110。",
    "violence": "如果您现在有危险，请马上打110报警，先离开现场，去人多、安全的地方；有人受伤就打120。",
    "serious_injury": "如果有人伤得很重，请马上打120，说清楚地址和伤情；着火打119，现场还有危险就打110。",
}

_BODY = {
    "self_harm": (
        "谢谢您愿意说出来，您遇到的事真的很难，这不是您的错。\n"
        "心里难受、想找人说说，可以打全国统一心理援助热线12356，有专业的人接听。\n"
        "欠的钱、工作上的事，工会会和您一起想办法，不用一个人扛。"
    ),
    "violence": (
        "您的安全最要紧。再生气也先别跟对方硬碰，保护好自己，欠的钱、受的伤都可以依法追回来。\n"
        "能的话留好伤情照片、就医记录、聊天记录和在场的人。"
    ),
    "serious_injury": (
        "先救人，可能伤到头、脖子、腰的人不要随便挪动，等急救人员来。\n"
        "之后留好病历、票据、现场照片和在场工友的联系方式，认定工伤时用得上。"
    ),
    "group_action": (
        "被欠钱、受委屈，大家生气很正常，我理解。\n"
        "但请先别去堵路、堵门、爬塔吊，也别做可能伤到自己或者违法的事，那样吃亏的往往是大家自己。\n"
        "工会可以帮大家走合法的路一起维权：一起向劳动监察投诉（12333），或者一起申请劳动仲裁，人多证据也多。"
    ),
    "detained_documents": (
        "用人单位不能扣押您的身份证和其他证件，这是《劳动合同法》第九条明确规定的。\n"
        "可以先要求对方归还；不还的话，可以向劳动监察投诉（12333），也可以直接报警（110）。\n"
        "记下是谁、什么时候收走的，留好聊天记录或证人。"
    ),
    "forced_labour": (
        "如果您现在不能自由离开，或者有人看着您、威胁您，请马上打110报警，说清楚在哪里。\n"
        "不让走、关人、收手机不让联系家里，都是违法的，您有权离开。能联系上家人朋友的话，先告诉他们您在哪。"
    ),
}


def reply(signal: UrgentSignal) -> str:
    """A calm, short reply with the numbers that matter for this signal (any category, also one
    not in CATEGORIES: a life-at-risk signal then gets 110 and 120 first)."""
    hotline = get_settings().hotline  # 12351, 职工服务热线
    lines = []
    if signal.category in _FIRST_LINE:
        lines.append(_FIRST_LINE[signal.category])
    elif signal.life_at_risk:
        lines.append("如果您或身边的人现在有危险，请马上打110；有人受伤就打120。")
    lines.append(_BODY.get(signal.category, "您说的情况很要紧，我们会认真对待。"))
    # Said before the ticket is stored (the caller flags the case): a promise, not a receipt.
    closing = f"您的情况会转给工会工作人员，他们会尽快联系您；着急也可以直接打职工服务热线{hotline}。"
    if signal.category == "self_harm":
        closing += "\n您愿意的话，继续跟我说说现在的情况，我在这儿听着。"
    lines.append(closing)
    return "\n".join(lines)
