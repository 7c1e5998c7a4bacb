from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.urgent import ActionHandleUrgent, ActionInform
from bot.db.models import Ticket
from bot.db.session import session_scope
from tests.actions.helpers import entity, tracker


def urgent_tracker(text, slots=None, active_loop=None):
    t = tracker(text, "urgent", confidence=1.0, slots=slots, active_loop=active_loop)
    t.latest_message["urgency"] = {"category": "self_harm", "label": "自伤自杀风险", "life_at_risk": True, "matched": "不想活"}
    return t


async def run(action, t):
    d = CollectingDispatcher()
    events = await action.run(d, t, {})
    return "\n".join(m.get("text") or "" for m in d.messages), events


async def test_urgent_message_gets_numbers_and_an_urgent_ticket_flagged_for_a_person(db_url):
    out, events = await run(ActionHandleUrgent(), urgent_tracker("工资要不回来 我真不想活了"))
    assert "12351" in out and "120" in out and "12356" in out
    ref = next(e["value"] for e in events if e.get("name") == "urgent_ref")
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert (t.priority, t.case_type, t.needs_human, t.contact_phone) == ("urgent", "urgent", True, "")
        assert "不想活" in t.description and t.priority_reasons


async def test_mid_form_the_form_is_closed_and_its_answers_kept_on_the_ticket(db_url):
    slots = {"wa_employer": "长沙某工地", "wa_phone": "13800001111", "requested_slot": "wa_amount"}
    out, events = await run(ActionHandleUrgent(), urgent_tracker("再不给钱我就从楼上跳下去", slots, "wage_arrears_form"))
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert "13800001111" in out  # the phone already given is the one staff will call
    ref = next(e["value"] for e in events if e.get("name") == "urgent_ref")
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert t.fields["form_values"]["wa_employer"] == "长沙某工地" and t.contact_phone == "13800001111"


async def test_a_second_urgent_message_is_added_to_the_same_ticket_and_a_phone_can_follow(db_url):
    _, events = await run(ActionHandleUrgent(), urgent_tracker("不想活了"))
    ref = next(e["value"] for e in events if e.get("name") == "urgent_ref")
    _, events2 = await run(ActionHandleUrgent(), urgent_tracker("真的撑不下去了", {"urgent_ref": ref}))
    assert next(e["value"] for e in events2 if e.get("name") == "urgent_ref") == ref
    out, _ = await run(ActionInform(), tracker("13912345678", "inform", entities=[entity("phone", "13912345678")],
                                               slots={"urgent_ref": ref}))
    assert "13912345678" in out
    with session_scope(db_url) as s:
        tickets = s.execute(select(Ticket)).scalars().all()
        assert len(tickets) == 1 and tickets[0].contact_phone == "13912345678" and len(tickets[0].events) == 3


async def test_inform_outside_a_form_without_an_urgent_case_points_to_the_next_step(db_url):
    d = CollectingDispatcher()
    await ActionInform().run(d, tracker("13912345678", "inform"), {})
    assert d.messages[0]["response"] == "utter_inform_outside_form"
