# Shared set-up steps for scripts/run and scripts/test. Source it; do not run it.
set -euo pipefail
# Files made from here on (the database, logs, var/, and by every process started) are the user's only.
umask 077
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export UNION_VAR_DIR="${UNION_VAR_DIR:-$ROOT/var}"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
MODEL="$ROOT/models/union.tar.gz"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\n\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

setup_wanted() {  # UNION_RUN_SETUP=0: the venv, the front-end bundle and the model are known current (tests/ops)
  [ "${UNION_RUN_SETUP:-1}" != 0 ]
}

find_python310() {
  local c
  for c in "${UNION_PYTHON:-}" "$(command -v python3.10 2>/dev/null || true)" \
           $(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.10.*/bin/python3.10 2>/dev/null || true); do
    if [ -n "$c" ] && [ -x "$c" ] && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  local want have=""
  want="$(cat requirements.txt constraints.txt pyproject.toml | sha256sum | cut -c1-16)"
  [ -f "$VENV/.installed" ] && have="$(cat "$VENV/.installed")"
  if [ -x "$PY" ] && [ "$want" = "$have" ]; then
    return 0
  fi
  local py310
  py310="$(find_python310)" || die "Python 3.10 is required (rasa 3.6 does not run on 3.11+), and none was found.
Install it, e.g. 'pyenv install 3.10.13', or point UNION_PYTHON at a python3.10 binary."
  if [ ! -x "$PY" ]; then
    step "Creating the virtual environment (.venv) with $py310"
    "$py310" -m venv "$VENV"
  fi
  step "Installing pinned dependencies (rasa, TensorFlow: a few minutes the first time)"
  "$PY" -m pip install --disable-pip-version-check --progress-bar on "pip==24.0" "wheel==0.45.1"
  "$PY" -m pip install --disable-pip-version-check --progress-bar on -r requirements.txt -c constraints.txt
  "$PY" -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e .  # bot/ and actions/ (the custom NLU component lives in bot/nlu)
  echo "$want" > "$VENV/.installed"
}

ensure_db() {
  step "Database: migrations and content (${UNION_DATABASE_URL:-sqlite in $UNION_VAR_DIR})"
  "$PY" -m bot.cli setup-db
}

model_fingerprint() {
  # Everything `rasa train` reads, and the code of our NLU components (their trained pipelines are
  # pickled in the model). The FAQ content is not in the model: it lives in the database.
  { cat config.yml domain.yml; find data/nlu data/rules data/stories data/dict data/normalise data/urgency bot/nlu -type f -not -name "*.pyc" | sort | xargs cat; } | sha256sum | cut -c1-16
}

ensure_model() {
  local fp; fp="$(model_fingerprint)"
  if [ -f "$MODEL" ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fp" ]; then
    echo "Model is up to date ($MODEL)."
    return 0
  fi
  step "Training the model (under a minute; progress below)"
  mkdir -p models
  "$VENV/bin/rasa" train --fixed-model-name union --out models
  echo "$fp" > models/.fingerprint
}

FRONTEND="$ROOT/bot/web/frontend"

ensure_web() {
  # The widget and the console are built from npm packages pinned by package-lock.json.
  command -v npm >/dev/null 2>&1 || die "Node.js and npm are needed to build the widget and console (e.g. apt-get install nodejs npm)."
  local lock src
  lock="$(sha256sum "$FRONTEND/package-lock.json" | cut -c1-16)"
  if [ "$(cat "$FRONTEND/node_modules/.installed" 2>/dev/null)" != "$lock" ]; then
    step "Installing the front-end packages (npm ci, from package-lock.json)"
    (cd "$FRONTEND" && npm ci --no-audit --no-fund)
    echo "$lock" > "$FRONTEND/node_modules/.installed"
  fi
  src="$(find "$FRONTEND/src" "$FRONTEND/build.mjs" -type f | sort | xargs cat | sha256sum | cut -c1-16)"
  if [ ! -f "$ROOT/bot/web/static/dist/widget.js" ] || [ "$(cat "$ROOT/bot/web/static/dist/.fingerprint" 2>/dev/null)" != "$src" ]; then
    step "Building the widget and the console (esbuild)"
    (cd "$FRONTEND" && npm run build)
    echo "$src" > "$ROOT/bot/web/static/dist/.fingerprint"
  fi
}

write_endpoints() {
  # endpoints.yml names default ports; Rasa has no ${VAR:-default}, so write the ones in use.
  # Conversations are kept in a SQLite file (var/conversations.db) by a store whose cost per
  # message stays flat (bot/tracker_store.py), so a restart of Rasa loses no conversation, form or
  # handoff; the console's analytics read the same file. Rasa sends the action server's secret from
  # its environment (bot/action_server.py); the file holds no secret. No custom action reads the
  # domain, so Rasa does not send it with every call (enable_selective_domain: 35 KB less to
  # encode and decode per call, bench/REPORT.md).
  cat > "$UNION_VAR_DIR/endpoints.yml" <<YML
action_endpoint:
  url: "http://127.0.0.1:$UNION_ACTIONS_PORT/webhook"
  enable_selective_domain: true
  headers:
    Authorization: Bearer \${UNION_ACTIONS_TOKEN}
tracker_store:
  type: bot.tracker_store.WindowedSQLTrackerStore
  dialect: sqlite
  db: "$UNION_VAR_DIR/conversations.db"
YML
}

ensure_secret() {  # ensure_secret VARIABLE FILE WHAT [BYTES]
  # Exports VARIABLE: its value when set, else a random secret kept in FILE (created once, readable
  # by this user only; bot/config.py reads the same files). Processes get it from the environment,
  # never on a command line (which `ps` shows to every user).
  local var="$1" file="$2"
  if [ -z "${!var:-}" ]; then
    if [ ! -s "$file" ]; then
      mkdir -p "$(dirname "$file")"
      (umask 077; "$PY" -c "import secrets; print(secrets.token_urlsafe(${4:-24}))" > "$file")
      echo "  $3: generated, in ${file#"$ROOT"/} (set $var to choose one)"
    fi
    printf -v "$var" '%s' "$(cat "$file")"
  fi
  export "${var?}"
}

rasa_ready() {  # rasa_ready URL: Rasa at URL has loaded its model (the token goes to curl on stdin, not argv)
  printf 'url = "%s/status?token=%s"\n' "$1" "$UNION_RASA_TOKEN" | curl -fs -K - 2>/dev/null | grep -q '"model_file"'
}

# Process supervision, both profiles: supervisord starts every process and starts again any that
# exits, while the others keep serving. One that fails within its first 30 s (Rasa loads its model
# meanwhile) is started again after 1, 2, 3... s, and given up (FATAL) after 10 such failures in a
# row; a crash after that is restarted at once. The start scripts stop at the first exit during
# their own start-up instead, with the logs. Each process logs to its
# own file; supervisorctl controls them over a unix socket (mode 700):
#   .venv/bin/supervisorctl -c var/supervisord.conf status|restart rasa|tail -f web
supervisor_conf() {  # supervisor_conf CONF LOGDIR: starts a configuration (its socket beside CONF)
  SUPERVISOR_CONF="$1" SUPERVISOR_LOGS="$2"
  local run; run="$(dirname "$1")"
  mkdir -p "$2"
  cat > "$1" <<CONF
; Written by scripts/$(basename "$0") at each start. Processes inherit its environment (secrets included),
; so none is written here.
[supervisord]
nodaemon=true
silent=true
directory=$ROOT
logfile=$2/supervisord.log
pidfile=$run/supervisord.pid
childlogdir=$2

[unix_http_server]
file=$run/supervisor.sock
chmod=0700

[supervisorctl]
serverurl=unix://$run/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
CONF
}

supervisor_program() {  # supervisor_program NAME PRIORITY 'KEY="value",...' COMMAND ARG...
  local name="$1" priority="$2" environment="$3"; shift 3
  cat >> "$SUPERVISOR_CONF" <<CONF

[program:$name]
command=$(printf '%q ' "$@" | sed 's/%/%%/g')
${environment:+environment=$environment}
priority=$priority
autorestart=true
startsecs=30
startretries=10
stopwaitsecs=20
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=$SUPERVISOR_LOGS/$name.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=5
CONF
}

supervisor_start() {
  # supervisord in the background (its pid: SUPERVISORD); leaving this script stops it and every
  # process. Its files and the logs are readable by this user only (logs may hold tokens).
  SUPERVISOR_LOG_START="$(stat -c %s "$SUPERVISOR_LOGS/supervisord.log" 2>/dev/null || echo 0)"
  (umask 077; exec "$VENV/bin/supervisord" -c "$SUPERVISOR_CONF") &
  SUPERVISORD=$!
  trap supervisor_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

supervisor_stop() {  # each process gets SIGTERM (SIGKILL after 20 s)
  kill -TERM "$SUPERVISORD" 2>/dev/null || return 0
  wait "$SUPERVISORD" 2>/dev/null || true
}

supervisor_failed() {  # during start-up: supervisord has exited, or a process exited (it would be restarted)
  kill -0 "$SUPERVISORD" 2>/dev/null || return 0
  tail -c +$((SUPERVISOR_LOG_START + 1)) "$SUPERVISOR_LOGS/supervisord.log" 2>/dev/null | grep "not expected\|gave up" >/dev/null
}

supervisor_logs() {  # the end of each log, for a failed start
  local f
  for f in "$SUPERVISOR_LOGS"/*.log; do
    [ -s "$f" ] && { printf '\n--- %s\n' "${f#"$ROOT"/}"; tail -n 15 "$f"; }
  done
  "$VENV/bin/supervisorctl" -c "$SUPERVISOR_CONF" status 2>/dev/null || true
}

CHROMIUM="${UNION_CHROMIUM:-/usr/bin/chromium}"

ensure_chromium() {
  # The browser tests drive Debian's Chromium through Playwright (its own browser download cannot
  # work on machines without outside network).
  [ -x "$CHROMIUM" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    step "Installing Chromium (and a Chinese font for its screenshots) for the browser tests"
    apt-get install -y chromium fonts-wqy-microhei || { apt-get update && apt-get install -y chromium fonts-wqy-microhei; }
  fi
  [ -x "$CHROMIUM" ] || die "The browser tests need Chromium at $CHROMIUM: run 'sudo apt-get install -y chromium' (or set UNION_CHROMIUM)."
}
