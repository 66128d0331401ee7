#!/usr/bin/env bash
# A second, independent Docker engine for the remote-engine tests (push through a docker context).
# Own unix socket, data root, exec root (so its own managed containerd), pidfile and config file; loopback-only
# networking like docker.sh. The local base images of the main engine are copied in (`docker save | docker load`),
# because nothing can be pulled. Idempotent: an engine that answers is kept, present images are not loaded again.
# Usage (as root): second-dockerd.sh [IMAGE...]   (default: the local/python base images base-images.sh makes)
# Stop it with down.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
apt_install docker.io

RUN_DIR=${DCT_DOCKER2_RUN:-/run/dct-docker2}
DATA_ROOT=${DCT_DOCKER2_DATA:-/var/lib/dct-docker2}
SOCKET="$RUN_DIR/docker.sock"
PIDFILE="$BED/dockerd2.pid"
DOCKER=/usr/bin/docker
second() { DOCKER_HOST="unix://$SOCKET" DOCKER_CONTEXT='' "$DOCKER" "$@"; }

if second info >/dev/null 2>&1; then
  log "second dockerd already answers on $SOCKET"
else
  mkdir -p "$RUN_DIR" "$DATA_ROOT"
  # An empty config file of its own: a host-wide /etc/docker/daemon.json (hosts, data-root) must not leak in.
  [ -f "$RUN_DIR/daemon.json" ] || echo '{}' >"$RUN_DIR/daemon.json"
  log "starting a second dockerd on $SOCKET (log $LOGS/dockerd2.log)"
  setsid dockerd --host "unix://$SOCKET" --data-root "$DATA_ROOT" --exec-root "$RUN_DIR/exec" \
    --pidfile "$RUN_DIR/dockerd.pid" --config-file "$RUN_DIR/daemon.json" \
    --bridge=none --iptables=false --ip-forward=false \
    </dev/null >>"$LOGS/dockerd2.log" 2>&1 &
  echo $! >"$PIDFILE"
  ready=0
  for _ in $(seq 1 120); do
    if second info >/dev/null 2>&1; then ready=1; break; fi
    pid_alive "$PIDFILE" || die "the second dockerd exited at start (see $LOGS/dockerd2.log)"
    sleep 0.5
  done
  [ "$ready" = 1 ] || die "the second dockerd did not answer within 60 s (see $LOGS/dockerd2.log)"
  log "second dockerd ready (pid $(cat "$PIDFILE"))"
fi

# The base images the tests build on, by the same ids as on the main engine.
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(local/python:3.11-slim-bookworm local/python:3.13-slim-trixie)
for image in "${images[@]}"; do
  want=$("$DOCKER" image inspect --format '{{.Id}}' "$image" 2>/dev/null) || { log "$image is not on the main engine; skipped"; continue; }
  have=$(second image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  [ "$want" = "$have" ] && continue
  log "loading $image into the second engine"
  "$DOCKER" save "$image" | second load >/dev/null || die "could not load $image into the second engine"
done
echo "$SOCKET" >"$BED/dockerd2.socket"
