"""The widget's socket through the web app's bridge, against the running stack: the session is a
secret only the worker's browser holds; the conversation id that staff see opens nothing (no
history, no socket room, no speaking in the conversation); over-long input is refused at once."""
from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import websockets

from bot.web import bridge


class Socket:
    """A widget's socket, speaking socket.io over a plain websocket as the widget does."""

    def __init__(self, ws):
        self.ws, self.events = ws, asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, web_url: str, session: str | None) -> tuple["Socket", str]:
        ws = await websockets.connect(web_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket",
                                      max_size=2 ** 22)
        assert (await ws.recv()).startswith("0")
        await ws.send("40")
        s = cls(ws)
        await s.emit("session_request", {"session_id": session})
        confirmed = await s.next(lambda e: e[0] == "session_confirm")
        return s, confirmed[1]

    async def _read(self):
        try:
            async for frame in self.ws:
                if frame == "2":
                    await self.ws.send("3")
                elif frame.startswith("42"):
                    self.events.put_nowait(json.loads(frame[2:]))
        except websockets.exceptions.ConnectionClosed:
            pass

    async def emit(self, name: str, data) -> None:
        await self.ws.send("42" + json.dumps([name, data], ensure_ascii=False))

    async def next(self, want, seconds: float = 60):
        async def wait():
            while True:
                e = await self.events.get()
                if want(e):
                    return e
        return await asyncio.wait_for(wait(), seconds)

    async def close(self):
        self.reader.cancel()
        await self.ws.close()


def bot_text(e) -> bool:
    return e[0] == "bot_uttered" and bool((e[1] or {}).get("text"))


def user_texts(stack, conversation: str) -> list[str]:
    r = requests.get(f"{stack.rasa_url}/conversations/{conversation}/tracker", params={"token": stack.token}, timeout=30)
    return [e.get("text") for e in r.json()["events"] if e.get("event") == "user"]


def test_an_id_seen_by_staff_opens_nothing_and_a_socket_speaks_only_for_itself(web_stack):
    key = (web_stack.workdir / "secret_key").read_text().strip()

    async def scenario():
        worker, secret = await Socket.open(web_stack.web_url, None)
        assert bridge.valid_secret(secret)
        conversation = bridge.conversation_id(secret, key)
        await worker.emit("user_uttered", {"message": "老板欠了我三个月工资 电话13812345678", "session_id": secret})
        await worker.next(bot_text)
        assert "老板欠了我三个月工资 电话13812345678" in user_texts(web_stack, conversation)

        # someone who learnt the conversation id (from a ticket) tries it as the widget would
        intruder, other = await Socket.open(web_stack.web_url, conversation)
        assert other != secret
        await intruder.emit("user_uttered", {"message": "取消我的留言", "session_id": conversation})
        await intruder.next(bot_text)
        assert "取消我的留言" not in user_texts(web_stack, conversation)
        history = requests.post(f"{web_stack.web_url}/widget/history", data=json.dumps({"session": conversation}), timeout=30)
        assert "13812345678" not in history.text and "老板欠了我" not in history.text
        own = requests.post(f"{web_stack.web_url}/widget/history", data=json.dumps({"session": secret}), timeout=30)
        assert "老板欠了我三个月工资" in own.text

        # a message for the conversation (as an officer's reply is sent) reaches the worker only
        r = requests.post(f"{web_stack.rasa_url}/conversations/{conversation}/tracker/events",
                          params={"token": web_stack.token, "output_channel": "latest", "execute_side_effects": "true"},
                          json=[{"event": "bot", "text": "我是王律师，看到您的情况了", "timestamp": time.time()}], timeout=30)
        r.raise_for_status()
        await worker.next(lambda e: e[0] == "bot_uttered" and "王律师" in str(e[1]))
        assert all("王律师" not in str(e) for e in list(intruder.events._queue))

        # over-long: refused with a reply, never in the conversation
        await worker.emit("user_uttered", {"message": "欠" * 5000, "session_id": secret})
        refused = await worker.next(bot_text)
        assert "太长" in refused[1]["text"]
        assert not any(t and len(t) > 1000 for t in user_texts(web_stack, conversation))
        await worker.close(), await intruder.close()

        # a frame over the server's websocket limit closes that socket only
        big, _ = await Socket.open(web_stack.web_url, None)
        await big.ws.send('42["user_uttered",{"message":"' + "a" * (bridge.WS_MAX_BYTES * 2) + '"}]')
        await asyncio.wait_for(big.ws.wait_closed(), 30)
        again, _ = await Socket.open(web_stack.web_url, secret)
        await again.emit("user_uttered", {"message": "你好", "session_id": secret})
        await again.next(bot_text)
        await again.close()

    # in a thread of its own: Playwright's sync API keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()
