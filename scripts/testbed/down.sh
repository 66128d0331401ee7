#!/usr/bin/env bash
# Stop what up.sh started (by pidfile). Images, caches, the wheel index and .vscode-test-host stay.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
stop() {
  local name=$1 pidfile="$BED/$1.pid"
  if pid_alive "$pidfile"; then
    local pid; pid=$(cat "$pidfile")
    log "stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "$name did not stop in 20 s; SIGKILL"; kill -9 "$pid"; }
  fi
  rm -f "$pidfile"
}
stop index
stop apt-mirror
stop source-index
stop dockerd2
stop dockerd
