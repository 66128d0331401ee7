#!/usr/bin/env bash
# Local stand-ins for python:*-slim (Docker Hub is unreachable): Debian minbase + python3 via debootstrap,
# imported with `docker import`. The rootfs tarball is cached in .testbed/ so a rebuilt engine re-imports in seconds.
# Usage: base-images.sh [SUITE...]   (default: bookworm trixie)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
debootstrap_setup

# suite -> python version and the tags it gets
declare -A PY=([bookworm]=3.11 [trixie]=3.13)

build_suite() {
  local suite=$1 py=${PY[$1]}
  local tags=("local/python:$py-slim-$suite")
  [ "$suite" = bookworm ] && tags+=("local/python:$py-slim")
  local have=1 t
  for t in "${tags[@]}"; do $DOCKER image inspect "$t" >/dev/null 2>&1 || have=0; done
  if [ "$have" = 1 ]; then log "${tags[*]} present"; return 0; fi

  local tarball="$BED/rootfs-python$py-$suite.tar"
  if [ ! -s "$tarball" ]; then
    local rootfs="$BED/rootfs-$suite"
    rm -rf "$rootfs"
    log "debootstrap $suite (python $py; ~90 s; log $LOGS/debootstrap-$suite.log)"
    debootstrap --variant=minbase \
      --include=python3,python3-venv,python3-pip,python-is-python3,ca-certificates \
      "$suite" "$rootfs" "$MIRROR" >"$LOGS/debootstrap-$suite.log" 2>&1 \
      || die "debootstrap $suite failed (see $LOGS/debootstrap-$suite.log)"
    # Behave like the official image: pip may install system-wide; no apt lists in the layer.
    rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
    tar -C "$rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"
  fi
  log "docker import ${tags[0]}"
  $DOCKER import -c 'ENV LANG=C.UTF-8' -c 'CMD ["python3"]' "$tarball" "${tags[0]}" >/dev/null \
    || die "docker import of $tarball failed (does dockerd run with enough privileges? see $LOGS/dockerd.log)"
  for t in "${tags[@]:1}"; do $DOCKER tag "${tags[0]}" "$t"; done
  local got
  got=$($DOCKER run --rm --network host "${tags[0]}" python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  [ "$got" = "$py" ] || die "${tags[0]} runs python $got, expected $py"
}

for suite in "${@:-bookworm trixie}"; do
  for s in $suite; do build_suite "$s"; done
done
