"""Talking to the running stack in e2e tests."""
import re
import uuid

REF = re.compile(r"(GH|RH|PX)-[0-9A-Z]{4}-[0-9A-Z]{4}")


def sender():
    return f"e2e-{uuid.uuid4().hex[:8]}"


def texts(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def payloads(replies):
    return [b["payload"] for r in replies for b in r.get("buttons") or []]
