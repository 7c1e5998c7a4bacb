"""A worker who asks in the chat to see or delete their data ("删除我的信息", "我要查我的个人信息").

No intent of its own (that would need retraining): the actions that receive whatever the
classifier makes of such a message (out of scope, the fallback, an FAQ answer) check the words
first. The worker is told how it works — staff verify that it is them, by the number on file —
and may leave a message, which becomes a ticket of kind privacy request (case_type "privacy").
"""
from __future__ import annotations

import re

from bot.common.facts import HOTLINE_NAME

CASE_TYPE = "privacy"
_VERB = r"(删除|删掉|删了|删|清除|销毁|注销|撤回|查看|查|调取|导出|复制|看看|看|更正|改正|怎么用|用来干|保存多久|存多久|保存)"
_NOUN = r"((我的|我)(个人)?(信息|资料|数据|隐私|记录)|个人信息|隐私)"
_REQUEST = re.compile(f"{_VERB}.{{0,8}}{_NOUN}|{_NOUN}.{{0,8}}{_VERB}")
_NOT_MINE = re.compile(r"(工资|社保|公积金|工伤|合同|仲裁|参保|缴费|会员|入会|报名|培训|进度|编号)")

REPLY = (
    "您可以要求查看、复制、更正或删除您在这里留下的个人信息（《个人信息保护法》第四十四至四十七条）。\n"
    "为了防止别人冒充您，需要工作人员先核实是您本人：\n"
    f"1. 拨打{HOTLINE_NAME}，说明要查看还是删除；或者\n"
    "2. 点下面的「给工作人员留言」，写明要查看还是删除，留下您登记时用的手机号，有编号也写上。\n"
    "工作人员会打您登记的电话核实，然后办理，并告诉您结果。"
)
BUTTONS = [{"title": "给工作人员留言", "payload": "/leave_message"}]


def is_request(text: str) -> bool:
    """A request about the worker's own data, not a question about their wages' records or a case's progress."""
    t = (text or "").strip()
    if not t or t.startswith("/"):
        return False
    m = _REQUEST.search(t)
    return bool(m) and not _NOT_MINE.search(t)
