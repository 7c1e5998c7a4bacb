#!/bin/sh
# Entry point of the image built by deploy/Dockerfile (docker-compose.yml):
#   migrate   Alembic migrations + FAQ content, Rasa's tracker table, and the first console
#             account if there is none (one-shot job; its one-time password is printed once)
#   rasa      one Rasa replica on :5005 (REST + socket.io + token-protected HTTP API)
#   actions   one action server on :5055 (answers only calls carrying UNION_ACTIONS_TOKEN)
#   web       the web app on :8000 (demo page, widget, /socket.io/ bridge, console and its API)
#   anything else is run as given (e.g. `python -m bot.cli load-content`)
# Settings come from the environment (docker-compose.yml and the env file deploy/prod.env);
# deploy/prodenv.py derives every variable that deploy/endpoints.prod.yml needs. Secrets stay in the
# environment, never on a command line. A process that exits ends its container, which compose
# starts again (restart: unless-stopped, docs/DEPLOYMENT.md).
set -eu
cd /app

fail() { echo "ERROR: $*" >&2; exit 1; }
require_secret() {  # require_secret VARIABLE: set, and not an example value
  eval "value=\${$1:-}"
  [ -n "$value" ] || fail "$1 is not set: copy deploy/prod.env.example to deploy/prod.env and fill it in"
  case "$value" in
    dev-token-change-me|change-me*) fail "$1 is still the example value: set a secret one in deploy/prod.env" ;;
  esac
}
require_token() { require_secret UNION_RASA_TOKEN; }

case "${UNION_PG_PASSWORD:-}" in
  change-me*) fail "UNION_PG_PASSWORD is still the example value: set a secret one in deploy/prod.env" ;;
esac
exports="$(python deploy/prodenv.py exports)" || fail "configuration (above)"
eval "$exports"

case "${1:-}" in
  migrate)
    python deploy/prodenv.py check || fail "PostgreSQL/Redis not reachable (above)"
    python -m bot.cli setup-db
    python deploy/prodenv.py tracker-table
    mkdir -p "$UNION_VAR_DIR"  # ensure-admin keeps the one-time password there (the container's /tmp)
    exec python -m bot.cli ensure-admin
    ;;
  rasa)
    require_token
    require_secret UNION_ACTIONS_TOKEN  # sent with every call to the action servers
    [ -n "${UNION_ACTION_ENDPOINT:-}" ] || fail "UNION_ACTION_ENDPOINT is not set (the action servers' load balancer)"
    # The API token is read from UNION_RASA_TOKEN (bot/rasa_runtime.py), not given on the command line.
    exec python -m bot.rasa_runtime run --enable-api -i 0.0.0.0 --port 5005 \
      -m models/union.tar.gz --endpoints deploy/endpoints.prod.yml --credentials deploy/credentials.prod.yml
    ;;
  actions)
    require_secret UNION_ACTIONS_TOKEN  # every call but /health must carry it (bot/action_server.py)
    SANIC_HOST=0.0.0.0 exec python -m bot.action_server --port 5055 --actions actions
    ;;
  web)
    require_token
    # Without it each container would sign sessions with a key of its own, lost on every restart.
    require_secret UNION_SECRET_KEY
    [ -n "${UNION_RASA_URL:-}" ] || fail "UNION_RASA_URL is not set (nginx's private Rasa port, e.g. http://nginx:8082)"
    # The analytics read Rasa's conversations from the tracker store's `events` table.
    export UNION_EVENTS_URL="${UNION_EVENTS_URL:-$UNION_DATABASE_URL}"
    UNION_WEB_HOST=0.0.0.0 UNION_WEB_PORT=8000 exec python -m bot.web
    ;;
  *)
    exec "$@"
    ;;
esac
