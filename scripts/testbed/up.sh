#!/usr/bin/env bash
# Provision the real parts the e2e and integration tests run against. Idempotent and fast when already up.
# Usage (as root): scripts/testbed/up.sh e2e|integration|all
#   e2e          dockerd (--bridge=none), local/python base images, offline wheel index, docker-registry binary,
#                a loopback apt repository for the bookworm base (apt-mirror.sh), psycopg2 wheels (native-wheels.sh),
#                a second index with psycopg2's real sdist only (source-index.sh, 127.0.0.1:3143), docker-compose 1.29 (Debian), local/postgres:15 and the libpq
#                base (service-images.sh),
#                a second dockerd on its own socket (remote-engine tests)
#   integration  code-server 4.100.3 + playwright-core + Debian chromium in .vscode-test-host/
# Writes .testbed/state.json (read by test/support/testbed.ts). Logs: .testbed/logs/. Stop with down.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
LAYER=${1:-all}
case "$LAYER" in e2e|integration|all) ;; *) die "usage: up.sh e2e|integration|all" ;; esac
need_root
HERE=$(dirname "$0")
started=$(date +%s)

write_state() {
  local index="http://127.0.0.1:${DCT_INDEX_PORT:-3141}/simple/"
  local images="" sep="" py suite
  for pair in 3.11:bookworm 3.13:trixie; do
    py=${pair%%:*} suite=${pair#*:}
    if /usr/bin/docker image inspect "local/python:$py-slim-$suite" >/dev/null 2>&1; then
      images+="$sep\"$py\": \"local/python:$py-slim-$suite\""; sep=", "
    fi
  done
  cat >"$BED/state.json.partial" <<JSON
{
  "indexUrl": "$index",
  "trustedHost": "127.0.0.1",
  "sourceIndexUrl": "http://127.0.0.1:${DCT_SOURCE_INDEX_PORT:-3143}/simple/",
  "aptMirror": "http://127.0.0.1:${DCT_APT_PORT:-3142}/",
  "baseImages": { $images },
  "dockerBuildkitClient": "/usr/bin/docker",
  "dockerPlainClient": "$( [ -x /usr/local/bin/docker ] && echo /usr/local/bin/docker || echo /usr/bin/docker )",
  "registryBinary": "/usr/bin/docker-registry",
  "dockerdPid": $(cat "$BED/dockerd.pid" 2>/dev/null || echo null),
  "secondDockerHost": "unix://$(cat "$BED/dockerd2.socket")",
  "updatedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
  mv "$BED/state.json.partial" "$BED/state.json"
}

# Once per index build: pip inside a --network host container installs the whole example project's requirements.
verify_index() {
  local stamp="$BED/pypi/.verified"
  [ -f "$stamp" ] && return 0
  log "checking pip install from the index inside a --network host container"
  /usr/bin/docker run --rm --network host -v "$ROOT/examples/mysite/requirements.txt:/tmp/requirements.txt:ro" \
    -e PIP_INDEX_URL="http://127.0.0.1:${DCT_INDEX_PORT:-3141}/simple/" -e PIP_TRUSTED_HOST=127.0.0.1 \
    local/python:3.11-slim-bookworm sh -c 'python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -q -r /tmp/requirements.txt && /tmp/venv/bin/gunicorn --version' \
    >"$LOGS/index-check.log" 2>&1 || die "pip could not install examples/mysite/requirements.txt from the index (see $LOGS/index-check.log)"
  touch "$stamp"
}

if [ "$LAYER" = e2e ] || [ "$LAYER" = all ]; then
  apt_install docker.io debootstrap docker-registry curl ca-certificates python3 docker-compose
  [ -x /usr/bin/docker-registry ] || die "/usr/bin/docker-registry missing after installing docker-registry"
  bash "$HERE/docker.sh"
  bash "$HERE/base-images.sh" ${DCT_BASE_SUITES:-bookworm trixie}
  # After the base images: the mirror holds only what the bookworm rootfs lacks (images point at it already).
  bash "$HERE/apt-mirror.sh"
  bash "$HERE/second-dockerd.sh"
  bash "$HERE/wheelhouse.sh"
  bash "$HERE/native-wheels.sh"
  bash "$HERE/source-index.sh"
  bash "$HERE/service-images.sh"
  verify_index
  write_state
  log "e2e bed ready: $BED/state.json"
fi

if [ "$LAYER" = integration ] || [ "$LAYER" = all ]; then
  bash "$ROOT/scripts/vscode-test-host/install.sh" "$ROOT/.vscode-test-host"
  log "integration bed ready: $ROOT/.vscode-test-host"
fi
log "up.sh $LAYER done in $(( $(date +%s) - started )) s"
