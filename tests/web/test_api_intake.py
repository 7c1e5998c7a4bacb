"""Hotline intake: the analysis of a call note and the ticket it becomes."""
from __future__ import annotations

import pytest

from .conftest import ticket_state

PARSE = {
    "intent": {"name": "wage_arrears", "confidence": 0.91},
    "intent_ranking": [{"name": "wage_arrears", "confidence": 0.91}, {"name": "greet", "confidence": 0.05},
                       {"name": "legal_aid", "confidence": 0.03}],
    "entities": [{"entity": "city", "value": "东莞"}, {"entity": "employer", "value": "某某电子厂"}],
}


def test_analyse_uses_the_classifier_and_finds_phone_and_amount(env):
    env.rasa.parse_result = PARSE
    r = env.login("hotline").post("/api/intake/analyse",
                                  {"text": "东莞某某电子厂拖欠工资8000元，回电 139-1234-5678"})
    assert r.status_code == 200
    d = r.json()
    assert env.rasa.parsed == ["东莞某某电子厂拖欠工资8000元，回电 139-1234-5678"]
    assert d["intent"] == "wage_arrears" and d["intent_label"] == "欠薪讨薪" and d["confidence"] == 0.91
    # only topics are offered
    assert [x["name"] for x in d["ranking"]] == ["wage_arrears", "legal_aid"]
    assert d["urgent"] is None
    s = d["suggestion"]
    assert s["category"] == "wage_arrears" and s["priority"] == "normal"
    assert s["contact_phone"] == "13912345678"
    assert s["city"] == "东莞" and s["employer"] == "某某电子厂"
    assert s["amount"] == "8000元"


def test_analyse_flags_urgency(env):
    env.rasa.parse_result = PARSE
    r = env.login("officer").post("/api/intake/analyse", {"text": "老板三个月不发工资，我想跳楼"})
    d = r.json()
    assert d["urgent"] == {"category": "self_harm", "label": "自伤自杀风险"}
    assert d["suggestion"]["priority"] == "urgent"
    assert d["suggestion"]["contact_phone"] is None


def test_analyse_falls_back_to_the_best_topic_or_general(env):
    env.rasa.parse_result = {"intent": {"name": "greet", "confidence": 0.6},
                             "intent_ranking": [{"name": "greet", "confidence": 0.6},
                                                {"name": "work_injury", "confidence": 0.3}], "entities": []}
    b = env.login("hotline")
    assert b.post("/api/intake/analyse", {"text": "你好，我手受伤了"}).json()["suggestion"]["category"] == "work_injury"
    env.rasa.parse_result = {"intent": {"name": "greet", "confidence": 0.9}, "intent_ranking": [], "entities": []}
    assert b.post("/api/intake/analyse", {"text": "你好"}).json()["suggestion"]["category"] == "general"


def test_analyse_when_rasa_is_down_is_502(env):
    env.rasa.fail.add("parse")
    r = env.login("hotline").post("/api/intake/analyse", {"text": "欠薪"})
    assert r.status_code == 502 and "手工填写" in r.json()["detail"]


def test_analyse_rejects_empty_text(env):
    assert env.login("hotline").post("/api/intake/analyse", {"text": ""}).status_code == 422


@pytest.mark.parametrize("phone", ["12345", "", "138123456", "电话没留"])
def test_saving_with_a_bad_phone_is_422_in_chinese(env, phone):
    r = env.login("hotline").post("/api/intake/tickets", {"category": "wage_arrears", "description": "欠薪",
                                                          "contact_phone": phone, "priority": "normal"})
    assert r.status_code == 422
    assert r.json()["detail"] == "请填写正确的联系电话（11位手机号或带区号的座机）"
    assert env.login("admin").get("/api/queue?status=all").json()["items"] == []


@pytest.mark.parametrize("body,detail", [({"category": "bogus"}, "请选择话题"), ({"priority": "asap"}, "请选择优先级")])
def test_saving_with_a_bad_choice_is_422(env, body, detail):
    full = {"category": "wage_arrears", "description": "欠薪", "contact_phone": "13812345678", "priority": "normal",
            **body}
    r = env.login("hotline").post("/api/intake/tickets", full)
    assert r.status_code == 422 and r.json()["detail"] == detail


def test_saving_creates_a_hotline_ticket(env):
    b = env.login("hotline")
    r = b.post("/api/intake/tickets", {"category": "wage_arrears", "description": "  来电：工地欠薪三个月  ",
                                       "contact_phone": "139 1234 5678", "contact_name": "陈师傅",
                                       "priority": "high", "city": "东莞", "employer": "某某电子厂"})
    assert r.status_code == 200
    ref = r.json()["reference"]
    t = ticket_state(ref)
    assert t.channel == "hotline" and t.category == "wage_arrears" and t.priority == "high" and t.queue == "hotline"
    assert t.contact_phone == "13912345678" and t.contact_name == "陈师傅" and t.description == "来电：工地欠薪三个月"
    assert t.fields == {"city": "东莞", "employer": "某某电子厂"} and t.needs_human is False
    assert t.sender_id == "hotline:hot1" and t.case_type == "hotline"
    assert [(e.kind, e.actor) for e in t.events] == [("created", "hotline"), ("note", "hot1")]
    assert ref in [i["reference"] for i in b.get("/api/queue").json()["items"]]


def test_a_legal_aid_call_goes_to_the_legal_aid_queue_and_urgent_needs_a_person(env):
    b = env.login("hotline")
    r = b.post("/api/intake/tickets", {"category": "legal_aid", "description": "被打伤了想申请法律援助",
                                       "contact_phone": "020-87654321", "priority": "urgent"})
    t = ticket_state(r.json()["reference"])
    assert t.queue == "legal_aid" and t.priority == "urgent" and t.needs_human is True
    assert t.contact_phone == "020-87654321"
    items = b.get("/api/queue?queue=legal_aid").json()["items"]
    assert [i["reference"] for i in items] == [r.json()["reference"]]


@pytest.mark.parametrize("intent", ["leave_message", "request_human", "check_ticket_status"])
def test_the_suggested_category_is_one_the_form_accepts(env, intent):
    """The analysis pre-fills the intake form: its category must be one that saving accepts."""
    from bot.cases.tickets import CATEGORIES

    env.rasa.parse_result = {"intent": {"name": intent, "confidence": 0.8},
                             "intent_ranking": [{"name": intent, "confidence": 0.8},
                                                {"name": "wage_arrears", "confidence": 0.1}], "entities": []}
    b = env.login("hotline")
    d = b.post("/api/intake/analyse", {"text": "想留言，厂里欠薪，电话13912345678"}).json()
    assert d["suggestion"]["category"] in CATEGORIES
    assert all(r["name"] in CATEGORIES for r in d["ranking"])
    s = d["suggestion"]
    r = b.post("/api/intake/tickets", {"category": s["category"], "description": s["description"],
                                       "contact_phone": s["contact_phone"], "priority": s["priority"]})
    assert r.status_code == 200
