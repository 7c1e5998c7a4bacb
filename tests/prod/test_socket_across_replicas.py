"""An officer's reply reaches the worker's widget whichever replica it goes through: the worker's
socket is held by one replica, the console's call lands on another (bot/rasa_runtime.py: the
replicas' socket.io servers share a Redis channel)."""
from __future__ import annotations

import asyncio
import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

pytestmark = pytest.mark.prod


class _Widget:
    """A widget's socket on one replica, speaking socket.io over a plain websocket (engine.io 4),
    as the widget does (websocket transport, session persistence). python-socketio's own async
    client needs a newer aiohttp than Rasa pins."""

    def __init__(self, ws):
        self.ws = ws
        self.received: asyncio.Queue = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, base: str, session_id: str) -> "_Widget":
        import websockets

        ws = await websockets.connect(base.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket")
        assert (await ws.recv()).startswith("0")  # engine.io open
        await ws.send("40")  # socket.io connect, default namespace
        widget = cls(ws)
        await widget.emit("session_request", {"session_id": session_id})
        await _next_text(widget.received, lambda m: m[0] == "session_confirm", 15)
        return widget

    async def _read(self):
        async for frame in self.ws:
            if frame == "2":  # engine.io ping
                await self.ws.send("3")
            elif frame.startswith("42"):
                self.received.put_nowait(json.loads(frame[2:]))

    async def emit(self, event: str, data) -> None:
        await self.ws.send("42" + json.dumps([event, data], ensure_ascii=False))

    async def close(self) -> None:
        self.reader.cancel()
        await self.ws.close()


async def _next_text(received: asyncio.Queue, want, seconds: float = 20):
    """The first socket.io event ([name, data]) for which want(event) holds, or a timeout."""
    async def wait():
        while True:
            msg = await received.get()
            if want(msg):
                return msg
    return await asyncio.wait_for(wait(), seconds)


def _officer_reply(base: str, token: str, session_id: str, text: str) -> None:
    """What the console does (bot/web/rasa.py: append + message)."""
    from bot.web.rasa import message

    r = requests.post(f"{base}/conversations/{session_id}/tracker/events",
                      params={"output_channel": "latest", "execute_side_effects": "true", "token": token},
                      json=[message("officer", text, username="wang", name="王律师", role="法律援助律师")], timeout=60)
    r.raise_for_status()


def test_officer_reply_through_the_other_replica_reaches_the_widget(replicas, tracker_events):
    session_id = f"sock-{uuid.uuid4().hex[:10]}"

    async def run():
        widget = await _Widget.connect(replicas["a"], session_id)
        received = widget.received
        try:
            await widget.emit("user_uttered", {"message": "老板欠了我三个月工资不给 咋办", "session_id": session_id})
            answer = (await _next_text(received, lambda m: m[0] == "bot_uttered" and bool(m[1].get("text")), 60))[1]
            assert "仲裁" in answer["text"] or "工资" in answer["text"]
            texts = []
            for i, base in enumerate([replicas["b"], replicas["a"], replicas["b"]]):
                text = f"您好，我是王律师（第{i + 1}条）"
                await asyncio.to_thread(_officer_reply, base, replicas["token"], session_id, text)
                # Rasa's socket.io channel sends custom JSON as the event's data (widget.js reads it so).
                msg = (await _next_text(received, lambda m: m[0] == "bot_uttered" and m[1].get("kind") == "officer", 20))[1]
                texts.append(msg["text"])
            return texts
        finally:
            await widget.close()

    # Each reply arrives once, in order, whether the console's call went to the socket's replica or not.
    # (In a thread of its own: the browser tests' Playwright keeps an event loop in this one.)
    with ThreadPoolExecutor(1) as pool:
        replies = pool.submit(asyncio.run, run()).result()
    assert replies == [f"您好，我是王律师（第{i}条）" for i in (1, 2, 3)]
    officer = [e for e in tracker_events(session_id, replicas["b"])
               if e.get("event") == "bot" and (e.get("metadata") or {}).get("kind") == "officer"]
    assert len(officer) == 3
