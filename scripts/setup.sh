#!/usr/bin/env bash
# Installs everything quotelens needs to build, serve and test, skipping what is already present.
# Safe to run repeatedly. Sources only crates.io, npm, Debian apt and rustup (see ../shared/TOOLCHAIN.md).
#
#   scripts/setup.sh            # toolchain for building and serving (wasm target, trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh --browser  # also Chromium, chromedriver and playwright-core for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.129
BINARYEN_VERSION=132.0.0
PLAYWRIGHT_VERSION=1.65.1

export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION from crates.io (about 10 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 6 minutes)"
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! [ -x tools/node_modules/.bin/wasm-opt ] || ! grep -q "\"version\": \"$BINARYEN_VERSION\"" tools/node_modules/binaryen/package.json 2>/dev/null; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into tools/"
  npm install --silent --no-audit --no-fund --prefix tools "binaryen@$BINARYEN_VERSION"
fi

if [ "${1:-}" = "--browser" ]; then
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    log "installing chromium and chromium-driver from apt"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  fi
  if ! [ -d tests/browser/node_modules/playwright-core ] || ! [ -d tests/browser/node_modules/axe-core ]; then
    log "installing playwright-core $PLAYWRIGHT_VERSION and axe-core from npm into tests/browser/ (uses /usr/bin/chromium, downloads no browser)"
    (cd tests/browser && npm ci --silent --no-audit --no-fund 2>/dev/null || npm install --silent --no-audit --no-fund)
  fi
fi
log "ready"
