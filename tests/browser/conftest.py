"""The whole stack (Rasa, actions, web app) and Debian's Chromium driven by Playwright.
Screenshots of each step go to test-artifacts/browser/."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli import load_content, migrate
from bot.config import PROJECT_ROOT
from bot.console import staff
from devtools.stack import Stack

MODEL = PROJECT_ROOT / "models" / "union.tar.gz"
CHROMIUM = os.environ.get("UNION_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "browser-test-pw"


@pytest.fixture(scope="session")
def web_stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (./scripts/test does it as root)")
    if not (PROJECT_ROOT / "bot/web/static/dist/widget.js").exists():
        pytest.fail("the widget is not built: run ./scripts/test (it runs npm ci and the build first)")
    tmp = tmp_path_factory.mktemp("web-stack")
    db_url = f"sqlite:///{tmp / 'web.db'}"
    migrate(db_url)
    load_content(db_url)
    for username, name, role in (("hotline1", "李坐席", "hotline"), ("officer1", "王律师", "officer"),
                                 ("officer2", "赵律师", "officer"), ("admin1", "管理员", "admin")):
        staff.create_user(username, name, role, PASSWORD, db_url=db_url)
    with Stack(db_url, MODEL, token="browser-token", workdir=tmp, with_web=True,
               extra_env={"UNION_OFFICE_HOURS": "always"}) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API keeps an event loop running in the main thread while it
    is open, and later tests that run their own loop (asyncio.run) must not find it there."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
    return _shot
