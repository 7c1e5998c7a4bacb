"""The web app: demo page with the widget (/), the widget's assets and history, the websocket
bridge to Rasa's socket.io channel (/socket.io/), the staff console (/console) and its API (/api)."""
from __future__ import annotations

import asyncio
import json
import logging
import re
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import websockets
from fastapi import FastAPI, HTTPException, Request, WebSocket
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from bot.common import ratelimit
from bot.config import Settings, WebSettings, _secret_key, get_settings, get_web_settings
from bot.cases import conversation
from bot.handoff import transcript
from bot.web import bridge, rasa as rasa_api
from bot.web.api import router

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
CONSOLE_HEADERS = {
    **SECURITY_HEADERS,
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "connect-src 'self'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


MAX_BODY_BYTES = 256 * 1024  # the largest thing staff or the widget send is a few KB of text


def _small_enough(request: Request) -> bool:
    """Refuses a body over MAX_BODY_BYTES before it is read (by its declared length; uvicorn reads no
    more than that). A body without a length (chunked) is read by the route's own size check."""
    length = request.headers.get("content-length")
    if length is None:
        return request.headers.get("transfer-encoding", "").lower() != "chunked" or request.method in ("GET", "HEAD")
    return length.isdigit() and int(length) <= MAX_BODY_BYTES


def create_app(settings: Settings | None = None, web: WebSettings | None = None) -> FastAPI:
    settings, web = settings or get_settings(), web or get_web_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rasa = rasa_api.RasaClient(settings.rasa_url, settings.rasa_token)
        yield
        await app.state.rasa.close()

    app = FastAPI(title="工会职工服务助手 console API", version="1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # the Swagger page would load its assets from a CDN
    app.state.web = web
    app.state.allow = ratelimit.get_limiter().hit_async  # widget chat and sessions (bot/common/ratelimit.py)
    key = _secret_key()
    sockets: dict[str, int] = {}  # open widget sockets per client address
    # open widget sockets per conversation: a staff reply reaches these at once (bot/cases/conversation.py)
    app.state.open_chats = open_chats = {}
    telling: set = set()  # notices being sent to a widget that has just connected
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie="union_session",
                       max_age=int(timedelta(hours=web.session_hours).total_seconds()), same_site="strict",
                       https_only=web.cookie_secure)
    app.include_router(router)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        if any(ord(c) < 32 or c == "\x7f" for c in request.url.path):  # e.g. /static/%00: no such file
            response = JSONResponse({"detail": "请求地址不对"}, status_code=404)
        elif not _small_enough(request):
            response = JSONResponse({"detail": "提交的内容太大了"}, status_code=413)
        else:
            response = await call_next(request)
        extra = CONSOLE_HEADERS if request.url.path.startswith(("/console", "/api")) else SECURITY_HEADERS
        for k, v in extra.items():
            response.headers.setdefault(k, v)
        if request.url.path.startswith(("/widget/", "/static/dist/widget")):
            # The widget is embedded in the union's other sites: its history is readable from any
            # origin (it needs no cookies; the widget's secret, never shown to anyone, is the key).
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def demo_page():
        return FileResponse(STATIC / "demo.html")

    @app.get("/console", include_in_schema=False)
    @app.get("/console/{path:path}", include_in_schema=False)
    def console_page(path: str = ""):
        return FileResponse(STATIC / "console.html")

    @app.get("/healthz", include_in_schema=False)
    async def health():
        try:
            await app.state.rasa.status()
            return {"web": "ok", "rasa": "ok"}
        except rasa_api.RasaUnavailable:
            return JSONResponse({"web": "ok", "rasa": "unavailable"}, status_code=503)

    @app.post("/widget/history", tags=["widget"])
    async def widget_history(request: Request):
        """The worker's own conversation, to show again after a page reload. The body is
        ``{"session": <the widget's secret>}`` (sent as text/plain, so a page on another origin
        needs no preflight; the secret stays out of URLs and access logs)."""
        body = await request.body()
        try:
            secret = json.loads(body.decode("utf-8")).get("session") if len(body) <= 1024 else None
        except (ValueError, UnicodeDecodeError, AttributeError):
            secret = None
        if not bridge.valid_secret(secret):
            raise HTTPException(422, "会话编号不对")
        conv = bridge.conversation_id(secret, key)
        await _tell_pending(conv, live=False)
        try:
            tracker = await app.state.rasa.tracker(conv)
        except rasa_api.RasaUnavailable:
            raise HTTPException(502, "暂时取不到对话记录")
        messages = transcript.messages(tracker, widget=True)
        for m in messages:  # the widget does not show intents
            m.pop("intent", None), m.pop("confidence", None)
        state = (tracker.get("slots") or {}).get("handoff")
        return {"messages": messages, "handoff": None if conversation.replying_to(state) else state}

    async def _tell_pending(conv: str, live: bool) -> None:
        """Staff replies the worker has not seen, once: into the history shown now (a visit), or
        live to the widget that has just (re)connected (bot/cases/conversation.py)."""
        try:
            notices = await run_in_threadpool(conversation.take_pending, conv)
        except Exception:  # noqa: BLE001 - the history is shown all the same
            log.exception("staff replies for the widget history")
            return
        if not notices:
            return
        try:
            events = await run_in_threadpool(rasa_api.notice_events, notices, conv)
            await app.state.rasa.append(conv, events, live=live)
        except rasa_api.RasaUnavailable:
            await run_in_threadpool(conversation.undeliver, [n.event_id for n in notices])

    rasa_ws = re.sub(r"^http", "ws", settings.rasa_url.rstrip("/")) + "/socket.io/"

    def _forget(conv: str | None) -> None:
        if conv and open_chats.get(conv):
            open_chats[conv] -= 1
            if not open_chats[conv]:
                del open_chats[conv]

    @app.websocket("/socket.io/")
    async def socket_bridge(ws: WebSocket):
        """Workers reach Rasa's socket.io channel only through here (Rasa's HTTP API stays private);
        every frame is checked on the way (bot/web/bridge.py)."""
        address = ws.client.host if ws.client else ""
        if sockets.get(address, 0) >= web.sockets_per_address or not await app.state.allow("socket.address", address):
            await ws.close(code=1013)  # try again later: too many sockets from this address
            return
        sockets[address] = sockets.get(address, 0) + 1
        session = bridge.WidgetSession(key=key, address=address, allow=app.state.allow)
        chat: list[str | None] = [None]  # the conversation this socket shows
        await ws.accept()
        try:
            async with websockets.connect(f"{rasa_ws}?{ws.url.query}", max_size=2 ** 20, ping_interval=None,
                                          open_timeout=10) as upstream:
                async def to_rasa():
                    while True:
                        msg = await ws.receive()
                        if msg["type"] == "websocket.disconnect":
                            return
                        data = msg.get("text") if msg.get("text") is not None else msg.get("bytes")
                        onward, back = await session.from_worker(data)
                        if session.conversation != chat[0]:  # the socket (re)started a session
                            _forget(chat[0])
                            chat[0] = session.conversation
                            open_chats[chat[0]] = open_chats.get(chat[0], 0) + 1
                        for frame in onward:
                            await upstream.send(frame)
                        for frame in back:
                            await ws.send_text(frame)

                async def to_worker():
                    async for data in upstream:
                        if isinstance(data, str) and '"session_confirm"' in data[:40] and session.conversation:
                            # Rasa has the session (and the socket its room): what waited is sent now
                            task = asyncio.create_task(_tell_pending(session.conversation, live=True))
                            telling.add(task)
                            task.add_done_callback(telling.discard)
                        data = session.from_rasa(data)
                        await (ws.send_text(data) if isinstance(data, str) else ws.send_bytes(data))

                tasks = [asyncio.create_task(to_rasa()), asyncio.create_task(to_worker())]
                _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for t in pending:
                    t.cancel()
        except (OSError, websockets.exceptions.WebSocketException, asyncio.TimeoutError) as exc:
            log.warning("socket bridge to Rasa: %s", exc)
        finally:
            _forget(chat[0])
            sockets[address] -= 1
            if not sockets[address]:
                del sockets[address]
            try:
                await ws.close()
            except RuntimeError:
                pass

    return app


def main() -> None:
    import uvicorn

    import os

    os.umask(0o077)  # files this process makes (logs, var/secret_key) are the user's only
    web = get_web_settings()
    logging.basicConfig(level=logging.INFO)
    # httpx logs every request with its URL at INFO, and every call to Rasa carries ?token=.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    uvicorn.run(create_app(web=web), host=web.host, port=web.port, proxy_headers=True, log_level="info",
                ws_max_size=bridge.WS_MAX_BYTES)
