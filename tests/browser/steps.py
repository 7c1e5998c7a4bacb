"""Steps several browser tests take in the widget."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_widget_and_console import WAIT_MS, last_bot_text, worker_says


def leave_message(worker, story: str, phone: str, opening: str = "我要留言") -> str:
    """The worker leaves a message (agreeing to the privacy notice); returns its GH- reference."""
    worker_says(worker, opening)
    expect(worker.locator(".uw-row--bot").last).to_contain_text("删除我的信息", timeout=WAIT_MS)
    worker.locator(".uw-chip", has_text="同意并继续").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("情况", timeout=WAIT_MS)
    worker_says(worker, story)
    expect(worker.locator(".uw-row--bot").last).to_contain_text("手机号", timeout=WAIT_MS)
    worker_says(worker, phone)
    expect(worker.locator(".uw-row--bot").last).to_contain_text("确认提交", timeout=WAIT_MS)
    worker.locator(".uw-chip", has_text="确认提交").last.click()
    expect(worker.locator(".uw-row--bot").last).to_contain_text("GH-", timeout=WAIT_MS)
    return re.search(r"GH-[A-Z0-9]{4}-[A-Z0-9]{4}", last_bot_text(worker)).group(0)
