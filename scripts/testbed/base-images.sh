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
  local layer="" have=1 t
  [ "$suite" = bookworm ] && layer=$(bookworm_layer_key)
  for t in "${tags[@]}"; do
    [ "$($DOCKER image inspect -f '{{index .Config.Labels "dct.testbed.layer"}}' "$t" 2>/dev/null || echo missing)" = "$layer" ] || have=0
  done
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
  local imported=${tags[0]}
  [ -n "$layer" ] && imported="local/python-rootfs:$py-$suite"
  $DOCKER import -c 'ENV LANG=C.UTF-8' -c 'CMD ["python3"]' "$tarball" "$imported" >/dev/null \
    || die "docker import of $tarball failed (does dockerd run with enough privileges? see $LOGS/dockerd.log)"
  [ -n "$layer" ] && bookworm_layer "$tarball" "$imported" "${tags[0]}" "$layer"
  for t in "${tags[@]:1}"; do $DOCKER tag "${tags[0]}" "$t"; done
  local got
  got=$($DOCKER run --rm --network host "${tags[0]}" python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  [ "$got" = "$py" ] || die "${tags[0]} runs python $got, expected $py"
}

# The bookworm image gets a layer on top of the cached import (the tarball stays as debootstrap made it):
# - apt points at the loopback mirror of apt-mirror.sh only (deb.debian.org is unreachable from containers);
# - Python's headers, as python:*-slim ships them (it has Python.h, not libc6-dev): only the include folders of
#   Debian's libpython3.11-dev, unpacked with dpkg-deb -x, not installed (its Depends would pull libc6-dev);
# - the apt settings Debian's Docker images carry (docker-clean: no .deb files or package caches left in a layer, no
#   translations), so an apt-get install in a Dockerfile adds the bytes it adds on python:*-slim.
APT_SOURCE="deb [trusted=yes] http://127.0.0.1:${DCT_APT_PORT:-3142}/ ./"
bookworm_layer_key() { printf '%s\n' "$APT_SOURCE" "$(declare -f bookworm_layer)" | md5sum | cut -c1-32; }

bookworm_layer() {
  local tarball=$1 from=$2 tag=$3 key=$4 ctx version
  ctx=$(mktemp -d)
  version=$(tar -xOf "$tarball" ./var/lib/dpkg/status | awk '/^Package: /{p=$2} /^Version: /{if (p=="python3.11") print $2}')
  [ -n "$version" ] || die "no python3.11 in $tarball"
  ( cd "$ctx" && apt-get download "libpython3.11-dev=$version" >>"$LOGS/apt.log" 2>&1 ) \
    || { apt-get update >>"$LOGS/apt.log" 2>&1 || true; ( cd "$ctx" && apt-get download "libpython3.11-dev=$version" >>"$LOGS/apt.log" 2>&1 ); } \
    || die "apt-get download libpython3.11-dev=$version failed (see $LOGS/apt.log)"
  dpkg-deb -x "$ctx"/libpython3.11-dev_*.deb "$ctx/deb"
  mkdir -p "$ctx/root/usr/include/x86_64-linux-gnu" "$ctx/root/etc/apt"
  mv "$ctx/deb/usr/include/python3.11" "$ctx/root/usr/include/"
  mv "$ctx/deb/usr/include/x86_64-linux-gnu/python3.11" "$ctx/root/usr/include/x86_64-linux-gnu/"
  echo "$APT_SOURCE" >"$ctx/root/etc/apt/sources.list"
  mkdir -p "$ctx/root/etc/apt/apt.conf.d"
  local clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"'
  printf 'DPkg::Post-Invoke { %s; };\nAPT::Update::Post-Invoke { %s; };\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' \
    "$clean" "$clean" >"$ctx/root/etc/apt/apt.conf.d/docker-clean"
  echo 'Acquire::Languages "none";' >"$ctx/root/etc/apt/apt.conf.d/docker-no-languages"
  printf 'FROM %s\nCOPY root/ /\nLABEL dct.testbed.layer=%s\n' "$from" "$key" >"$ctx/Dockerfile"
  $DOCKER build -q -t "$tag" "$ctx" >"$LOGS/base-image-layer.log" 2>&1 || die "docker build $tag failed (see $LOGS/base-image-layer.log)"
  rm -rf "$ctx"
  $DOCKER rmi "$from" >/dev/null 2>&1 || true
  $DOCKER run --rm --network host "$tag" sh -c 'test -e /usr/include/python3.11/Python.h && test -e /etc/apt/apt.conf.d/docker-clean && test -e /usr/include/x86_64-linux-gnu/python3.11/pyconfig.h && ! test -e /usr/include/stdio.h && ! ls /etc/apt/sources.list.d/*.sources 2>/dev/null' \
    || die "$tag: expected Python.h and no libc headers"
}

for suite in "${@:-bookworm trixie}"; do
  for s in $suite; do build_suite "$s"; done
done
