#!/usr/bin/env bash
# Install code-server 4.100.3 (VS Code 1.100.3) + playwright-core from the npm registry, with Debian's chromium,
# into DEST (default .vscode-test-host/). No GitHub/Microsoft download: @vscode/ripgrep's download cache is
# pre-seeded with Debian's rg, and npx (node-pty's postinstall) is allowed to fetch node-gyp from npm.
# Skips everything when the installed code-server already reports the pinned version.
set -euo pipefail
source "$(dirname "$0")/../testbed/lib.sh"
need_root
DEST=${1:-"$ROOT/.vscode-test-host"}
CS_VERSION=4.100.3          # last code-server whose engines.node is 20
PLAYWRIGHT_VERSION=1.65.1
RG_PKG_VERSION=1.15.11      # @vscode/ripgrep version pinned in code-server's lib/vscode shrinkwrap
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # asset name its postinstall looks for

apt_install build-essential python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev ripgrep chromium

installed_version() {
  XDG_CONFIG_HOME="$DEST/tmp/xdg" XDG_DATA_HOME="$DEST/tmp/xdg-data" \
    "$DEST/node_modules/.bin/code-server" --version 2>/dev/null | sed -n 's/^\([0-9.]*\) .* with Code .*/\1/p' | head -1
}
if [ -x "$DEST/node_modules/.bin/code-server" ] && [ "$(installed_version)" = "$CS_VERSION" ] \
   && [ -f "$DEST/node_modules/playwright-core/package.json" ]; then
  log "code-server $CS_VERSION already installed in $DEST"
  exit 0
fi

# Native addons compile against the running Node's own headers (nodejs.org, where node-gyp would fetch them, is unreachable).
NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
[ -f "$NODE_PREFIX/include/node/node.h" ] \
  || die "Node headers not found at $NODE_PREFIX/include/node (install Node 20 with its headers, e.g. the nodejs .deb)"

mkdir -p "$DEST/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION" "$DEST/rgseed"
cp /usr/bin/rg "$DEST/rgseed/rg"
tar czf "$DEST/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$DEST/rgseed" rg
[ -f "$DEST/package.json" ] || echo '{"name":"vscode-test-host","private":true}' >"$DEST/package.json"
log "npm install code-server@$CS_VERSION playwright-core@$PLAYWRIGHT_VERSION (~2 min; log $LOGS/vscode-test-host.log)"
# TMPDIR: where the ripgrep cache is looked up (inherited by the nested npm installs).
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`; a `yes=false` npmrc would abort it.
# npm_config_nodedir: build native addons against the local headers instead of downloading them.
( cd "$DEST" && TMPDIR="$DEST/tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODE_PREFIX" \
    npm install --no-audit --no-fund --foreground-scripts --save-exact \
    "code-server@$CS_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" ) >"$LOGS/vscode-test-host.log" 2>&1 \
  || die "npm install of code-server failed (see $LOGS/vscode-test-host.log)"
[ -x "$DEST/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
  || die "code-server's ripgrep is missing (see $LOGS/vscode-test-host.log)"
got=$(installed_version)
[ "$got" = "$CS_VERSION" ] || die "code-server reports '$got', expected $CS_VERSION"
log "code-server $got installed in $DEST"
