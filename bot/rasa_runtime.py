"""The Rasa server's entry point: the `rasa` CLI with measured fixes applied
(tests/bot/test_rasa_runtime.py).

    python -m bot.rasa_runtime run --enable-api ...     (same arguments as `rasa`)

1. Action-response validation (performance): Rasa validates every action server response with
   `jsonschema.validate(result, schema)`, which with the jsonschema Rasa 3.6 pins (< 4.18) first
   re-validates the constant schema itself against the JSON Schema metaschema. Under load that was 52%
   of the Rasa process's CPU (bench/REPORT.md). Here the schema is checked once and its validator
   reused; responses are validated exactly as before, with the same error message on failure.

2. Event classes (performance): every message deserialises its whole conversation, and for each
   event Rasa looks up the event class by walking every subclass of `Event`
   (`Event.resolve_by_type`). In a long conversation that walk was a quarter of the Rasa process's
   time. Here each type name is resolved once and remembered; unknown names still go to Rasa's own
   lookup (and its errors).

3. socket.io rooms (correctness): Rasa 3.6's socket.io channel calls `sio.enter_room(...)` without
   `await`, but in the python-socketio it resolves to (5.x, >= 5.10) `AsyncServer.enter_room` is a
   coroutine, so with session persistence the socket never joined its session's room and no reply
   (nor an officer's message) ever reached the widget. Here the join happens at once and an already-
   finished awaitable is returned, so the call works awaited or not.

4. Slot copies (performance): Rasa copies every slot of the domain with `copy.copy` each time it
   creates a tracker, and it creates several per message (one per prior state the policies
   featurise, one per tracker copy). With the forms' 77 slots that generic copy was 15% of the Rasa
   process's time. Here a slot copies itself directly: the same shallow copy (a new object of the
   same class with the same attributes), without the generic `__reduce_ex__` round trip.

5. Action-server connections (performance): for every call to the action server Rasa opens a new
   HTTP client session, hence a new TCP connection (both ends then set up and tear down a connection
   per action: 7% of the Rasa process). Here each endpoint keeps one client session per event loop,
   with keep-alive connections that the client drops after 2 s idle, before Sanic's server side
   would (5 s), so a request never lands on a connection the server is closing. Headers,
   authentication and timeout are Rasa's.

6. socket.io across replicas: with `UNION_SOCKETIO_REDIS_URL` set (the production profile sets it),
   Rasa's socket.io server gets python-socketio's Redis client manager, so a message for a worker's
   socket (an officer's reply appended through any replica's HTTP API with `output_channel=latest`)
   is published on Redis and sent by the replica that holds the socket. Without it (the default
   profile, one process) nothing changes.

7. Typed button titles (understanding): a message that is the title of a button the bot offered in
   its latest turn is parsed as that button's payload (bot/dialogue/buttons.py), so typing
   "登记欠薪情况" does what tapping it does. The worker's words stay the message's text in the
   conversation; the parse records them under ``typed_title``.
"""
from __future__ import annotations

import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def _response_validator():
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self, result) -> bool:  # replaces RemoteAction._validate_action_result
    from jsonschema import exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_event_types: dict = {}
_ORIGINAL_RESOLVE = None  # Rasa's Event.resolve_by_type, kept by apply()


def _resolve_event_type(type_name, default=None):  # replaces Event.resolve_by_type (a staticmethod)
    cls = _event_types.get(type_name)
    if cls is None:
        cls = _ORIGINAL_RESOLVE(type_name, default)
        if cls is not None and cls is not default:
            _event_types[type_name] = cls
    return cls


class _Done:
    def __await__(self):
        return iter(())


def _enter_room(self, sid, room, namespace=None):  # replaces socketio.AsyncServer.enter_room
    self.manager.basic_enter_room(sid, namespace or "/", room)
    return _Done()


def _copy_slot(self):  # becomes rasa's Slot.__copy__: what copy.copy does for it, directly
    new = object.__new__(type(self))
    new.__dict__.update(self.__dict__)
    return new


class _KeptSession:
    """`async with endpoint.session()` yielding the endpoint's long-lived client session."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    async def __aenter__(self):
        import asyncio

        loop = asyncio.get_running_loop()
        sessions = self.endpoint.__dict__.setdefault("_union_sessions", {})
        session = sessions.get(loop)
        if session is None or session.closed:
            session = sessions[loop] = _new_session(self.endpoint)
        return session

    async def __aexit__(self, *exc):
        return False


def _session(self):  # replaces EndpointConfig.session
    return _KeptSession(self)


def _new_session(endpoint):
    """What Rasa's EndpointConfig.session creates, with a keep-alive connector."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    auth = (aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
            if endpoint.basic_auth else None)
    return aiohttp.ClientSession(headers=endpoint.headers, auth=auth,
                                 connector=aiohttp.TCPConnector(keepalive_timeout=2),
                                 timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT))


_ORIGINAL_SIO_INIT = None  # socketio.AsyncServer.__init__, kept by apply()


def _sio_init(self, client_manager=None, *args, **kwargs):  # wraps socketio.AsyncServer.__init__
    import os

    url = os.environ.get("UNION_SOCKETIO_REDIS_URL")
    if client_manager is None and url:
        import socketio

        client_manager = socketio.AsyncRedisManager(url, channel=os.environ.get("UNION_SOCKETIO_CHANNEL", "union-socketio"))
    _ORIGINAL_SIO_INIT(self, client_manager, *args, **kwargs)


_ORIGINAL_PARSE = None


async def _parse_message(self, message, tracker=None, only_output_properties=True):  # wraps MessageProcessor.parse_message
    from bot.dialogue.buttons import latest_buttons, payload_for_title

    payload = payload_for_title(message.text, latest_buttons(tracker.events)) if tracker is not None else None
    if payload is None:
        return await _ORIGINAL_PARSE(self, message, tracker, only_output_properties)
    import copy

    pressed = copy.copy(message)
    pressed.text = payload
    parse_data = await _ORIGINAL_PARSE(self, pressed, tracker, only_output_properties)
    parse_data["typed_title"] = message.text
    return parse_data


def apply() -> None:
    global _ORIGINAL_RESOLVE, _ORIGINAL_SIO_INIT, _ORIGINAL_PARSE
    import socketio
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    RemoteAction._validate_action_result = _validate_action_result
    socketio.AsyncServer.enter_room = _enter_room
    if _ORIGINAL_SIO_INIT is None:
        _ORIGINAL_SIO_INIT = socketio.AsyncServer.__init__
        socketio.AsyncServer.__init__ = _sio_init
    from rasa.shared.core.slots import Slot

    Slot.__copy__ = _copy_slot
    from rasa.utils.endpoints import EndpointConfig

    EndpointConfig.session = _session
    if _ORIGINAL_RESOLVE is None:
        _ORIGINAL_RESOLVE = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(_resolve_event_type)
    from rasa.core.processor import MessageProcessor

    if _ORIGINAL_PARSE is None:
        _ORIGINAL_PARSE = MessageProcessor.parse_message
        MessageProcessor.parse_message = _parse_message


def _token_from_environment(argv: list[str]) -> None:
    """`run` takes the API token from UNION_RASA_TOKEN, not from the command line (which `ps` shows
    to every user): it is added to the arguments inside this process (/proc/<pid>/cmdline keeps
    the original ones). A --auth-token given explicitly still wins."""
    import os

    token = os.environ.get("UNION_RASA_TOKEN")
    given = any(a in ("-t", "--auth-token") or a.startswith("--auth-token=") for a in argv)
    if token and argv[1:2] == ["run"] and argv[2:3] != ["actions"] and not given:
        argv.append(f"--auth-token={token}")  # one argument: a token may start with "-"


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    _token_from_environment(sys.argv)
    rasa_main()


if __name__ == "__main__":
    main()
