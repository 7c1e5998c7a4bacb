"""What a worker's reply to a form's read-back means: confirm, change, refuse, cancel, or unclear.

One function decides it for every form (the case forms, the calculators, courses, leaving a
message). Nothing is stored unless the worker clearly agreed: a yes-word counts only when no
negation governs it ("不行", "不可以", "这样不行吧", "先别提交" are not a yes, although 行 and
可以 are in them), a question ("可以吗") is not an answer, and anything unclear is asked again.
The classifier's affirm/deny are trusted only for buttons (payloads), never for typed words.
"""
from __future__ import annotations

import enum
import re

from bot.common.text import normalize


class Decision(enum.Enum):
    CONFIRM = "confirm"    # store it
    CHANGE = "change"      # something is wrong: show the edit menu (or take the typed correction)
    REFUSE = "refuse"      # not like this: do not store, offer to change or cancel
    CANCEL = "cancel"      # leave the form, nothing stored
    UNCLEAR = "unclear"    # ask again


# Phrases that agree although they hold a negation character; and merely polite ones.
_AGREE_WITH_NEG = re.compile(r"没问题|没毛病|没错|不错|没有问题|没得问题|冇问题|无误|没啥问题|没什么问题|不用改|不用修改|不需要改|不改了|无需修改")
_NEUTRAL = re.compile(_AGREE_WITH_NEG.pattern + r"|不好意思|麻烦")
_CANCEL = re.compile(
    r"不办了?|算了|取消|不弄了|不登记|不申请|不填了?|不要了|退出|不报了|不查了|不算了|不想办|不提交了|不交了|不留了|不报名了|撤销|作废"
)
_CHANGE = re.compile(r"改|错|不对|有问题|重填|更正|重新填|重来|漏了|写反|不是这个")
_HOLD = re.compile(r"想想|考虑|等等|等一下|等会|稍等|再看看|先看看|先不急|先放着|晚点|回头再")
_PARTICLES = r"[吧啊呀哦了嘛呢哈啦滴的!！。.~～\s]*"
_YES_PHRASE = re.compile(
    r"确认|确定|提交|可以|好的|好滴|好哒|好嘞|好啊|对的|是的|同意|就这样|发吧|交吧|要得|行吧|行啊|行的|没问题|ok|okay|yes|👌|👍"
)
_YES_ALONE = re.compile(rf"^(?:行|好|对|是|嗯+|恩+|中|妥|得|好好|对对|是是|可){_PARTICLES}$")
_NEGATED_YES = re.compile(
    r"(?:不|没|别|未|甭|莫|勿|唔|冇)(?:太|怎么|大|要|用|能|会|想|是很)?(?:行|好|对|可以|中|妥|确认|确定|提交|同意|要得|是)"
)
_NO_ALONE = re.compile(rf"^(?:不|不要|不用|no|nope|否|没有|别){_PARTICLES}$")
_A_NOT_A = re.compile(r"(行|好|对|是|可以|中)不\1|(行|好|对|是|中)没\2")
_QUESTION = re.compile(r"[?？]|吗|么\s*$|不\s*$")


def decide(text: str, *, intent: str | None = None, is_payload: bool = False) -> Decision:
    """The meaning of a reply to "确认提交吗？". ``intent`` is used only for buttons."""
    if is_payload:
        return {"affirm": Decision.CONFIRM, "deny": Decision.REFUSE, "stop": Decision.CANCEL}.get(intent or "", Decision.UNCLEAR)
    t = normalize(text)
    if not t:
        return Decision.UNCLEAR
    if _CANCEL.search(t):
        return Decision.CANCEL
    agrees = bool(_AGREE_WITH_NEG.search(t))
    rest = _NEUTRAL.sub(" ", t).strip()
    if _CHANGE.search(rest):
        return Decision.CHANGE
    if _NO_ALONE.match(rest):
        return Decision.REFUSE
    if _A_NOT_A.search(rest) or (_QUESTION.search(rest) and not agrees):
        return Decision.UNCLEAR  # "可以吗？", "行不行": a question, not an agreement
    if _NEGATED_YES.search(rest):
        return Decision.REFUSE
    if _HOLD.search(rest):
        return Decision.UNCLEAR
    if agrees or _YES_PHRASE.search(rest) or _YES_ALONE.match(rest):
        return Decision.CONFIRM
    return Decision.UNCLEAR
