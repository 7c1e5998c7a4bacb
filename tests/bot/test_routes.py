"""Where this worker takes their matter (bot/knowledge/routes.py, data/applied/routes.yml)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.cases.profile import Profile
from bot.knowledge import routes

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("text", ["去哪告", "那咋弄 去哪告", "那我能去仲裁不", "劳动仲裁能管不 去哪里起诉", "找哪个部门",
                                  "点告佢", "该去哪投诉", "咁我可以去边度告佢哋", "那阿拉现在哪能弄 要去寻啥人"])
def test_asking_where_is_read(text):
    assert routes.asks_where(text)


@pytest.mark.parametrize("text", ["能要回来不", "那这俩月工资谁给", "产假多少天", "我去年进的厂"])
def test_other_questions_are_not_read_as_where(text):
    assert not routes.asks_where(text)


@pytest.mark.parametrize("profile, topic, route", [
    (Profile(relationship="household"), "wage_arrears", "household_court"),
    (Profile(relationship="intern", student=True, injured_at_work=True), "work_injury", "intern_school_court"),
    (Profile(relationship="retired_rehire", pension=True), "wage_arrears", "pension_drawer"),
    (Profile(injured_at_work=True), "labour_contract", "work_injury_recognition"),
    (Profile(injured_at_work=True, injury_reported=True), "work_injury", "arbitration"),  # recognised: benefits
    (Profile(relationship="dispatched"), "labour_contract", "dispatched"),
    (Profile(), "wage_arrears", "wages"),
    (Profile(), "social_insurance", "social_insurance"),
    (Profile(relationship="employee", pregnancy="breastfeeding"), "labour_contract", "arbitration"),
])
def test_the_route_follows_who_the_worker_is_then_the_matter(profile, topic, route):
    assert routes.route_for(profile, topic, TODAY).id == route


def test_every_route_cites_the_law_and_the_last_holds_for_everyone():
    found = routes.routes()
    assert all(r.basis and r.steps for r in found)
    assert not found[-1].when and not found[-1].topics


def test_a_route_without_a_basis_or_a_fallback_is_refused(tmp_path):
    bad = tmp_path / "routes.yml"
    bad.write_text("routes:\n  - id: x\n    lead: a\n    steps: [b]\n", encoding="utf-8")
    with pytest.raises(routes.RouteError, match="basis"):
        routes.load(bad)
    bad.write_text("routes:\n  - id: x\n    when: [{relationship: household}]\n    lead: a\n    steps: [b]\n"
                   "    basis: [{law: 劳动法, article: 第二条}]\n", encoding="utf-8")
    with pytest.raises(routes.RouteError, match="last route"):
        routes.load(bad)
    bad.write_text("routes:\n  - id: x\n    when: [{relationship: nanny}]\n    lead: a\n    steps: [b]\n"
                   "    basis: [{law: 劳动法, article: 第二条}]\n", encoding="utf-8")
    with pytest.raises(routes.RouteError, match="nanny"):
        routes.load(bad)
