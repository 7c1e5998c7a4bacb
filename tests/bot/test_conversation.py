"""The case conversation's service: what the worker is told, once, and the worker's answer on the ticket."""
from sqlalchemy import select

from bot.cases import conversation
from bot.cases.tickets import open_ticket
from bot.console import console
from bot.db.models import StaffUser, Ticket, TicketEvent
from bot.db.session import session_scope


def _staff(db_url, username="wang", name="王坐席", role="hotline"):
    with session_scope(db_url) as s:
        s.add(StaffUser(username=username, display_name=name, role=role, password_hash="x"))


def _ticket(sender="w-conv", **kw):
    return open_ticket(description="老板欠了两个月工资", phone="13812345678", category="wage_arrears",
                       sender_id=sender, **kw).reference


def test_a_public_reply_is_told_once_with_the_staff_members_name_and_role(db_url):
    _staff(db_url)
    ref = _ticket()
    assert conversation.take_pending("w-conv") == []  # the "received" event was said when the case was filed
    console.add_note(ref, "内部：单位在核实", "wang", public=False)
    console.add_note(ref, "请问您什么时候方便接电话？", "wang", public=True)
    [notice] = conversation.take_pending("w-conv")
    assert notice.kind == "reply" and notice.reference == ref
    assert notice.later_text().startswith(f"您的工单 {ref} 有新回复（热线坐席 王坐席）：")
    assert "请问您什么时候方便接电话？" in notice.later_text() and "内部" not in notice.later_text()
    assert conversation.take_pending("w-conv") == []  # once


def test_a_status_change_is_told_as_progress(db_url):
    _staff(db_url)
    ref = _ticket()
    console.change_status(ref, "in_progress", "wang", "hotline")
    [notice] = conversation.take_pending("w-conv")
    assert notice.kind == "status" and notice.later_text() == f"您的工单 {ref} 有新进展：工作人员正在处理"


def test_a_failed_live_send_waits_for_the_next_message(db_url):
    _staff(db_url)
    ref = _ticket()
    console.add_note(ref, "请补充单位全称", "wang", public=True)
    notices = conversation.take_for_ticket(ref)
    assert len(notices) == 1 and conversation.take_pending("w-conv") == []
    conversation.undeliver([n.event_id for n in notices])
    assert [n.body for n in conversation.take_pending("w-conv")] == ["请补充单位全称"]


def test_hotline_tickets_have_no_chat_to_tell(db_url):
    ref = console.intake_ticket(category="wage_arrears", description="来电反映欠薪", phone="13812345678", name=None,
                                priority="normal", city=None, employer=None, actor="wang")
    console.add_note(ref, "已联系单位", "wang", public=True)
    assert conversation.take_pending("hotline:wang") == []
    assert not conversation.has_chat("hotline:wang") and not conversation.has_chat(None)


def test_the_workers_answer_goes_on_the_ticket_and_a_waiting_ticket_goes_back_to_staff(db_url):
    _staff(db_url)
    ref = _ticket()
    console.change_status(ref, "in_progress", "wang", "hotline")
    console.change_status(ref, "waiting", "wang", "hotline")
    assert conversation.record_answer(ref, "w-conv", "下午都行 晚上6点以后也行")
    detail = console.ticket_detail(ref, role="hotline")
    assert detail["status"] == "in_progress" and detail["new_activity"] and detail["new_activity_label"] == "职工有新回复"
    answer = [e for e in detail["events"] if e["kind"] == "worker"]
    assert answer[0]["body"] == "下午都行 晚上6点以后也行" and answer[0]["kind_label"] == "职工回复"
    assert answer[0]["actor_name"] == "职工" and not answer[0]["public"]
    assert any(i["reference"] == ref and i["new_activity"] for i in console.queue())
    console.add_note(ref, "已约好下午回电", "wang", public=False)  # a staff member acted: no longer new
    assert not console.ticket_detail(ref, role="hotline")["new_activity"]


def test_only_the_tickets_own_conversation_can_answer_on_it(db_url):
    ref = _ticket()
    assert not conversation.record_answer(ref, "someone-else", "我来冒充")
    assert not conversation.record_answer("GH-0000-0000", "w-conv", "没有这个工单")
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert t.worker_activity_at is None
        assert not s.execute(select(TicketEvent).where(TicketEvent.kind == "worker")).first()


def test_the_reply_state_names_its_ticket():
    assert conversation.replying_to(conversation.reply_state("GH-AAAA-BBBB")) == "GH-AAAA-BBBB"
    assert conversation.replying_to("live") is None and conversation.replying_to(None) is None


def test_nothing_pending_is_known_at_once_on_sqlite_and_left_to_take_pending_elsewhere(db_url):
    _staff(db_url)
    ref = _ticket()
    assert conversation.nothing_pending("w-conv")  # the "received" event is no news
    console.add_note(ref, "内部：单位在核实", "wang", public=False)
    assert conversation.nothing_pending("w-conv")  # a private note is never told
    console.add_note(ref, "请问您什么时候方便接电话？", "wang", public=True)
    assert not conversation.nothing_pending("w-conv") and not conversation.nothing_pending("w-conv")  # a check takes nothing
    assert len(conversation.take_pending("w-conv")) == 1
    assert conversation.nothing_pending("w-conv") and conversation.nothing_pending("hotline:wang")
    # a server database is not asked on the loop: take_pending decides (no connection is made here)
    assert not conversation.nothing_pending("w-conv", db_url="postgresql://nobody@127.0.0.1:9/none")
