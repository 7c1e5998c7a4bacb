"""Shared fixtures. Every test runs on the project's clock set to TEST_NOW (bot.common.clock):
in this process through the fixture below, in the processes tests start (action server, Rasa,
web app) through UNION_CLOCK_START, set here before anything reads it. No test depends on the
day it runs."""
from __future__ import annotations

import os

# A Friday morning in office hours; the course content and fixtures are dated relative to it.
TEST_NOW = "2026-11-20T10:00:00+08:00"
os.environ["UNION_CLOCK_START"] = TEST_NOW

import pytest  # noqa: E402

from bot.cli import migrate  # noqa: E402
from bot.common import clock  # noqa: E402
from bot.knowledge import faq

SAMPLE_FAQ = [
    {
        "slug": "wage_arrears.where_to_complain", "topic": "wage_arrears", "position": 0,
        "question": "老板拖欠工资，我该去哪里投诉？",
        "variants": ["工资被拖欠了找谁管", "包工头不给钱去哪告他", "欠薪可以打什么电话"],
        "answer": "可以向劳动保障监察机构投诉，或申请劳动仲裁，也可以找当地工会。",
        "legal_basis": [{"law": "保障农民工工资支付条例", "article": "第四十九条"}],
        "channels": ["12351", "12333"], "related": ["wage_arrears.evidence"], "source": "test",
    },
    {
        "slug": "wage_arrears.evidence", "topic": "wage_arrears", "position": 0,
        "question": "讨薪要准备哪些证据？",
        "variants": ["要工资需要什么证据", "没有合同怎么证明他欠我钱", "讨工钱要留啥凭证"],
        "answer": "保留劳动合同、工资条、考勤记录、聊天记录、工友证言等。",
        "legal_basis": [], "channels": [], "related": [], "source": "test",
    },
    {
        "slug": "join_union.dues", "topic": "join_union", "position": 0,
        "question": "工会会费交多少？",
        "variants": ["入会要交钱吗", "会费怎么算", "每个月扣多少会费"],
        "answer": "会员每月按本人工资收入的0.5%交纳会费。",
        "legal_basis": [{"law": "中国工会章程", "article": ""}],
        "channels": ["12351"], "related": [], "source": "test",
    },
    {
        "slug": "legal_aid.how_to_apply", "topic": "legal_aid", "position": 0,
        "question": "怎么申请法律援助？",
        "variants": ["想找免费律师怎么弄", "法律援助去哪申请", "请不起律师咋办"],
        "answer": "可以向办案机关所在地的法律援助机构申请，或拨打12348咨询。",
        "legal_basis": [{"law": "中华人民共和国法律援助法", "article": "第三十八条"}],
        "channels": ["12348"], "related": ["wage_arrears.where_to_complain"], "source": "test",
    },
]


@pytest.fixture(autouse=True)
def union_clock():
    """The clock reads TEST_NOW at the start of every test and ticks from there; rate-limit
    counts (bot.common.ratelimit) start from nothing."""
    from bot.common import ratelimit

    clock.travel_to(TEST_NOW)
    ratelimit.reset_limiter()
    yield clock
    clock.travel_to(TEST_NOW)
    ratelimit.reset_limiter()


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """A fresh, migrated SQLite database; the services' default URL points at it."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("UNION_DATABASE_URL", url)
    migrate(url)
    faq.index_cache.clear()
    yield url
    faq.index_cache.clear()


@pytest.fixture
def faq_db(db_url):
    from bot.knowledge.content import load_faq

    load_faq([dict(e) for e in SAMPLE_FAQ], db_url=db_url)
    return db_url
