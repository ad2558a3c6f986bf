#!/usr/bin/env bash
# Runs every quotelens test, installing what is missing first (see scripts/setup.sh):
#   1. formatting and lints (native and wasm32),
#   2. native unit, integration and CLI tests (cargo test),
#   3. the release build of the web app (trunk) under a sub-path, as GitHub Pages serves it,
#   4. the transfer-size budget of that build (1.5 MB gzipped, scripts/check-bundle-size.mjs),
#   5. the browser extension packed from that build (scripts/build-extension.sh),
#   6. browser tests of the build, the extension and the bookmarklet in headless Chromium
#      (playwright-core + Debian's chromium),
#   7. the Python and npm packages and the Spark example against the CLI
#      (scripts/test-packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\n== %s ==\n' "$*"; }

step "setup"
bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native and wasm32)"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --locked -- -D warnings

step "cargo test (native)"
cargo test --locked

step "trunk build --release (served under /quotelens/)"
trunk build --release --public-url /quotelens/

step "bundle-size budget (whole app, gzipped)"
node scripts/check-bundle-size.mjs dist

step "browser extension (one folder and zip per browser)"
bash scripts/build-extension.sh

step "browser tests (headless Chromium: app, extension, bookmarklet)"
(cd tests/browser && node --test --test-reporter=spec)

step "Python and npm packages, Spark example (scripts/test-packages.sh)"
bash scripts/test-packages.sh
