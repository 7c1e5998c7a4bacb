"""The read-back decision: only a clear, unnegated yes stores anything."""
from __future__ import annotations

import pytest

from bot.dialogue.readback import Decision, decide

C, CH, R, X, U = Decision.CONFIRM, Decision.CHANGE, Decision.REFUSE, Decision.CANCEL, Decision.UNCLEAR


@pytest.mark.parametrize("text, expected", [
    # a yes, in the ways workers type it
    ("确认", C), ("确认提交", C), ("提交吧", C), ("好的", C), ("好", C), ("行", C), ("行吧", C), ("可以", C),
    ("可以的", C), ("对", C), ("对的", C), ("是的", C), ("嗯", C), ("嗯嗯", C), ("没问题", C), ("没毛病", C),
    ("ok", C), ("OK的", C), ("要得", C), ("中", C), ("冇问题", C), ("不用改 提交吧", C), ("不好意思 确认", C),
    ("嗯 可以提交", C), ("👌", C),
    # a refusal that contains a yes-word: never a yes
    ("不行", R), ("不可以", R), ("这样不行吧", R), ("这样不行", R), ("不好", R), ("先别提交", R), ("不要提交", R),
    ("还没确认", R), ("不是", R), ("不太对吧", R), ("no", R), ("不", R), ("不同意", R), ("不能提交", R),
    # something to change
    ("电话写错了", CH), ("银行卡号错了", CH), ("不对", CH), ("我是说电话号码要改", CH), ("可以但是电话错了", CH),
    ("金额有问题", CH), ("地址漏了", CH),
    # leave the form
    ("算了不办了", X), ("取消", X), ("不提交了", X), ("不留了", X),
    # a question or a pause is not an answer
    ("可以吗", U), ("确认提交吗", U), ("这样行吗？", U), ("行不行", U), ("提交不", U), ("我再想想", U),
    ("等一下", U), ("", U), ("这是啥意思", U),
])
def test_typed_replies(text, expected):
    assert decide(text) is expected


def test_buttons_use_the_payloads_intent_and_typed_words_never_do():
    assert decide("/affirm", intent="affirm", is_payload=True) is C
    assert decide("/deny", intent="deny", is_payload=True) is R
    assert decide("/stop", intent="stop", is_payload=True) is X
    # the classifier may call a refusal "affirm": typed words decide
    assert decide("这样不行吧", intent="affirm") is R
    assert decide("随便说点啥", intent="affirm") is U
