"""The widget's socket, relayed to Rasa's socket.io channel: the worker's session is a secret.

The widget keeps one random secret per browser (``secrets.token_urlsafe(32)``, issued here when it
has none). Rasa, the console and the logs only ever see the conversation id derived from it,
``w`` + HMAC-SHA256(web app key, secret)[:32 hex], so an id that staff see in a ticket opens
nothing: the widget history (bot/web/app.py) and this bridge accept only the secret and derive the
id themselves. Every frame from the worker is read here before it reaches Rasa:

- ``session_request`` carries the secret; Rasa gets the derived id (and joins the socket to that
  room), and its ``session_confirm`` is rewritten back to the secret for the widget to keep;
- ``user_uttered`` is sent on under the id of the session this socket asked for, whatever id the
  frame names (so a socket cannot speak in another conversation), and only if the text is at most
  ``MAX_MESSAGE_CHARS`` (the widget's own limit): a longer one gets a short Chinese reply at once and
  never reaches Rasa's language understanding;
- engine.io pings/pongs and namespace connect/disconnect pass; any other event, binary frames and
  frames for other namespaces are dropped.

A frame over ``MAX_FRAME_CHARS`` is not parsed at all; over the server's websocket limit
(``WS_MAX_BYTES``, bot/web/app.py) the connection is closed by uvicorn.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from bot.common import facts

MAX_MESSAGE_CHARS = 1000
MAX_FRAME_CHARS = 16 * 1024
WS_MAX_BYTES = 64 * 1024
SECRET = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
_EVENT = re.compile(r"^42(\d*)(\[.*)$", re.S)
_ACK_ONLY = re.compile(r"^42(\d*)\[")

TOO_LONG = (f"您这条消息太长了（超过{MAX_MESSAGE_CHARS}字），没有发出去。请分成几段来说，"
            f"或者直接拨打{facts.HOTLINE_NAME}。")
TOO_FAST = "您发得太快了，请稍等一会儿再发。着急的话可以直接拨打" + facts.HOTLINE_NAME + "。"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def valid_secret(value) -> bool:
    return isinstance(value, str) and bool(SECRET.match(value))


def conversation_id(secret: str, key: str) -> str:
    """The conversation id Rasa and staff see for a widget secret (not reversible without the key)."""
    digest = hmac.new(key.encode(), b"widget-session:" + secret.encode(), hashlib.sha256).hexdigest()
    return "w" + digest[:32]


def _event(name: str, payload, ack: str = "") -> str:
    return "42" + ack + json.dumps([name, payload], ensure_ascii=False)


def _ack(ack: str) -> list[str]:
    return ["43" + ack + "[]"] if ack else []


@dataclass
class WidgetSession:
    """One worker socket's view of the protocol: which frames go on to Rasa, which answers come back.

    ``allow(rule, key)`` is the rate limiter (awaited; True = allowed, bot/common/ratelimit.py); rules
    used: ``chat.session``, ``chat.address`` per message, ``session.new.address`` per newly issued
    secret."""
    key: str
    address: str = ""
    allow: Callable[[str, str], Awaitable[bool]] = None
    secret: str | None = None
    conversation: str | None = None
    dropped: int = field(default=0)

    async def _allowed(self, rule: str, key: str) -> bool:
        return True if self.allow is None else await self.allow(rule, key)

    async def from_worker(self, frame) -> tuple[list[str], list[str]]:
        """(frames for Rasa, frames back to the worker) for one frame the widget sent."""
        if not isinstance(frame, str):
            return self._drop()
        if len(frame) > MAX_FRAME_CHARS:
            m = _ACK_ONLY.match(frame[:40])
            if m and self.conversation:
                return [], [_event("bot_uttered", {"text": TOO_LONG})] + _ack(m.group(1))
            return self._drop()
        if frame in ("2", "3") or frame == "41" or frame.startswith("40") and not frame.startswith("40/"):
            return [frame], []
        m = _EVENT.match(frame)
        if not m:
            return self._drop()
        ack = m.group(1)
        try:
            packet = json.loads(m.group(2))
        except ValueError:
            return self._drop()
        if not isinstance(packet, list) or not packet or not isinstance(packet[0], str):
            return self._drop()
        name = packet[0]
        payload = packet[1] if len(packet) > 1 else None
        if name == "session_request":
            return await self._session_request(payload, ack)
        if name == "user_uttered":
            return await self._user_uttered(payload, ack)
        return self._drop()

    def from_rasa(self, frame):
        """The frame for the worker: Rasa's session_confirm carries the secret, not the id."""
        if isinstance(frame, str) and frame.startswith("42") and self.secret and '"session_confirm"' in frame[:40]:
            m = _EVENT.match(frame)
            if m:
                try:
                    packet = json.loads(m.group(2))
                except ValueError:
                    return frame
                if isinstance(packet, list) and packet and packet[0] == "session_confirm":
                    return _event("session_confirm", self.secret, m.group(1))
        return frame

    async def _session_request(self, payload, ack: str):
        wanted = payload.get("session_id") if isinstance(payload, dict) else None
        if valid_secret(wanted):
            secret = wanted
        else:
            if not await self._allowed("session.new.address", self.address):
                return [], [_event("bot_uttered", {"text": TOO_FAST})] + _ack(ack)
            secret = new_secret()
        self.secret, self.conversation = secret, conversation_id(secret, self.key)
        return [_event("session_request", {"session_id": self.conversation}, ack)], []

    async def _user_uttered(self, payload, ack: str):
        text = payload.get("message") if isinstance(payload, dict) else None
        if not self.conversation or not isinstance(text, str) or not text.strip():
            return [], _ack(ack)
        if len(text) > MAX_MESSAGE_CHARS:
            return [], [_event("bot_uttered", {"text": TOO_LONG})] + _ack(ack)
        if not (await self._allowed("chat.session", self.conversation) and await self._allowed("chat.address", self.address)):
            return [], [_event("bot_uttered", {"text": TOO_FAST})] + _ack(ack)
        return [_event("user_uttered", {"message": text, "session_id": self.conversation}, ack)], []

    def _drop(self):
        self.dropped += 1
        return [], []
