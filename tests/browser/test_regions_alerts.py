"""Regions and alerts in Chromium against the running stack: an admin gives hotline staff their
region; a case filed for a city in it shows in their queue (and one for another city does not);
they transfer it (转办) to another region; an urgent case then alerts them at once (banner, sound,
browser notification)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bot.cases import tickets
from tests.browser.test_widget_and_console import DESKTOP, WAIT_MS, login


def _file(web_stack, city: str, sender: str, **kw) -> str:
    """A case as the bot's wage-arrears form stores it (the place the worker gave in wa_city)."""
    return tickets.open_ticket(description=kw.pop("description", "老板欠了两个月工资"), phone="13812345678",
                               sender_id=sender, category="wage_arrears", fields={"wa_city": city},
                               case_type="wage_arrears", db_url=web_stack.db_url, **kw).reference


@pytest.fixture(scope="module")
def admin(web_stack, browser):
    ctx = browser.new_context(**DESKTOP, locale="zh-CN")
    page = ctx.new_page()
    login(page, web_stack.web_url, "admin1")
    yield page
    ctx.close()


@pytest.fixture
def hotline(web_stack, browser):
    ctx = browser.new_context(**DESKTOP, locale="zh-CN", permissions=["notifications"])
    yield ctx
    ctx.close()


def test_1_admin_gives_hotline_staff_their_region(web_stack, admin, shot):
    admin.goto(f"{web_stack.web_url}/console#/accounts")
    row = admin.locator('[data-testid="user-row"][data-username="hotline1"]')
    expect(row.get_by_test_id("user-regions")).to_have_text("未设置（全部）", timeout=WAIT_MS)
    row.get_by_test_id("edit-regions").click()
    dialog = admin.get_by_test_id("regions-dialog")
    dialog.locator('input[data-region="shenzhen"]').check()
    dialog.get_by_role("button", name="保存").click()
    expect(row.get_by_test_id("user-regions")).to_have_text("深圳市总工会", timeout=WAIT_MS)
    shot(admin, "regions-1-account")


def test_2_a_case_shows_in_its_citys_queue_and_is_transferred(web_stack, hotline, shot):
    sz = _file(web_stack, "深圳市宝安区福永街道", "browser-region-sz")
    gz = _file(web_stack, "广州天河", "browser-region-gz")
    page = hotline.new_page()
    login(page, web_stack.web_url, "hotline1")
    page.goto(f"{web_stack.web_url}/console#/queue")
    row = page.locator(f'[data-testid="queue-row"][data-reference="{sz}"]')
    expect(row).to_be_visible(timeout=WAIT_MS)
    expect(row.get_by_test_id("row-region")).to_have_text("深圳市总工会")
    expect(page.locator(f'[data-testid="queue-row"][data-reference="{gz}"]')).to_have_count(0)
    shot(page, "regions-2-queue")

    row.locator("a.ref").click()
    expect(page.get_by_test_id("ticket-region")).to_have_text("深圳市总工会", timeout=WAIT_MS)
    page.get_by_test_id("transfer-open").click()
    dialog = page.get_by_test_id("transfer-dialog")
    dialog.get_by_test_id("transfer-region").select_option("guangzhou")
    dialog.get_by_test_id("transfer-note").fill("职工实际在广州天河区工作，由广州市总工会办理")
    dialog.get_by_role("button", name="确认转办").click()
    expect(page.get_by_test_id("ticket-region")).to_have_text("广州市总工会", timeout=WAIT_MS)
    expect(page.get_by_test_id("events")).to_contain_text("深圳市总工会 → 广州市总工会：职工实际在广州天河区工作")
    shot(page, "regions-3-transferred")

    page.goto(f"{web_stack.web_url}/console#/queue")
    expect(page.get_by_test_id("queue-table").or_(page.get_by_test_id("queue-empty"))).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(f'[data-testid="queue-row"][data-reference="{sz}"]')).to_have_count(0, timeout=WAIT_MS)
    page.close()


def test_3_an_urgent_case_alerts_signed_in_staff(web_stack, hotline, shot):
    page = hotline.new_page()
    login(page, web_stack.web_url, "hotline1")
    page.goto(f"{web_stack.web_url}/console#/queue")
    expect(page.get_by_test_id("queue-table").or_(page.get_by_test_id("queue-empty"))).to_be_visible(timeout=WAIT_MS)
    assert page.evaluate("Notification.permission") == "granted"
    ref = _file(web_stack, "深圳龙岗", "browser-region-urgent", priority="urgent", description="工友从脚手架上摔下来了")
    banner = page.get_by_test_id("alert-banner")
    expect(banner).to_be_visible(timeout=WAIT_MS)
    expect(banner.locator(f'[data-key="urgent:{ref}"]')).to_contain_text(f"紧急工单 {ref}")
    expect(banner).not_to_contain_text("脚手架")  # no dispute details in the alert
    expect(page.locator("body")).to_have_attribute("data-alert-notified", f"urgent:{ref}", timeout=WAIT_MS)
    assert int(page.evaluate("document.body.dataset.alertSound || '0'")) >= 1
    shot(page, "regions-4-alert")
    page.close()
