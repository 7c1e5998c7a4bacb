"""Other law and other services are referred to where the person can get help."""
from __future__ import annotations

import pytest

from bot.knowledge.referrals import referral_for


@pytest.mark.parametrize("text, key, number", [
    ("跟老公闹离婚 孩子抚养费咋算", "family", "12348"),
    ("我爸走了 遗产几个兄弟咋分", "family", "12348"),
    ("房东扣了我一千押金不退", "property", "12345"),
    ("我家老房子要拆迁 补偿太少", "property", "12348"),
    ("周末开车被人追尾了 对方不认", "traffic", "122"),
    ("同学借了我五千 写了借条 现在不还", "debt", "12348"),
    ("给孩子报的补习班倒闭了 学费不退", "consumer", "12315"),
    ("网上刷单被骗了八千", "fraud", "110"),
    ("车险理赔保险公司一直拖", "finance", "12378"),
])
def test_each_area_names_a_reachable_service(text, key, number):
    r = referral_for(text)
    assert r is not None and r.key == key and number in r.reply


def test_chit_chat_and_buttons_get_no_referral():
    for text in ("明天下雨吗", "讲个笑话", "/out_of_scope", ""):
        assert referral_for(text) is None
