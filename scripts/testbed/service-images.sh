#!/usr/bin/env bash
# Local stand-ins for the backing-service images a generated compose.yaml names (Docker Hub is unreachable):
#   local/postgres:15   Debian bookworm minbase + postgresql-15, with an entrypoint that honours POSTGRES_DB,
#                       POSTGRES_USER, POSTGRES_PASSWORD like the official image (and PGPORT for host networking).
# Built like base-images.sh: debootstrap, rootfs tarball cached in .testbed/, `docker import`, then a small
# `docker build` that adds the entrypoint (no network needed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
apt_install debootstrap
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKER=/usr/bin/docker
TAG=local/postgres:15

if $DOCKER image inspect "$TAG" >/dev/null 2>&1; then log "$TAG present"; exit 0; fi
tarball="$BED/rootfs-postgres15-bookworm.tar"
if [ ! -s "$tarball" ]; then
  rootfs="$BED/rootfs-postgres15"
  rm -rf "$rootfs"
  log "debootstrap bookworm + postgresql-15 (~2 min; log $LOGS/debootstrap-postgres.log)"
  debootstrap --variant=minbase --include=postgresql-15,postgresql-client-15 \
    bookworm "$rootfs" "$MIRROR" >"$LOGS/debootstrap-postgres.log" 2>&1 \
    || die "debootstrap for $TAG failed (see $LOGS/debootstrap-postgres.log)"
  # The package's own cluster (15/main) is not used: the entrypoint creates one in PGDATA from the env.
  rm -rf "$rootfs"/var/lib/postgresql/15 "$rootfs"/etc/postgresql/15 \
    "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
  rm -rf "$rootfs"
fi
log "docker import $TAG-rootfs"
$DOCKER import "$tarball" "$TAG-rootfs" >/dev/null || die "docker import of $tarball failed"
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$(dirname "$0")/service-images/postgres-entrypoint.sh" "$ctx/docker-entrypoint.sh"
cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $TAG-rootfs
ENV LANG=C.UTF-8 PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
DOCKERFILE
DOCKER_BUILDKIT=1 $DOCKER build -q --network host -t "$TAG" "$ctx" >"$LOGS/postgres-image.log" 2>&1 \
  || die "docker build $TAG failed (see $LOGS/postgres-image.log)"
$DOCKER rmi "$TAG-rootfs" >/dev/null 2>&1 || true
$DOCKER run --rm --network host --entrypoint postgres "$TAG" --version | grep -q 'PostgreSQL) 15' \
  || die "$TAG does not run postgres 15"
