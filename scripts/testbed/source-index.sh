#!/usr/bin/env bash
# A second, tiny PEP 503 index on 127.0.0.1:$DCT_SOURCE_INDEX_PORT (3143) holding psycopg2's real source
# distribution and nothing else. Builds use it as PIP_EXTRA_INDEX_URL next to the main index (which keeps
# native-wheels.sh's psycopg2 2.9.5 *wheel* for the tests that do not compile): a project pinning
# psycopg2==2.9.10 finds only the sdist, so pip compiles it, as it does from PyPI (psycopg2 publishes no Linux
# wheels). A build arg the generated Dockerfile already declares; nothing test-only goes into product output.
# Kept in .testbed/pypi-source, outside the main index, which wheelhouse.sh rebuilds from scratch.
# The sdist is Debian's upstream tarball of psycopg2 (the trixie source package: the bookworm 2.9.5 orig is not
# on the mirror), checked against the sha256 in Debian's Sources index. Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
VERSION=2.9.10
SHA256=bb1a37d679522089f6dc3751669e3dbe51bd56922f959ef3ce2706939b775217
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PORT=${DCT_SOURCE_INDEX_PORT:-3143}
INDEX="$BED/pypi-source"
SDIST="psycopg2-$VERSION.tar.gz"
apt_install curl python3

if [ ! -s "$BED/sdists/$SDIST" ]; then
  mkdir -p "$BED/sdists"
  log "downloading psycopg2 $VERSION source from $MIRROR"
  curl -fsS -o "$BED/sdists/$SDIST.partial" "$MIRROR/pool/main/p/psycopg2/psycopg2_$VERSION.orig.tar.gz" \
    || die "download of psycopg2_$VERSION.orig.tar.gz failed"
  echo "$SHA256  $BED/sdists/$SDIST.partial" | sha256sum -c --quiet - || die "psycopg2_$VERSION.orig.tar.gz: sha256 mismatch"
  mv "$BED/sdists/$SDIST.partial" "$BED/sdists/$SDIST"
fi
# pip names the sdist by file (psycopg2-VERSION.tar.gz); the tarball's top folder is already psycopg2-VERSION/.
mkdir -p "$INDEX/packages" "$INDEX/simple/psycopg2"
cp -f "$BED/sdists/$SDIST" "$INDEX/packages/$SDIST"
printf '<!DOCTYPE html><html><body><h1>Links for psycopg2</h1>\n<a href="../../packages/%s#sha256=%s">%s</a><br>\n</body></html>\n' \
  "$SDIST" "$SHA256" "$SDIST" >"$INDEX/simple/psycopg2/index.html"
printf '<!DOCTYPE html><html><body>\n<a href="psycopg2/">psycopg2</a><br>\n</body></html>\n' >"$INDEX/simple/index.html"
serve_directory source-index "$PORT" "$INDEX" "http://127.0.0.1:$PORT/simple/psycopg2/"
