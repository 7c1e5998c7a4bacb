"""A worker's membership application handled in the console, in Chromium against the running
stack: the worker leaves a message in the widget (so the conversation is theirs), applies to join
(created through bot/cases/membership with that conversation), hotline staff find it by its RH-
reference, see the worker's earlier case on it, approve it, and the worker's open widget shows
the outcome at once; the status lookup says it too."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from bot.cases import membership, status
from bot.db.models import Ticket
from bot.db.session import session_scope
from tests.browser.steps import leave_message
from tests.browser.test_widget_and_console import DESKTOP, PHONE, WAIT_MS, login

WORKER_PHONE = "13700137000"


def test_staff_approve_a_membership_application_and_the_worker_sees_it(web_stack, browser, shot):
    wctx = browser.new_context(**PHONE, locale="zh-CN")
    worker = wctx.new_page()
    worker.goto(web_stack.web_url + "/")
    worker.locator(".uw-launcher").click()
    expect(worker.locator(".uw-status")).to_contain_text(re.compile("智能助手|在线"), timeout=WAIT_MS)
    # connected: the send button is enabled once the socket session is confirmed (Enter before
    # that keeps the words in the box)
    expect(worker.locator(".uw-send")).to_be_enabled(timeout=WAIT_MS)
    gh = leave_message(worker, "我在广州送外卖，想问问平台骑手怎么入会", WORKER_PHONE)
    with session_scope(web_stack.db_url) as s:
        sender = s.execute(select(Ticket.sender_id).where(Ticket.reference == gh)).scalar_one()
    rh = membership.apply(name="周小燕", phone=WORKER_PHONE, employment_type="platform", employer=None,
                          industry="外卖配送", city="广州", sender_id=sender, db_url=web_stack.db_url).reference

    sctx = browser.new_context(**DESKTOP, locale="zh-CN")
    staff = sctx.new_page()
    login(staff, web_stack.web_url, "hotline1")
    # the queue's search finds the RH- reference
    staff.goto(f"{web_stack.web_url}/console#/queue")
    staff.locator('[data-filter="q"]').fill(rh)
    expect(staff.get_by_test_id("search-result-item")).to_contain_text(rh, timeout=WAIT_MS)
    staff.get_by_test_id("search-result-item").locator("a", has_text=rh).click()
    expect(staff.get_by_test_id("app-reference")).to_have_text(rh, timeout=WAIT_MS)
    expect(staff.get_by_test_id("app-status-label")).to_have_text("待审核")
    # the worker's earlier case is on it, linked, with no full phone number anywhere
    expect(staff.get_by_test_id("earlier-item")).to_contain_text(gh)
    assert WORKER_PHONE not in staff.locator("main").inner_text()
    shot(staff, "20-staff-application")

    staff.locator('[data-action="approve"]').click()
    staff.get_by_test_id("app-dialog").get_by_role("button", name="确认").click()
    expect(staff.get_by_test_id("app-status-label")).to_have_text("已批准", timeout=WAIT_MS)
    expect(staff.get_by_test_id("app-event").first).to_contain_text("已告知职工")
    shot(staff, "21-staff-approved")

    expect(worker.locator(".uw-notice").last).to_contain_text(f"{rh} 已批准", timeout=WAIT_MS)
    shot(worker, "22-worker-told")
    assert "已批准入会" in status.lookup(rh, WORKER_PHONE[-4:], "browser-check", db_url=web_stack.db_url).text
    sctx.close()
    wctx.close()
