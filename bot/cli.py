"""Command line: ``python -m bot.cli {migrate,load-content,setup-db,chat,create-admin,create-user}``."""
from __future__ import annotations

import argparse
import os
import stat
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
    from bot.knowledge.content import load_faq
    from bot.cases.courses import load_courses

    from bot.console.console import load_canned_replies

    return {"faq": load_faq(db_url=db_url), "courses": load_courses(db_url=db_url),
            "canned replies": {"new": load_canned_replies(db_url=db_url)}}


def create_user(username: str, name: str, role: str, password_stdin: bool) -> int:
    """Creates a console account; the password is read from stdin or asked twice (never an argument)."""
    import getpass

    from bot.console import staff

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"{username} 的密码（至少 {staff.MIN_PASSWORD} 位）：")
        if getpass.getpass("再输入一次：") != password:
            print("两次输入的密码不一样", file=sys.stderr)
            return 1
    try:
        user = staff.create_user(username, name, role, password, actor="cli")
    except staff.StaffError as exc:
        print(f"没有创建：{exc}", file=sys.stderr)
        return 1
    print(f"已创建 {user.role_label} 账号 {user.username}（{user.display_name}）")
    return 0


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


def ensure_admin() -> int:
    """First run: without any console account nobody could log in, so one admin is created and its
    one-time password printed (and kept in var/first_admin_password until changed by hand)."""
    import secrets

    from bot.config import VAR_DIR
    from bot.console import staff

    if staff.list_users():
        return 0
    password = secrets.token_urlsafe(12)
    staff.create_user("admin", "管理员", "admin", password, actor="first-run")
    path = VAR_DIR / "first_admin_password"
    path.write_text(password + "\n")
    path.chmod(0o600)
    print(f"Console account created: admin / {password}  (also in {path}; change it after logging in)")
    return 0


def make_private(root=None) -> None:
    """The var directory (database, logs, secrets, caches) readable by this user only: new files
    by the umask, files made before (or by a process run without it) by changing their mode."""
    from bot.config import VAR_DIR

    root = root or VAR_DIR
    if not os.path.isdir(root) or os.path.islink(root):
        return
    for path, dirs, files in os.walk(root):
        for name, private in [(path, 0o700)] + [(os.path.join(path, f), 0o600) for f in files]:
            try:
                st = os.lstat(name)
                if not stat.S_ISLNK(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
                    os.chmod(name, stat.S_IMODE(st.st_mode) & private)
            except OSError:
                pass


def retention() -> int:
    """The retention job (bot/privacy/retention.py): prints how many rows of each kind it changed."""
    from bot.privacy import retention as r

    from bot.config import get_web_settings

    done = r.run(events_url=get_web_settings().events_url)
    for kind, n in done.items():
        print(f"{r.BY_KIND[kind].label}: {n}")
    return 0


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # the database and everything in var/ are private to the user running the service
    make_private()
    p = argparse.ArgumentParser(prog="python -m bot.cli")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="create or upgrade the database schema (Alembic)")
    sub.add_parser("load-content", help="load data/faq and data/courses into the database (idempotent)")
    sub.add_parser("setup-db", help="migrate, then load content")
    c = sub.add_parser("chat", help="chat with the running assistant through the REST channel")
    c.add_argument("--url", default=get_settings().rasa_url)
    c.add_argument("--sender", default=f"shell-{uuid.uuid4().hex[:8]}")
    for cmd, role, text in (("create-admin", "admin", "create the first (or another) admin account of the console"),
                            ("create-user", None, "create a console account (hotline | officer | admin)")):
        a = sub.add_parser(cmd, help=text)
        a.add_argument("--username", required=True)
        a.add_argument("--name", required=True, help="display name, e.g. 王律师")
        if role is None:
            a.add_argument("--role", required=True, choices=["hotline", "officer", "admin"])
        a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    sub.add_parser("ensure-admin", help="create an 'admin' account with a random password if there is no account yet")
    sub.add_parser("retention", help="delete or anonymise personal data whose retention period is over (run daily)")
    args = p.parse_args(argv)
    if args.cmd == "retention":
        return retention()
    if args.cmd == "ensure-admin":
        return ensure_admin()
    if args.cmd in {"create-admin", "create-user"}:
        return create_user(args.username, args.name, getattr(args, "role", None) or "admin", args.password_stdin)

    if args.cmd in {"migrate", "setup-db"}:
        migrate()
        print("数据库结构已是最新 (database schema up to date)")
    if args.cmd in {"load-content", "setup-db"}:
        for kind, counts in load_content().items():
            print(f"{kind} loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        from bot.knowledge import faq

        index = faq.index_cache.get()  # learns the answer reranker for this content (cached in var/)
        print(f"faq index ready: {len(index.faqs)} entries, reranker {'on' if index._reranker else 'off'}")
    if args.cmd == "chat":
        chat(args.url, args.sender)
    return 0


if __name__ == "__main__":
    sys.exit(main())
