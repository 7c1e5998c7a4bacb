"""The web app's client of Rasa's token-protected HTTP API (never exposed to workers)."""
from __future__ import annotations

import time
from urllib.parse import quote

import httpx


class RasaUnavailable(Exception):
    pass


class RasaClient:
    def __init__(self, url: str, token: str, timeout: float = 10.0):
        self.url, self.token = url.rstrip("/"), token
        self.http = httpx.AsyncClient(base_url=self.url, timeout=timeout)

    async def close(self) -> None:
        await self.http.aclose()

    async def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        params = {"token": self.token, **kwargs.pop("params", {})}
        try:
            r = await self.http.request(method, path, params=params, **kwargs)
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc
        if r.status_code >= 400:
            raise RasaUnavailable(f"{method} {path}: HTTP {r.status_code} {r.text[:200]}")
        return r

    async def tracker(self, sender_id: str) -> dict:
        r = await self._call("GET", f"/conversations/{quote(sender_id, safe='')}/tracker", params={"include_events": "ALL"})
        return r.json()

    async def append(self, sender_id: str, events: list[dict], live: bool = True) -> None:
        """Appends events to the conversation under Rasa's lock; bot messages among them are also
        delivered to the worker's channel (the widget's socket), unless ``live`` is False (they are
        then only in the conversation's history)."""
        params = {"output_channel": "latest", "execute_side_effects": "true"} if live else {}
        await self._call("POST", f"/conversations/{quote(sender_id, safe='')}/tracker/events",
                         params=params, json=events)

    async def parse(self, text: str) -> dict:
        return (await self._call("POST", "/model/parse", json={"text": text})).json()

    async def status(self) -> dict:
        return (await self._call("GET", "/status")).json()


def slot(name: str, value) -> dict:
    return {"event": "slot", "name": name, "value": value, "timestamp": time.time()}


def message(kind: str, text: str, username: str | None = None, **shown) -> dict:
    """A message to the worker's widget that is not the bot's: an officer's reply or a notice.
    It travels as custom JSON (so the widget can show who wrote it) and stays in the transcript;
    the officer's account name is kept in the event's metadata only."""
    return {"event": "bot", "text": None, "timestamp": time.time(),
            "data": {"custom": {"data": {"kind": kind, "text": text, **shown}}},
            "metadata": {"kind": kind, **({"officer": username} if username else {})}}


def notice_events(notices: list, sender_id: str) -> list[dict]:
    """Rasa events that show case notices (bot/cases/conversation.py) in the worker's widget (the
    staff member's name and role on a reply) and, after a reply, wait for the worker's answer."""
    from bot.cases import conversation

    events = [message("case_reply", n.live_text(), name=n.name, role=n.role_label, reference=n.reference)
              if n.kind == "reply" else message("notice", n.live_text()) for n in notices]
    replies = [n for n in notices if n.kind == "reply"]
    if replies and not conversation.with_person(sender_id):
        events.append(slot("handoff", conversation.reply_state(replies[-1].reference)))
    return events
