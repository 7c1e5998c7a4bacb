"""The outside alert (UNION_ALERT_WEBHOOK) in 企业微信 group-robot format, to a stub receiver on
loopback: an urgent ticket posts reference, category, region and link, and no personal data."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.cases import tickets
from bot.console import alerts

WAIT = 30  # seconds: generous, the post is on a background thread


@pytest.fixture
def receiver():
    got: list[dict] = []
    arrived = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            got.append({"path": self.path, "type": self.headers.get("Content-Type"), "json": json.loads(body)})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"errcode":0,"errmsg":"ok"}')
            arrived.set()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=test", got, arrived
    finally:
        server.shutdown()
        server.server_close()


def test_an_urgent_ticket_posts_the_group_robot_message(db_url, receiver, monkeypatch):
    url, got, arrived = receiver
    monkeypatch.setenv("UNION_ALERT_WEBHOOK", url)
    monkeypatch.setenv("UNION_CONSOLE_URL", "https://union.example/console/")
    ref = tickets.open_ticket(description="我不想活了，老板还欠我8000元，电话13812345678", phone="13812345678",
                              name="王师傅", sender_id="s1", category="wage_arrears", priority="urgent",
                              case_type="urgent", fields={"wa_city": "深圳宝安"}, db_url=db_url).reference
    assert arrived.wait(WAIT), "no alert reached the receiver"
    assert len(got) == 1
    msg = got[0]
    assert msg["path"].endswith("key=test") and msg["type"].startswith("application/json")
    assert set(msg["json"]) == {"msgtype", "text"} and msg["json"]["msgtype"] == "text"
    content = msg["json"]["text"]["content"]
    assert f"编号：{ref}" in content and "类别：欠薪讨薪" in content and "地区：深圳市总工会" in content
    assert f"https://union.example/console/tickets/{ref}" in content
    for secret in ("13812345678", "5678", "王师傅", "不想活", "8000"):
        assert secret not in content


def test_a_normal_ticket_or_no_webhook_posts_nothing(db_url, receiver, monkeypatch):
    url, got, arrived = receiver
    monkeypatch.delenv("UNION_ALERT_WEBHOOK", raising=False)
    assert alerts.notify("urgent", None, db_url=db_url) is None
    tickets.open_ticket(description="咨询", phone="13812345678", sender_id="s2", priority="urgent",
                        case_type="urgent", db_url=db_url)
    monkeypatch.setenv("UNION_ALERT_WEBHOOK", url)
    tickets.open_ticket(description="普通留言", phone="13812345678", sender_id="s3", db_url=db_url)
    # the handoff alert (no ticket yet): the central queue and the handoff list
    t = alerts.notify("handoff", None, db_url=db_url)
    assert t is not None
    t.join(WAIT)
    assert len(got) == 1  # only the handoff alert was sent
    content = got[0]["json"]["text"]["content"]
    assert "职工等待人工接入" in content and "#/handoffs" in content and "尚未登记工单" in content


def test_an_unreachable_receiver_does_not_fail_the_ticket(db_url, monkeypatch):
    monkeypatch.setenv("UNION_ALERT_WEBHOOK", "http://127.0.0.1:9/unreachable")
    receipt = tickets.open_ticket(description="危险", phone="", sender_id="s4", priority="urgent",
                                  case_type="urgent", db_url=db_url)
    assert receipt.created
    assert alerts.post("http://127.0.0.1:9/unreachable", {"msgtype": "text"}) is False
