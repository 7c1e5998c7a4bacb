"""The case conversation in Chromium against the running stack: a worker files a message in the
widget → hotline staff write a public question on the ticket in the console → the worker sees it in
the widget with the staff member's name → the worker answers → the answer is on the ticket in the
console, and the queue shows the new activity. After a reload the worker's button presses read as
the buttons did."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_widget_and_console import (DESKTOP, WAIT_MS, leave_message, login,  # noqa: F401
                                                   worker, worker_says)

QUESTION = "请问您什么时候方便接电话？我们想核实一下欠薪的情况。"
ANSWER = "下午都行 晚上6点以后也行"


@pytest.fixture(scope="module")
def staff_page(web_stack, browser):
    ctx = browser.new_context(**DESKTOP, locale="zh-CN")
    page = ctx.new_page()
    login(page, web_stack.web_url, "hotline1")
    yield page
    ctx.close()


def test_1_worker_files_a_message(worker, shot):
    worker_says(worker, "我要留言")
    leave_message(worker, "在佛山家具厂干了一年，老板拖欠两个月工资不给", "13800138111")


def test_2_staff_question_reaches_the_open_widget_with_the_staff_name(web_stack, worker, staff_page, shot):
    ref = worker.evaluate("window.__ref")
    staff_page.goto(f"{web_stack.web_url}/console#/tickets/{ref}")
    expect(staff_page.get_by_test_id("ticket-reference")).to_contain_text(ref, timeout=WAIT_MS)
    staff_page.get_by_text("对职工可见的回复").click()
    staff_page.get_by_test_id("note-input").fill(QUESTION)
    staff_page.get_by_test_id("note-submit").click()
    expect(staff_page.get_by_test_id("events")).to_contain_text(QUESTION, timeout=WAIT_MS)
    shot(staff_page, "case-01-staff-question")

    reply = worker.locator(".uw-row--officer").last
    expect(reply).to_contain_text(QUESTION, timeout=WAIT_MS)
    expect(reply).to_contain_text("李坐席")
    expect(reply).to_contain_text("热线坐席")
    expect(reply).to_contain_text(ref)
    # a reply on a ticket is no live handoff: the header still shows the assistant
    expect(worker.locator(".uw-status")).not_to_contain_text("人工")
    shot(worker, "case-02-worker-sees-question")


def test_3_the_workers_answer_is_on_the_ticket(web_stack, worker, staff_page, shot):
    ref = worker.evaluate("window.__ref")
    worker_says(worker, ANSWER)
    expect(worker.locator(".uw-row--bot").last).to_contain_text(f"已经转给工作人员了（工单 {ref}）", timeout=WAIT_MS)
    shot(worker, "case-03-worker-answered")

    staff_page.goto(f"{web_stack.web_url}/console#/queue")
    row = staff_page.locator(f'[data-testid="queue-row"][data-reference="{ref}"]')
    expect(row).to_be_visible(timeout=WAIT_MS)
    expect(row.get_by_test_id("badge-activity")).to_contain_text("职工有新回复")
    shot(staff_page, "case-04-queue-new-activity")
    row.click()
    expect(staff_page.get_by_test_id("ticket-reference")).to_contain_text(ref, timeout=WAIT_MS)
    answer = staff_page.get_by_test_id("event").filter(has_text=ANSWER)
    expect(answer).to_have_count(1, timeout=WAIT_MS)
    expect(answer).to_contain_text("职工回复")
    shot(staff_page, "case-05-answer-on-ticket")


def test_4_after_a_reload_button_presses_read_as_the_buttons_did(worker, shot):
    worker.reload()
    if worker.locator(".uw-panel").is_hidden():
        worker.locator(".uw-launcher").click()
    expect(worker.locator(".uw-row--officer").last).to_contain_text(QUESTION, timeout=WAIT_MS)
    mine = worker.locator(".uw-row--worker")
    expect(mine.filter(has_text="确认提交")).to_have_count(1)
    expect(mine.filter(has_text="同意并继续")).to_have_count(1)
    expect(mine.filter(has_text="〔按钮〕")).to_have_count(0)
    expect(worker.locator(".uw-status")).not_to_contain_text("人工")
    shot(worker, "case-06-worker-after-reload")
