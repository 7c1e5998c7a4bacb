"""The privacy notice before a form's first personal question, the separate consent for an ID-card
or bank-card number, and the consent record stored with what is submitted (PIPL arts. 17, 29)."""
import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.forms import ActionAskPrivacyConsent, SpecAskConfirm, SpecFormValidation
from actions.registry import LEAVE_MESSAGE
from actions.tickets import ActionSubmitTicket, AskTicketConfirm, ValidateLeaveMessageForm
from bot.cases import forms as f
from bot.cases import intake
from bot.common import clock
from bot.db.models import Ticket
from bot.db.session import session_scope
from bot.privacy import consent as privacy
from tests.actions.form_driver import FormDriver
from tests.actions.helpers import tracker
from actions.cases import ValidateWageArrearsForm

ID_NUMBER = "11010519491231002X"  # the standard's example number, valid check character


async def ask(driver: FormDriver) -> tuple[str, list[str]]:
    d = CollectingDispatcher()
    t = driver.tracker_only()
    t.active_loop = {"name": driver.spec.name}
    await ActionAskPrivacyConsent().run(d, t, {})
    return d.messages[0]["text"], [b["title"] for b in d.messages[0].get("buttons") or []]


def leave_message() -> FormDriver:
    return FormDriver(LEAVE_MESSAGE, ValidateLeaveMessageForm(), AskTicketConfirm(), consent=None)


@pytest.mark.asyncio
async def test_the_notice_comes_first_and_agreeing_is_stored_with_the_ticket(db_url):
    form = leave_message()
    assert form.requested == privacy.SLOT
    text, buttons = await ask(form)
    assert buttons == ["同意并继续", "不同意"]
    for words in ("留言", "联系", "工作人员", "保存3年", "入会申请1年", "删除我的信息", "12351"):
        assert words in text
    await form.say("/affirm", "affirm")
    assert form.requested == "ticket_description"
    record = form.slots[privacy.SLOT]
    assert record["agreed"] is True and record["version"] == privacy.NOTICE_VERSION
    assert record["at"].startswith(clock.today().isoformat())
    await form.say("老板欠我三个月工资不给，想让工会帮忙")
    await form.say("13900001111")
    await form.say("/affirm", "affirm")
    assert form.requested is None
    d = CollectingDispatcher()
    await ActionSubmitTicket().run(d, form.final_tracker(), {})
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket)).scalar_one()
        assert t.consent["agreed"] is True and t.consent["form"] == "leave_message_form"
    assert "留言已提交" in d.messages[0]["text"]


@pytest.mark.asyncio
async def test_refusing_ends_the_form_with_nothing_stored_and_offers_the_hotline(db_url):
    form = leave_message()
    out = await form.say("/deny", "deny")
    assert form.requested is None and privacy.declined(form.slots[privacy.SLOT])
    assert "没有保存" in out[0] and "12351" in out[0]
    d = CollectingDispatcher()
    events = await ActionSubmitTicket().run(d, form.final_tracker(), {})
    assert d.messages == []  # the refusal was already answered; no second "cancelled"
    assert {"event": "slot", "timestamp": None, "name": privacy.SLOT, "value": None} in events
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None


@pytest.mark.asyncio
async def test_typed_answers_and_an_unclear_one(db_url):
    form = leave_message()
    assert await form.say("这是干嘛用的") == [] and form.slots[privacy.SLOT] is None
    assert form.requested == privacy.SLOT  # the notice is shown again
    await form.say("不同意")
    assert privacy.declined(form.slots[privacy.SLOT])
    form = leave_message()
    await form.say("好的 同意")
    assert privacy.agreed(form.slots[privacy.SLOT])


@pytest.mark.asyncio
async def test_stop_at_the_notice_is_left_to_the_rules(db_url):
    form = leave_message()
    await form.say("算了 不办了", "stop")
    assert form.rejected


@pytest.mark.asyncio
async def test_wage_form_asks_for_consent_only_before_the_phone(db_url):
    before = {"wa_employer": "某某厂", "wa_city": "东莞", "wa_amount": {"yuan": "8000", "approx": False},
              "wa_since": {"months": 3, "since": None, "approx": False}, "wa_workers": {"n": 1, "approx": False},
              "wa_employed": "left"}
    form = FormDriver(intake.WAGE_ARREARS, ValidateWageArrearsForm(), consent=None, slots=before)
    assert form.requested == "wa_evidence"  # not personal: no notice yet
    await form.say("有工资条")
    assert form.requested == privacy.SLOT
    await form.say("/affirm", "affirm")
    assert form.requested == "wa_phone"


# --- sensitive numbers: a form with an optional ID number and a required bank card ------------

SENSITIVE = f.FormSpec(
    name="aid_payment_form", title="帮扶款发放", confirm_slot="ap_confirm", consent_slot=f.CONSENT_SLOT,
    fields=(
        f.Field("ap_phone", "联系电话", f.read_phone, personal=True),
        f.Field("ap_id", "身份证号", f.read_id_card, f.show_sensitive, sensitive="id_card", optional=True),
        f.Field("ap_card", "银行卡号", f.read_bank_card, f.show_sensitive, sensitive="bank_card"),
    ),
)


class ValidateAidPayment(SpecFormValidation):
    spec = SENSITIVE


class AskAidPaymentConfirm(SpecAskConfirm):
    spec = SENSITIVE


def aid_form() -> FormDriver:
    form = FormDriver(SENSITIVE, ValidateAidPayment(), AskAidPaymentConfirm(), consent=None)
    return form


@pytest.fixture
def sensitive_registered(monkeypatch):
    import actions.forms
    monkeypatch.setitem(actions.forms.SPECS, SENSITIVE.name, SENSITIVE)


@pytest.mark.asyncio
async def test_an_id_number_needs_its_own_consent_and_may_be_skipped(db_url, sensitive_registered):
    form = aid_form()
    await form.say("/affirm", "affirm")  # the notice
    await form.say("13900001111")
    assert form.requested == privacy.SLOT  # again: the separate consent for the ID number
    text, buttons = await ask(form)
    assert "身份证号" in text and "敏感个人信息" in text and "单独同意" in text
    assert buttons == ["同意并填写", "跳过"]
    out = await form.say("/deny", "deny")
    assert "不填了" in out[0] and privacy.sensitive_decision(form.slots[privacy.SLOT], "id_card") is False
    assert form.requested == privacy.SLOT  # next: the bank card's own consent, not the skipped ID
    text, buttons = await ask(form)
    assert "银行卡号" in text and buttons == ["同意并填写", "不同意"]
    await form.say("同意")
    assert form.requested == "ap_card"
    await form.say("6222 0212 3456 7890 128")
    summary = "\n".join(form.replies)
    assert form.requested == "ap_confirm" and "身份证号：（未提供）" in summary and "尾号0128" in summary
    assert "6222021234567890128" not in summary


@pytest.mark.asyncio
async def test_an_agreed_id_number_is_read_and_checked(db_url, sensitive_registered):
    form = aid_form()
    await form.say("/affirm", "affirm")
    await form.say("13900001111")
    await form.say("/affirm", "affirm")
    assert form.requested == "ap_id"
    out = await form.say("110105194912310021")  # wrong check character
    assert form.slots["ap_id"] is None and "不对" in out[0]
    await form.say(ID_NUMBER.lower())
    assert form.slots["ap_id"] == ID_NUMBER
    record = form.slots[privacy.SLOT]
    assert record["sensitive"]["id_card"]["agreed"] is True


@pytest.mark.asyncio
async def test_refusing_a_required_number_ends_the_form(db_url, sensitive_registered):
    form = aid_form()
    await form.say("/affirm", "affirm")
    await form.say("13900001111")
    await form.say("跳过")  # the optional ID
    out = await form.say("/deny", "deny")  # the required bank card
    assert form.requested is None and SENSITIVE.ended_by_privacy(form.slots)
    assert "没法在这里办理" in out[0] and "12351" in out[0]


def test_an_id_or_bank_number_typed_into_a_story_is_not_collected():
    read = f.read_text(6, 800, "情况")
    with pytest.raises(f.Invalid) as e:
        read(f.Answer(f"老板扣了我的身份证 号码是{ID_NUMBER} 还欠我工资"), {})
    assert "不用写身份证号" in e.value.message
    assert read(f.Answer("老板扣了我的身份证，还欠我三个月工资"), {}).startswith("老板")
