"""Regions (分级办理): matching a worker's place to a local union (bot/console/regions.py)."""
from __future__ import annotations

import pytest

from bot.cases import tickets
from bot.console import regions
from bot.db.models import Ticket
from bot.db.session import session_scope

TABLE = regions.load()


@pytest.mark.parametrize("place,code", [
    ("广州", "guangzhou"), ("广州市天河区", "guangzhou"), ("在番禺打工", "guangzhou"),
    ("深圳南山区科技园", "shenzhen"), ("宝安 福永", "shenzhen"), ("深 圳 龙 华", "shenzhen"),
    ("東莞長安鎮", "dongguan"),            # traditional characters
    ("ＤＧ东莞虎门", "dongguan"),           # full-width letters around it
    ("佛山顺德", "foshan"), ("惠州博罗县", "huizhou"),
    ("广东省", "central"), ("北京朝阳", "central"), ("", "central"), (None, "central"),
])
def test_match(place, code):
    assert TABLE.match(place) == code


def test_longest_alias_wins_then_the_earliest():
    table = regions.parse_regions({
        "central": {"name": "中心"},
        "a": {"name": "甲", "aliases": ["南山"]},
        "b": {"name": "乙", "aliases": ["南山区"]},
        "c": {"name": "丙", "aliases": ["东城"]},
    })
    assert table.match("南山区") == "b"
    assert table.match("南山") == "a"
    assert table.match("东城南山") == "c"  # same length: the one written first


def test_of_fields_reads_the_form_place_fields():
    assert TABLE.of_fields({"wa_city": "深圳宝安"}) == "shenzhen"
    assert TABLE.of_fields({"city": "外地", "la_city": "佛山"}) == "foshan"
    assert TABLE.of_fields({"description": "广州的老板欠薪"}) == "central"  # only place fields count
    assert TABLE.of_fields(None) == "central"


def test_names_options_and_clean():
    assert TABLE.name("shenzhen") == "深圳市总工会"
    assert TABLE.name("nowhere") == TABLE.name(None) == TABLE.name("central")
    assert {"name": "central", "label": TABLE.name("central")} in TABLE.options()
    assert TABLE.clean(["shenzhen", "guangzhou"]) == ["guangzhou", "shenzhen"]  # the file's order
    with pytest.raises(ValueError):
        TABLE.clean(["mars"])


def test_the_file_needs_a_central_queue_and_names():
    with pytest.raises(ValueError):
        regions.parse_regions({"guangzhou": {"name": "广州市总工会"}})
    with pytest.raises(ValueError):
        regions.parse_regions({"central": {"aliases": ["x"]}})


def test_a_ticket_carries_the_region_of_its_place(db_url):
    gz = tickets.open_ticket(description="欠薪三个月", phone="13812345678", sender_id="a",
                             fields={"wa_city": "广州市白云区"}, db_url=db_url).reference
    none = tickets.open_ticket(description="想咨询一下", phone="13812345678", sender_id="b", db_url=db_url).reference
    with session_scope(db_url) as s:
        got = {t.reference: t.region for t in s.query(Ticket)}
    assert got == {gz: "guangzhou", none: "central"}
