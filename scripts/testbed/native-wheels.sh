#!/usr/bin/env bash
# Adds wheels with C extensions (psycopg2, psycopg2-binary from Debian's python3-psycopg2; debugpy with pydevd bundled) to the offline index that
# wheelhouse.sh serves. Run after wheelhouse.sh (which keeps them when it rebuilds). Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
DEBS=(python3-psycopg2 python3-debugpy python3-pydevd python3-bytecode)
INDEX="$BED/pypi"
[ -d "$INDEX/simple" ] || die "no index in $INDEX: run wheelhouse.sh first"
stamp="${DEBS[*]} $(cat "$(dirname "$0")/build-native-wheels.py" "$(dirname "$0")/build-wheelhouse.py" | md5sum | cut -c1-32)"
if [ "$(cat "$INDEX/.stamp-native" 2>/dev/null)" = "$stamp" ] && [ -s "$INDEX/simple/psycopg2-binary/index.html" ] && [ -s "$INDEX/simple/debugpy/index.html" ]; then
  exit 0
fi
debs="$BED/debs-native"
mkdir -p "$debs"
( cd "$debs" && rm -f ./*.deb && apt-get download "${DEBS[@]}" >>"$LOGS/apt.log" 2>&1 ) \
  || { log "apt-get download failed; apt-get update and retry"; apt-get update >>"$LOGS/apt.log" 2>&1 || true;
       ( cd "$debs" && apt-get download "${DEBS[@]}" >>"$LOGS/apt.log" 2>&1 ) || die "apt-get download ${DEBS[*]} failed (see $LOGS/apt.log)"; }
log "adding native wheels (${DEBS[*]}) to the index"
/usr/bin/python3 "$(dirname "$0")/build-native-wheels.py" "$debs" "$INDEX" >"$LOGS/native-wheels.log" 2>&1 \
  || die "native wheel build failed (see $LOGS/native-wheels.log)"
echo "$stamp" >"$INDEX/.stamp-native"
