"""Short answers that pick: yes / no / don't know, still working there or left, a name, a phone's
last four digits, an option from a menu."""
from __future__ import annotations

import re
import unicodedata

from bot.common.phones import parse_phone
from bot.common.text import normalize
from bot.cases.parsing.numbers import DIGITS


_UNKNOWN = re.compile(
    r"不知道|不清楚|不确定|不记得|记不得|记不清|忘了|忘记|说不清|说不好|说不准|不晓得|搞不清|弄不清"
    r"|不了解|没印象|不懂|不知|不造|idk|don'?t know|not sure|dunno"
)
_ECHO = re.compile(r"([^没不])[没不]\1|有无|是否")  # 有没有, 是不是, 签没签: the question echoed back
_YES_DESPITE_NEG = re.compile("没问题|没错|没毛病|不错|不少|差不多")
_NO = re.compile(r"没|不|无|未|否|冇|木有|\bno\b|\bnope\b|\bnot\b|^n$")
_YES = re.compile(
    r"有|是|对|嗯|恩|在|好|行|可以|签|报|交|缴|买|办|参|当然|肯定|确定|必须|ok|\byes\b|\byeah\b|\byep\b"
    r"|\bsure\b|^y$|👍"
)


def parse_unknown(text: str) -> bool:
    """True when the worker says they don't know: "不知道", "不清楚", "不记得了", "忘了", "说不清"."""
    return bool(_UNKNOWN.search(normalize(text)))


def parse_yes_no(text: str) -> bool | None:
    """"有"/"嗯"/"签了"/"是的"/"yes" True; "没有"/"没签"/"不是" False; "不知道" None.

    A negation wins over the word it negates ("没有签" False); an echoed question is ignored
    ("有没有我不知道" None). With a don't-know, only a clear no still counts ("不知道没有" False)."""
    t = _YES_DESPITE_NEG.sub("对", _ECHO.sub(" ", normalize(text)))
    unsure = bool(_UNKNOWN.search(t))
    t = _UNKNOWN.sub(" ", t)
    if _NO.search(t):
        return False
    if _YES.search(t) and not unsure:
        return True
    return None


_STILL_THERE = re.compile(r"(?:没|没有|未|还没有?)\s*(?:离职|走|辞|被开|开除|被炒|被裁|被辞|离开)")
_LEFT = re.compile(
    r"走了|离职|离开|被开|开除|辞了|辞职|不干了|不做了|没干了|没做了|不在职|不在(?:那|厂|这|了)|没在(?:那|厂|这|干|做)"
    r"|辞退|倒闭|跑了|跑路|回老家|回家了|被炒|炒鱿鱼|炒了|解雇|裁员|被裁|解除|干完了|做完了|完工|停工|关门|黄了"
    r"|不让干|赶走|撵走|自离|走人"
)
_STILL_WORKING = re.compile(r"还在|在职|在干|在上班|在做|上着班|干着|做着|继续干|继续做|仍在|还上班|还干|还做")


def parse_employment(text: str) -> str | None:
    """"employed" ("还在干", "在职", "没走", "没离职") or "left" ("离职了", "被开了", "厂子倒闭了",
    "老板跑了"); None when the answer says neither."""
    t = normalize(text)
    if _STILL_THERE.search(t):
        return "employed"
    if _LEFT.search(t):
        return "left"
    if _STILL_WORKING.search(t):
        return "employed"
    return None

# ---------------------------------------------------------------------------------------------
# Names, phone digits, menus

_NAME_DECLINE = re.compile(
    r"不想说|不想告诉|不告诉|不方便|不愿意|不说|不留|跳过|不用|保密|匿名|不需要|不要|算了|免了|\bpass\b|\bskip\b"
)
_NAME_BAD = re.compile(r"[0-9?？]|怎么|吗|什么|为什么|多少|哪|谁|啥|咋|工资|老板|欠|投诉|不知道|http|www|你好|您好|在吗|hello|\bhi\b")
_NAME_CLAUSE = re.compile(r"[，,。;；!！\n]+")
_NAME_CALLED = re.compile(r"^\s*(?:我的名字|我名字|名字|姓名|我叫|俺叫|叫)")
_NAME_INTRO = re.compile(
    r"^\s*(?:(?:嗯|哦|好的?)[,，\s]*)?(?:我的名字(?:是|叫)|我名字(?:是|叫)|名字(?:是|叫)?|姓名(?:是|叫)?|我叫|俺叫|叫我|叫"
    r"|我是|俺是|称呼我|本人|免贵姓|我姓|俺姓|姓|my name is|i am|i'm|name)[:：\s]*"
)
_NAME_END = re.compile(r"(?:就行了?|就好了?|就可以了?|就是了|吧|啊|呀|哈|哦|呢|啦|了|的)+$")
_NAME_CHARS = re.compile(r"[\u3400-\u9fffa-zA-Z·•.'\- ]{1,20}")


def parse_name(text: str) -> str | None:
    """The worker's name: "我叫张三" "张三", "姓王" "王", "Zhang Wei". "" when they decline
    ("不想说", "不留了", "跳过", "保密"); None for anything that is not a name."""
    t = normalize(text)
    if _NAME_DECLINE.search(t):
        return ""
    if not t or _NAME_BAD.search(t):
        return None
    clauses = [c for c in _NAME_CLAUSE.split(t) if c.strip()]
    clause = next((c for c in clauses if _NAME_CALLED.match(c)), clauses[0] if clauses else "")
    name = _NAME_END.sub("", _NAME_INTRO.sub("", clause, count=1)).strip(" .'-·")
    if not _NAME_CHARS.fullmatch(name):
        return None
    if name.isascii():  # normalize() lower-cased it: take the worker's own capitals back
        raw = " ".join(unicodedata.normalize("NFKC", text).split())
        if m := re.search(re.escape(name), raw, re.IGNORECASE):
            return m.group()
    return name

_PHONE_DIGITS = str.maketrans({**DIGITS, "幺": "1"})
_DIGIT_RUN = re.compile(r"\d+")


def parse_last4(text: str) -> str | None:
    """The last four digits of a phone: "5678", "尾号5678", "后四位是 5678", or a whole number."""
    t = normalize(text).replace(" ", "")
    if phone := parse_phone(t):
        return re.sub(r"\D", "", phone)[-4:]
    fours = [run for run in _DIGIT_RUN.findall(t.translate(_PHONE_DIGITS)) if len(run) == 4]
    return fours[0] if len(fours) == 1 else None


def parse_choice(text: str, options: dict[str, list[str]]) -> str | None:
    """The first option (in dict order) one of whose keywords occurs in the answer."""
    t = normalize(text)
    for key, keywords in options.items():
        if any(k and normalize(k) in t for k in keywords):
            return key
    return None
