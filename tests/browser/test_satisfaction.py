"""Satisfaction and 回访 in Chromium: a worker leaves a message in the widget → hotline staff
resolve it in the console → the question appears live in the open widget → the worker taps 没解决
and 不满意 → staff find the 回访 task (phone masked), record the call and re-open the ticket."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from bot.db.models import FollowUp, Ticket
from bot.db.session import session_scope
from tests.browser.test_widget_and_console import DESKTOP, WAIT_MS, last_bot_text, login, worker_says
from tests.browser.test_widget_and_console import worker  # noqa: F401  (the module's own phone-sized widget)


@pytest.fixture(scope="module")
def staff(web_stack, browser):
    ctx = browser.new_context(**DESKTOP, locale="zh-CN")
    page = ctx.new_page()
    login(page, web_stack.web_url, "hotline1")
    yield page
    ctx.close()


def _leave_message(worker) -> str:
    worker_says(worker, "我想给工作人员留言")
    expect(worker.locator(".uw-row--bot").last).to_contain_text("删除我的信息", timeout=WAIT_MS)
    worker.locator(".uw-chip", has_text="同意并继续").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("情况", timeout=WAIT_MS)
    worker_says(worker, "在佛山家具厂做了一年，辞退时经济补偿一分没给")
    expect(worker.locator(".uw-row--bot").last).to_contain_text("手机号", timeout=WAIT_MS)
    worker_says(worker, "13700137000")
    expect(worker.locator(".uw-row--bot").last).to_contain_text("确认提交", timeout=WAIT_MS)
    worker.locator(".uw-chip", has_text="确认提交").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("GH-", timeout=WAIT_MS)
    return re.search(r"GH-[A-Z0-9]{4}-[A-Z0-9]{4}", last_bot_text(worker)).group(0)


def _set_status(staff, label: str) -> None:
    staff.get_by_test_id("transitions").locator("button", has_text=f"改为「{label}」").click()
    staff.locator("dialog[open] button[type=submit]").click()
    expect(staff.locator("dialog[open]")).to_have_count(0, timeout=WAIT_MS)


def test_worker_answers_in_the_widget_and_staff_call_back(web_stack, worker, staff, shot):
    ref = _leave_message(worker)
    staff.goto(f"{web_stack.web_url}/console#/tickets/{ref}")
    expect(staff.get_by_test_id("ticket-reference")).to_contain_text(ref, timeout=WAIT_MS)
    _set_status(staff, "处理中")
    _set_status(staff, "已解决")

    # live in the open widget, with buttons
    expect(worker.locator(".uw-row--bot").last).to_contain_text("问题解决了吗", timeout=WAIT_MS)
    shot(worker, "csat-01-question")
    worker.locator(".uw-chip", has_text="没解决").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("满意吗", timeout=WAIT_MS)
    worker.locator(".uw-chip", has_text="不满意").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("回访", timeout=WAIT_MS)
    worker.locator(".uw-chip", has_text="不用了").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("谢谢您", timeout=WAIT_MS)
    # the worker's own bubbles read what they tapped, not a code
    expect(worker.locator(".uw-row--worker").last).not_to_contain_text("csat")
    shot(worker, "csat-02-answered")

    # the ticket's record shows the answer
    staff.reload()
    expect(staff.locator("body")).to_contain_text("职工评价：问题没解决，不满意", timeout=WAIT_MS)

    # not due yet: listed under 全部待回访 only
    staff.goto(f"{web_stack.web_url}/console#/followups")
    expect(staff.get_by_test_id("followup-list")).to_contain_text("现在没有要回访的职工", timeout=WAIT_MS)
    staff.locator('[data-tab="open"]').click()
    row = staff.locator(f'[data-testid="followup-row"][data-reference="{ref}"]')
    expect(row).to_be_visible(timeout=WAIT_MS)

    # the configured days pass (the web app's clock belongs to the shared stack: the task is moved instead)
    with session_scope(web_stack.db_url) as s:
        ticket_id = s.query(Ticket.id).filter_by(reference=ref).scalar()
        task = s.query(FollowUp).filter_by(ticket_id=ticket_id).one()
        task.due_at -= timedelta(days=30)
    staff.locator('[data-tab="due"]').click()
    expect(row).to_be_visible(timeout=WAIT_MS)
    expect(row).to_contain_text("职工说问题没解决")
    expect(row.get_by_test_id("followup-phone")).to_contain_text("137****7000")
    expect(row).not_to_contain_text("13700137000")
    expect(staff.locator(".nav-link", has_text="回访")).to_be_visible()
    shot(staff, "csat-03-followup-due")

    row.get_by_test_id("followup-outcome").fill("补偿只谈了一半，职工希望继续协调")
    row.get_by_test_id("followup-reopen").check()
    row.get_by_test_id("followup-save").click()
    expect(row).to_have_count(0, timeout=WAIT_MS)
    staff.goto(f"{web_stack.web_url}/console#/tickets/{ref}")
    expect(staff.locator("body")).to_contain_text("回访：已联系上职工。补偿只谈了一半", timeout=WAIT_MS)
    expect(staff.get_by_test_id("transitions")).to_contain_text("等待职工回复")  # back in 处理中
    shot(staff, "csat-04-reopened")
