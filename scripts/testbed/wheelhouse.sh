#!/usr/bin/env bash
# An offline PyPI: wheels rebuilt from Debian's python3-* packages, served as a PEP 503 index on 127.0.0.1.
# Usage: wheelhouse.sh        (prints nothing on success; index at http://127.0.0.1:$DCT_INDEX_PORT/simple/)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root
PORT=${DCT_INDEX_PORT:-3141}
# Pure-Python project packages (psycopg2 has C code: native-wheels.sh); setuptools, pkg_resources and wheel let pip build sdists and local projects in isolation. daphne is left out: it drags in twisted and autobahn.
DEBS=(python3-django python3-asgiref python3-sqlparse python3-tz python3-gunicorn python3-whitenoise
      python3-uvicorn python3-h11 python3-click python3-wsproto python3-typing-extensions
      python3-setuptools python3-pkg-resources python3-wheel
      # Pipenv and its Depends (build-wheelhouse.py TOOLS: these wheels declare them, so `pip install pipenv` pulls them).
      pipenv python3-certifi python3-virtualenv python3-virtualenv-clone python3-distlib python3-filelock python3-platformdirs
      # PDM and its Depends.
      python3-pdm python3-blinker python3-cachecontrol python3-requests python3-urllib3 python3-idna python3-chardet
      python3-charset-normalizer python3-six python3-msgpack python3-dotenv python3-findpython python3-packaging
      python3-installer python3-pdm-pep517 python3-boolean python3-cerberus python3-license-expression python3-pyparsing
      python3-tomli python3-tomli-w python3-pep517 python3-importlib-metadata python3-zipp python3-more-itertools
      python3-requests-toolbelt python3-resolvelib python3-rich python3-pygments python3-markdown-it python3-mdurl
      python3-shellingham python3-tomlkit python3-unearth
      # Poetry and its Depends. Compiled ones (cryptography, cffi with its backend, dulwich, pyrsistent, msgpack) become
      # cp311 wheels of Debian's builds: they load on the bookworm Python 3.11 images only.
      python3-poetry python3-poetry-core python3-cleo python3-crashtest python3-pylev python3-dulwich python3-html5lib
      python3-webencodings python3-jsonschema python3-attr python3-pyrsistent python3-keyring python3-jaraco.classes
      python3-secretstorage python3-jeepney python3-cryptography python3-cffi python3-cffi-backend python3-pycparser
      python3-ply python3-lockfile python3-pexpect python3-ptyprocess python3-pkginfo)
INDEX="$BED/pypi"
apt_install python3 curl

stamp="${DEBS[*]} $(md5sum "$(dirname "$0")/build-wheelhouse.py" | cut -c1-32)"
if [ "$(cat "$INDEX/.stamp" 2>/dev/null)" != "$stamp" ]; then
  mkdir -p "$BED/debs"
  ( cd "$BED/debs" && rm -f ./*.deb && apt-get download "${DEBS[@]}" >>"$LOGS/apt.log" 2>&1 ) \
    || { log "apt-get download failed; apt-get update and retry"; apt-get update >>"$LOGS/apt.log" 2>&1 || true;
         ( cd "$BED/debs" && apt-get download "${DEBS[@]}" >>"$LOGS/apt.log" 2>&1 ) || die "apt-get download failed (see $LOGS/apt.log)"; }
  # In place, not rm -rf: the index is shared and served; wheels are replaced atomically (and reproducibly), pages
  # rewritten, and native-wheels.sh's wheels stay.
  log "building wheels from Debian packages"
  /usr/bin/python3 "$(dirname "$0")/build-wheelhouse.py" "$BED/debs" "$INDEX" >"$LOGS/wheelhouse.log" 2>&1 \
    || die "wheel build failed (see $LOGS/wheelhouse.log)"
  echo "$stamp" >"$INDEX/.stamp"
fi

serve_directory index "$PORT" "$INDEX" "http://127.0.0.1:$PORT/simple/django/"
