#!/bin/sh
# nginx as a process of scripts/prod's supervisor:  deploy/nginx-supervised.sh NGINX PREFIX ARG...
# execs `NGINX -p PREFIX/ ARG...` in the foreground. A master that died outright (SIGKILL, the OOM
# killer) leaves its workers serving and holding the ports, so its successor could not bind them
# and would be given up. Those workers are the nginx processes of the dead master's process group
# (its pid, in PREFIX/nginx.pid): they are stopped first. A live master is left alone.
set -eu
nginx="$1" prefix="$2"; shift 2
old="$(cat "$prefix/nginx.pid" 2>/dev/null || true)"
case "$old" in ''|*[!0-9]*) old="" ;; esac
if [ -n "$old" ] && ! kill -0 "$old" 2>/dev/null && pgrep -g "$old" -x nginx >/dev/null; then
  echo "stopping the workers left by nginx master $old"
  pkill -TERM -g "$old" -x nginx || true
  i=0
  while pgrep -g "$old" -x nginx >/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  pkill -KILL -g "$old" -x nginx || true
fi
exec "$nginx" -p "$prefix/" "$@"
