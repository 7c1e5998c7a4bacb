"""The review queue through the API."""
from __future__ import annotations

import yaml

from bot.console import review, staff


def _item(text="那个钱到底啥时候给", intent="nlu_fallback", confidence=0.21):
    return review.record(text, sender_id="w1", intent=intent, confidence=confidence)


def test_list_label_dismiss_and_export(env):
    a, b = _item(), _item("今天天气不错")
    hot = env.login("hotline")
    r = hot.get("/api/review")
    assert r.status_code == 200
    body = r.json()
    assert [i["id"] for i in body["items"]] == [a, b]
    first = body["items"][0]
    assert first["predicted_intent"] == "nlu_fallback" and first["predicted_label"] == "没听懂"
    assert first["confidence"] == 0.21 and first["status"] == "open" and first["created_at"].endswith("Z")
    names = {i["name"] for i in body["intents"]}
    assert {"wage_arrears", "greet", "out_of_scope"} <= names and "nlu_fallback" not in names and "urgent" not in names

    r = hot.post(f"/api/review/{a}", {"action": "label", "intent": "wage_arrears"})
    assert r.status_code == 200
    assert r.json()["status"] == "labelled" and r.json()["label_name"] == "欠薪讨薪" and r.json()["labelled_by"] == "hot1"
    assert hot.post(f"/api/review/{b}", {"action": "dismiss"}).json()["status"] == "dismissed"
    assert hot.get("/api/review").json()["items"] == []
    assert [i["id"] for i in hot.get("/api/review?status=labelled").json()["items"]] == [a]
    assert [i["id"] for i in hot.get("/api/review?status=dismissed").json()["items"]] == [b]

    r = hot.get("/api/review/export")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/yaml")
    assert "attachment" in r.headers["content-disposition"]
    data = yaml.safe_load(r.text)
    assert data["nlu"] == [{"intent": "wage_arrears", "examples": "- 那个钱到底啥时候给\n"}]
    assert "今天天气不错" not in r.text
    assert any(e.action == "review.export" and e.actor == "hot1" for e in staff.audit_entries())


def test_unknown_intent_is_422_and_the_item_stays_open(env):
    a = _item()
    hot = env.login("officer")
    for body in ({"action": "label", "intent": "made_up"}, {"action": "label", "intent": "nlu_fallback"},
                 {"action": "label"}, {"action": "label", "intent": ""}, {"action": "delete"}):
        r = hot.post(f"/api/review/{a}", body)
        assert r.status_code == 422, body
    assert [(i.id, i.status) for i in review.list_items("open")] == [(a, "open")]


def test_unknown_item_is_404(env):
    r = env.login("hotline").post("/api/review/9999", {"action": "label", "intent": "greet"})
    assert r.status_code == 404
