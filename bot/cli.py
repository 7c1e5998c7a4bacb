"""Command line: ``python -m bot.cli {migrate,load-content,setup-db,chat}``."""
from __future__ import annotations

import argparse
import sys
import uuid

from bot.config import PROJECT_ROOT, get_settings


def migrate(db_url: str | None = None) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if db_url:
        cfg.attributes["database_url"] = db_url
    command.upgrade(cfg, "head")


def load_content(db_url: str | None = None) -> dict:
    from bot.services.content import load_faq
    from bot.services.courses import load_courses

    return {"faq": load_faq(db_url=db_url), "courses": load_courses(db_url=db_url)}


def chat(url: str, sender: str) -> None:
    """A small interactive shell over Rasa's REST channel."""
    import requests

    endpoint = f"{url.rstrip('/')}/webhooks/rest/webhook"
    print(f"已连接 {endpoint}（输入按钮前的数字即可点按钮；/quit 退出）")
    buttons: list[dict] = []
    while True:
        try:
            text = input("你：").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not text:
            continue
        if text in {"/quit", "/exit"}:
            return
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = requests.post(endpoint, json={"sender": sender, "message": text}, timeout=30).json()
        except requests.RequestException as exc:
            print(f"[连接失败：{exc}。助手是否已启动？]")
            continue
        buttons = [b for r in replies for b in r.get("buttons") or []]
        n = 0
        for r in replies:
            if r.get("text"):
                print(f"助手：{r['text']}")
            for b in r.get("buttons") or []:
                n += 1
                print(f"    [{n}] {b.get('title')}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.cli")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="create or upgrade the database schema (Alembic)")
    sub.add_parser("load-content", help="load data/faq and data/courses into the database (idempotent)")
    sub.add_parser("setup-db", help="migrate, then load content")
    c = sub.add_parser("chat", help="chat with the running assistant through the REST channel")
    c.add_argument("--url", default=get_settings().rasa_url)
    c.add_argument("--sender", default=f"shell-{uuid.uuid4().hex[:8]}")
    args = p.parse_args(argv)

    if args.cmd in {"migrate", "setup-db"}:
        migrate()
        print("数据库结构已是最新 (database schema up to date)")
    if args.cmd in {"load-content", "setup-db"}:
        for kind, counts in load_content().items():
            print(f"{kind} loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if args.cmd == "chat":
        chat(args.url, args.sender)
    return 0


if __name__ == "__main__":
    sys.exit(main())
