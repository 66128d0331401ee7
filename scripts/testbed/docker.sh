#!/usr/bin/env bash
# A real Docker engine without the default bridge (loopback-only networking: builds and containers use --network host).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
apt_install docker.io curl ca-certificates

if /usr/bin/docker info >/dev/null 2>&1; then
  log "dockerd already answers"
  exit 0
fi
log "starting dockerd --bridge=none (log $LOGS/dockerd.log)"
setsid dockerd --bridge=none --iptables=false --ip-forward=false \
  </dev/null >>"$LOGS/dockerd.log" 2>&1 &
echo $! >"$BED/dockerd.pid"
for _ in $(seq 1 120); do
  /usr/bin/docker info >/dev/null 2>&1 && { log "dockerd ready (pid $(cat "$BED/dockerd.pid"))"; exit 0; }
  pid_alive "$BED/dockerd.pid" || die "dockerd exited at start (see $LOGS/dockerd.log)"
  sleep 0.5
done
die "dockerd did not answer within 60 s (see $LOGS/dockerd.log)"
