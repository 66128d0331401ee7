#!/usr/bin/env bash
# An offline PyPI: wheels rebuilt from Debian's python3-* packages, served as a PEP 503 index on 127.0.0.1.
# Usage: wheelhouse.sh        (prints nothing on success; index at http://127.0.0.1:$DCT_INDEX_PORT/simple/)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
PORT=${DCT_INDEX_PORT:-3141}
# Pure-Python packages only (psycopg2 has C code); setuptools, pkg_resources and wheel let pip build sdists and local projects in isolation. daphne is left out: it drags in twisted and autobahn.
DEBS=(python3-django python3-asgiref python3-sqlparse python3-tz python3-gunicorn python3-whitenoise
      python3-uvicorn python3-h11 python3-click python3-wsproto python3-typing-extensions
      python3-setuptools python3-pkg-resources python3-wheel)
INDEX="$BED/pypi"
apt_install python3 curl

stamp="${DEBS[*]} $(md5sum "$(dirname "$0")/build-wheelhouse.py" | cut -c1-32)"
if [ "$(cat "$INDEX/.stamp" 2>/dev/null)" != "$stamp" ]; then
  mkdir -p "$BED/debs"
  ( cd "$BED/debs" && rm -f ./*.deb && apt-get download "${DEBS[@]}" >>"$LOGS/apt.log" 2>&1 ) \
    || { log "apt-get download failed; apt-get update and retry"; apt-get update >>"$LOGS/apt.log" 2>&1 || true;
         ( cd "$BED/debs" && apt-get download "${DEBS[@]}" >>"$LOGS/apt.log" 2>&1 ) || die "apt-get download failed (see $LOGS/apt.log)"; }
  rm -rf "$INDEX"
  log "building wheels from Debian packages"
  /usr/bin/python3 "$(dirname "$0")/build-wheelhouse.py" "$BED/debs" "$INDEX" >"$LOGS/wheelhouse.log" 2>&1 \
    || die "wheel build failed (see $LOGS/wheelhouse.log)"
  echo "$stamp" >"$INDEX/.stamp"
fi

serve_directory index "$PORT" "$INDEX" "http://127.0.0.1:$PORT/simple/django/"
