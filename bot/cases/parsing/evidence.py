"""Which kinds of evidence a worker has: "合同没有，有工资条和微信聊天记录"."""
from __future__ import annotations

import re

from bot.common.text import normalize


EVIDENCE_LABELS = {
    "contract": "劳动合同",
    "payslips": "工资条/工资单",
    "attendance": "考勤记录/打卡记录",
    "chat_records": "聊天记录（微信等）",
    "bank_records": "银行流水/转账记录",
    "iou": "欠条/结算单",
    "witnesses": "工友证人",
    "work_id": "工牌/工作证/工服",
}

_EVIDENCE_WORDS = {
    "contract": ("劳动合同", "用工合同", "劳务合同", "合同", "劳务协议", "用工协议", "协议", "合约"),
    "payslips": ("工资条", "工资单", "工资表", "工资明细", "工资清单", "薪资单"),
    "attendance": ("考勤记录", "考勤表", "考勤", "打卡记录", "打卡", "指纹", "签到", "出勤", "记工本", "记工", "工时记录", "上班记录"),
    "chat_records": ("微信聊天记录", "聊天记录", "微信聊天", "微信记录", "微信", "聊天", "语音", "截图", "短信", "录音", "qq", "通话记录"),
    "bank_records": ("银行流水", "流水", "转账记录", "转账截图", "转账", "银行卡记录", "银行记录", "银行卡", "打款记录", "工资卡",
                     "到账记录", "微信转账", "支付宝", "收款记录", "交易记录"),
    "iou": ("欠条", "结算单", "白条", "欠据", "对账单", "欠款单", "借条", "欠款证明", "结算"),
    "witnesses": ("工友", "同事", "证人", "作证", "人证", "老乡"),
    "work_id": ("工牌", "厂牌", "工作证", "工服", "工衣", "厂服", "胸牌", "工卡", "门禁卡", "出入证"),
}
_EVIDENCE_KEY = {word: key for key, words in _EVIDENCE_WORDS.items() for word in words}
_EVIDENCE = re.compile("|".join(sorted(map(re.escape, _EVIDENCE_KEY), key=len, reverse=True)))
_EV_MARK = re.compile(
    r"(?P<neg>没有|没得|木有|没|无|未|丢|删|不见|找不到|不给|不发|不签|不在|冇)|(?P<pos>有|签了|给了|留着|保存|保留|存着|拍了|在)"
)
_EV_SEP = re.compile(r"[，,。.;；!！?？\s]+|但是|但|不过|可是|只是")
_EV_OTHERS = re.compile("别的|其他|其它|其余|剩下")
_EV_ALL = re.compile("都|也|全|一样")
_EV_FILLER = re.compile(
    r"[\s\W_]|什么|啥子|啥|都|也|任何|证据|东西|材料|凭证|一样|一个|一点|我|俺|了|啊|呀|的|哦|呢|手上|手里|手头|目前|现在"
    r"|暂时|还|就|好像|应该|可能|真的|确实|全"
)
_EV_NOTHING = re.compile(r"(?:没有?|无|木有|没得|冇)(?:有|留|留下|保存|保留|拿到|签|给)*")


def _split_gap(gap: str) -> tuple[str, str]:
    """The text between two items: (what still belongs to the left one, what leads into the right one)."""
    seps = list(_EV_SEP.finditer(gap))
    return (gap[: seps[0].start()], gap[seps[-1].end():]) if seps else (gap, gap)


def _marks(text: str) -> list[bool]:
    """The yes (True) and no (False) words in the text, in order."""
    return [m.lastgroup == "pos" for m in _EV_MARK.finditer(text)]


def _evidence_groups(t: str, items: list[re.Match]) -> list[list[re.Match]]:
    """Items joined by nothing but 和/、/的... ("工资条和微信聊天记录") share one yes or no."""
    groups = [[items[0]]]
    for prev, cur in zip(items, items[1:]):
        gap = t[prev.end():cur.start()]
        if _EV_SEP.search(gap) or _EV_MARK.search(gap):
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


def _group_context(t: str, groups: list[list[re.Match]]) -> tuple[list[str], list[str]]:
    """The words before and after each group that speak about it."""
    n = len(groups)
    gaps = [t[: groups[0][0].start()]]
    gaps += [t[a[-1].end():b[0].start()] for a, b in zip(groups, groups[1:])]
    gaps.append(_EV_OTHERS.split(t[groups[-1][-1].end():])[0])  # "..., 别的都没有" is about other things
    pre, post = [""] * n, [""] * n
    pre[0], post[-1] = gaps[0], gaps[-1]
    for i in range(1, n):
        left, right = _split_gap(gaps[i])
        if _EV_SEP.search(gaps[i]):
            post[i - 1], pre[i] = left, right
        elif _marks(_split_gap(gaps[i + 1])[0] if i + 1 < n else gaps[-1]):
            post[i - 1] = gaps[i]  # 合同没有工资条也没有: the 没有 is the contract's
        else:
            pre[i] = gaps[i]  # 没合同有工资条: the 有 is the payslips'
    return pre, post


def parse_evidence(text: str) -> list[str] | None:
    """Which kinds of evidence the worker has, as EVIDENCE_LABELS keys in that order.

    Negation is per item: "合同没有，有工资条和微信聊天记录" -> ["payslips", "chat_records"].
    "都没有" / "没有证据" -> []; an answer naming no kind of evidence -> None."""
    t = normalize(text)
    items = list(_EVIDENCE.finditer(t))
    if not items:
        rest = _EV_FILLER.sub("", t)
        return [] if rest and _EV_NOTHING.fullmatch(rest) else None
    groups = _evidence_groups(t, items)
    pre, post = _group_context(t, groups)
    has: list[bool | None] = []
    for before, after in zip(map(_marks, pre), map(_marks, post)):
        has.append(before[-1] if before else after[0] if after else None)  # 没有合同 / 合同没有
    for i in reversed(range(len(groups) - 1)):  # 合同，工资条，都没有: a collective 都/也 reaches back
        if has[i] is None and has[i + 1] is not None and not _marks(pre[i + 1]) and _EV_ALL.search(post[i + 1]):
            has[i] = has[i + 1]
    found = {_EVIDENCE_KEY[m.group()] for group, yes in zip(groups, has) if yes is not False for m in group}
    return [key for key in EVIDENCE_LABELS if key in found]
