#!/usr/bin/env bash
# A loopback apt repository for the bookworm base image, so a generated `apt-get update && apt-get install
# --no-install-recommends gcc libc6-dev libpq-dev` works in a --network host build with no internet.
# The .debs (the packages and their recursive Depends, no Recommends, minus what the base rootfs already has)
# are fetched on the host with `apt-get download`, indexed as a flat repo (Packages + unsigned Release; the
# image's source says [trusted=yes]) in .testbed/apt-mirror and served on 127.0.0.1:$DCT_APT_PORT (3142).
# Usage: apt-mirror.sh   (after base-images.sh: it subtracts the base's dpkg status; idempotent)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
PORT=${DCT_APT_PORT:-3142}
# What the e2e installs (server/src/project/system-packages.ts: psycopg2's build and runtime rows).
PACKAGES=(gcc libc6-dev libpq-dev libpq5 ${DCT_APT_EXTRA:-})
REPO="$BED/apt-mirror"
TARBALL="$BED/rootfs-python3.11-bookworm.tar"
apt_install dpkg-dev apt-utils curl python3

# The base's package database: from the cached rootfs, or from the image when the engine already had it (its tarball
# then may never have been made in this checkout).
status=$(mktemp)
trap 'rm -f "$status"' EXIT
if [ -s "$TARBALL" ]; then tar -xOf "$TARBALL" ./var/lib/dpkg/status >"$status"
else /usr/bin/docker run --rm --network host local/python:3.11-slim-bookworm cat /var/lib/dpkg/status >"$status" \
  || die "neither $TARBALL nor the image local/python:3.11-slim-bookworm: run base-images.sh first"; fi

stamp="${PACKAGES[*]} $(md5sum <"$status" | cut -c1-32) $(md5sum "$0" | cut -c1-32)"
if [ "$(cat "$REPO/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$REPO.partial" && mkdir -p "$REPO.partial"
  cp "$status" "$REPO.partial/.base-status"
  # apt's own resolver, against the image's package database instead of the host's: name=version to fetch.
  resolve() {
    apt-get -s -o Dir::State::status="$REPO.partial/.base-status" install --no-install-recommends "${PACKAGES[@]}" 2>>"$LOGS/apt.log" \
      | sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p'
  }
  wanted=$(resolve) || true
  if [ -z "$wanted" ]; then
    log "apt-get update (no candidates for ${PACKAGES[*]})"; apt-get update >>"$LOGS/apt.log" 2>&1 || true
    wanted=$(resolve) || true
  fi
  [ -n "$wanted" ] || die "could not resolve ${PACKAGES[*]} against the base rootfs (see $LOGS/apt.log)"
  log "apt mirror: downloading $(echo "$wanted" | wc -l) packages for ${PACKAGES[*]}"
  # shellcheck disable=SC2086
  ( cd "$REPO.partial" && apt-get download $wanted >>"$LOGS/apt.log" 2>&1 ) || die "apt-get download failed (see $LOGS/apt.log)"
  ( cd "$REPO.partial" && dpkg-scanpackages --multiversion . /dev/null >Packages 2>>"$LOGS/apt-mirror.log" && gzip -9kf Packages \
      && apt-ftparchive -o APT::FTPArchive::Release::Suite=dct-testbed release . >Release ) || die "indexing the apt mirror failed"
  echo "$stamp" >"$REPO.partial/.stamp"
  rm -rf "$REPO" && mv "$REPO.partial" "$REPO"
fi

serve_directory apt-mirror "$PORT" "$REPO" "http://127.0.0.1:$PORT/Packages"

# Once per mirror build: the base image's apt reaches it and gets a compiler that can build a C extension.
if [ ! -f "$REPO/.verified" ]; then
  log "checking apt-get install ${PACKAGES[*]} from the mirror inside local/python:3.11-slim-bookworm"
  /usr/bin/docker run --rm --network host local/python:3.11-slim-bookworm sh -c "
    apt-get update && apt-get install -y --no-install-recommends ${PACKAGES[*]} &&
    printf '#include <stdio.h>\n#include <Python.h>\n#include <libpq-fe.h>\nint main(void){printf(\"%%d\\\\n\", PQlibVersion());return 0;}\n' >/tmp/t.c &&
    gcc -I/usr/include/python3.11 -I/usr/include/postgresql /tmp/t.c -lpq -o /tmp/t && /tmp/t" \
    >"$LOGS/apt-mirror-check.log" 2>&1 || die "apt-get from the mirror failed in the base image (see $LOGS/apt-mirror-check.log)"
  touch "$REPO/.verified"
fi
