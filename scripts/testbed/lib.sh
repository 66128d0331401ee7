# Shared helpers for the test bed scripts (sourced, not run).
# Everything the bed creates lives in $BED (.testbed/, git-ignored); logs go to $BED/logs/.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BED="$ROOT/.testbed"
LOGS="$BED/logs"
mkdir -p "$BED" "$LOGS"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[testbed %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it installs Debian packages and starts dockerd)"; }

# Packages from the list that are not installed yet.
missing_packages() {
  local p out=()
  for p in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == *"install ok installed"* ]] || out+=("$p")
  done
  echo "${out[@]:-}"
}

# apt-get install only what is missing; `apt-get update` only when a package has no candidate.
# Services are not started by package scripts (policy-rc.d): the bed starts what it needs itself.
apt_install() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  local p needs_update=0
  for p in $missing; do
    # (no `| grep -q`: with pipefail an early grep exit makes the pipeline fail)
    [[ "$(apt-cache policy "$p" 2>/dev/null || true)" =~ Candidate:\ [^\(] ]] || needs_update=1
  done
  if [ "$needs_update" = 1 ]; then
    log "apt-get update"
    # A third-party source that cannot be reached must not stop us if Debian's lists came in.
    apt-get update >>"$LOGS/apt.log" 2>&1 || log "apt-get update reported errors (see $LOGS/apt.log); continuing"
  fi
  log "apt-get install $missing"
  local created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  # shellcheck disable=SC2086
  local rc=0
  apt-get install -y --no-install-recommends $missing >>"$LOGS/apt.log" 2>&1 || rc=$?
  [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$rc" = 0 ] || die "apt-get install $missing failed (see $LOGS/apt.log)"
}

# True when the pidfile names a live process.
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# For scripts that build images from a debootstrap rootfs (Docker Hub is unreachable): root, debootstrap,
# the Debian mirror, and the docker CLI that imports them.
debootstrap_setup() {
  need_root
  apt_install debootstrap
  MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
  DOCKER=/usr/bin/docker
}

# serve_directory NAME PORT DIR PROBE_URL: a loopback `python3 -m http.server` for DIR (pid $BED/NAME.pid, log
# $LOGS/NAME.log; down.sh stops it by NAME). Returns at once when PROBE_URL already answers from a live server.
serve_directory() {
  # realpath: the server outlives the checkout it was started from (.testbed may be a symlink).
  local name=$1 port=$2 dir probe=$4 pidfile="$BED/$1.pid"
  dir=$(realpath "$3")
  if pid_alive "$pidfile" && curl -fsS "$probe" >/dev/null 2>&1; then
    log "$name already serving $dir on 127.0.0.1:$port"
    return 0
  fi
  log "serving $dir on http://127.0.0.1:$port/ (log $LOGS/$name.log)"
  setsid /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" \
    </dev/null >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 50); do
    curl -fsS "$probe" >/dev/null 2>&1 && return 0
    pid_alive "$pidfile" || die "$name server exited (port $port taken? see $LOGS/$name.log)"
    sleep 0.2
  done
  die "$name server did not answer on $probe"
}
