"""The action server's entry point: rasa_sdk's server, answering only a caller that holds the secret.

    python -m bot.action_server --port 5055 --actions actions     (the arguments of `rasa run actions`)

The action server opens tickets and reads conversations, so only Rasa may call it. Rasa sends the
shared secret ``UNION_ACTIONS_TOKEN`` with every call, as the header ``Authorization: Bearer …`` (the
action endpoint's ``headers`` in var/endpoints.yml, deploy/endpoints.prod.yml and devtools/stack.py).
Any other request gets 401 before rasa_sdk reads it; only ``/health`` stays open (the supervisor,
the load balancer's and the containers' health checks). Without the variable the server does not
start: it never runs open.
"""
from __future__ import annotations

import hmac
import os
import sys

TOKEN_ENV = "UNION_ACTIONS_TOKEN"
OPEN_PATHS = frozenset({"/health"})


def authorised(header: str | None, secret: str) -> bool:
    """Whether an Authorization header carries the secret (compared in constant time)."""
    scheme, _, value = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), secret.encode())


def protect(app, secret: str):
    """Adds the check to a rasa_sdk Sanic app: every request but /health needs the secret."""
    if not secret:
        raise ValueError(f"{TOKEN_ENV} is empty")
    from sanic import response

    @app.middleware("request")
    async def require_secret(request):
        if request.path in OPEN_PATHS or authorised(request.headers.get("authorization"), secret):
            return None
        return response.json({"error": "unauthorised"}, status=401)

    # Sanic's access log is filtered out by the log level anyway; turned off, each response no longer
    # builds its record (2% of the server's busy time).
    app.config.ACCESS_LOG = False
    return app


def main() -> None:
    secret = os.environ.get(TOKEN_ENV, "")
    if not secret:
        sys.exit(f"{TOKEN_ENV} is not set: the action server only answers Rasa, which sends that secret "
                 "(scripts/run and scripts/prod generate one).")
    import rasa_sdk.__main__ as sdk
    from rasa_sdk import endpoint

    create_app = endpoint.create_app  # rasa_sdk's run() builds its app through this name
    endpoint.create_app = lambda *args, **kwargs: protect(create_app(*args, **kwargs), secret)
    sdk.main()


if __name__ == "__main__":
    main()
