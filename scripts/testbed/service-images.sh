#!/usr/bin/env bash
# Local stand-ins for the images a generated compose.yaml runs (Docker Hub is unreachable):
#   local/postgres:15                     Debian bookworm minbase + postgresql-15, with an entrypoint that honours
#                                         POSTGRES_DB/USER/PASSWORD like the official image (and PGPORT, for host networking)
#   local/python:3.11-slim-bookworm-libpq the bookworm Python base plus libpq5, which a real psycopg2-binary wheel
#                                         bundles and the one native-wheels.sh rebuilds from python3-psycopg2 does not
# Built like base-images.sh: debootstrap, rootfs tarball cached in .testbed/, `docker import`; no network in builds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
debootstrap_setup

# rootfs_tarball NAME PACKAGES CLEANUP...: a cached debootstrap of bookworm minbase with PACKAGES (comma-separated).
rootfs_tarball() {
  local name=$1 packages=$2 tarball="$BED/rootfs-$1-bookworm.tar" rootfs="$BED/rootfs-$1"
  shift 2
  if [ ! -s "$tarball" ]; then
    rm -rf "$rootfs"
    log "debootstrap bookworm + $packages (~1 min; log $LOGS/debootstrap-$name.log)"
    debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$MIRROR" >"$LOGS/debootstrap-$name.log" 2>&1 \
      || die "debootstrap for $name failed (see $LOGS/debootstrap-$name.log)"
    local extra
    for extra in "$@"; do rm -rf "${rootfs:?}/$extra"; done
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"
  fi
  echo "$tarball"
}

postgres_image() {
  local tag=local/postgres:15
  if $DOCKER image inspect "$tag" >/dev/null 2>&1; then log "$tag present"; return 0; fi
  # The package's own cluster (15/main) is not used: the entrypoint creates one in PGDATA from the env.
  local tarball
  tarball=$(rootfs_tarball postgres15 postgresql-15,postgresql-client-15 var/lib/postgresql/15 etc/postgresql/15)
  log "docker import $tag-rootfs"
  $DOCKER import "$tarball" "$tag-rootfs" >/dev/null || die "docker import of $tarball failed"
  local ctx
  ctx=$(mktemp -d)
  cp "$(dirname "$0")/service-images/postgres-entrypoint.sh" "$ctx/docker-entrypoint.sh"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $tag-rootfs
ENV LANG=C.UTF-8 PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
DOCKERFILE
  DOCKER_BUILDKIT=1 $DOCKER build -q --network host -t "$tag" "$ctx" >"$LOGS/postgres-image.log" 2>&1 \
    || die "docker build $tag failed (see $LOGS/postgres-image.log)"
  rm -rf "$ctx"
  $DOCKER rmi "$tag-rootfs" >/dev/null 2>&1 || true
  $DOCKER run --rm --network host --entrypoint postgres "$tag" --version | grep -q 'PostgreSQL) 15' || die "$tag does not run postgres 15"
}

python_libpq_image() {
  local tag=local/python:3.11-slim-bookworm-libpq
  if $DOCKER image inspect "$tag" >/dev/null 2>&1; then log "$tag present"; return 0; fi
  local tarball
  tarball=$(rootfs_tarball python3.11-libpq python3,python3-venv,python3-pip,python-is-python3,ca-certificates,libpq5 usr/lib/python3.11/EXTERNALLY-MANAGED)
  log "docker import $tag"
  $DOCKER import -c 'ENV LANG=C.UTF-8' -c 'CMD ["python3"]' "$tarball" "$tag" >/dev/null || die "docker import of $tarball failed"
  $DOCKER run --rm --network host "$tag" sh -c 'test -e /usr/lib/x86_64-linux-gnu/libpq.so.5 && python3 -c "import sys; assert sys.version_info[:2] == (3, 11)"' \
    || die "$tag lacks libpq.so.5 or python 3.11"
}

postgres_image
python_libpq_image
