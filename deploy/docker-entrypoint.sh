#!/bin/sh
# Entry point of the image built by deploy/Dockerfile (docker-compose.yml):
#   migrate   Alembic migrations + FAQ content, then Rasa's tracker table (one-shot job)
#   rasa      one Rasa replica on :5005 (REST + socket.io + token-protected HTTP API)
#   actions   one action server on :5055
#   anything else is run as given (e.g. `python -m bot.cli load-content`)
# Settings come from the environment (docker-compose.yml and the env file deploy/prod.env);
# deploy/prodenv.py derives every variable that deploy/endpoints.prod.yml needs.
set -eu
cd /app

fail() { echo "ERROR: $*" >&2; exit 1; }

case "${UNION_PG_PASSWORD:-}" in
  change-me*) fail "UNION_PG_PASSWORD is still the example value: set a secret one in deploy/prod.env" ;;
esac
exports="$(python deploy/prodenv.py exports)" || fail "configuration (above)"
eval "$exports"

case "${1:-}" in
  migrate)
    python deploy/prodenv.py check || fail "PostgreSQL/Redis not reachable (above)"
    python -m bot.cli setup-db
    exec python deploy/prodenv.py tracker-table
    ;;
  rasa)
    [ -n "${UNION_RASA_TOKEN:-}" ] || fail "UNION_RASA_TOKEN is not set: copy deploy/prod.env.example to deploy/prod.env and fill it in"
    case "$UNION_RASA_TOKEN" in
      dev-token-change-me|change-me*) fail "UNION_RASA_TOKEN is still the example value: set a secret one in deploy/prod.env" ;;
    esac
    [ -n "${UNION_ACTION_ENDPOINT:-}" ] || fail "UNION_ACTION_ENDPOINT is not set (the action servers' load balancer)"
    exec python -m bot.rasa_runtime run --enable-api --auth-token "$UNION_RASA_TOKEN" -i 0.0.0.0 --port 5005 \
      -m models/union.tar.gz --endpoints deploy/endpoints.prod.yml --credentials deploy/credentials.prod.yml
    ;;
  actions)
    SANIC_HOST=0.0.0.0 exec rasa run actions --port 5055 --actions actions
    ;;
  *)
    exec "$@"
    ;;
esac
