#!/usr/bin/env bash
# Builds the quotelens browser extension (Manifest V3) for Chromium and Firefox:
#   target/extension/chromium/, target/extension/firefox/   (load these unpacked)
#   target/extension/quotelens-VERSION-chromium.zip, …-firefox.zip   (for the stores)
# It packs the release build of the web app in dist/ (built here under /quotelens/ when dist/
# holds no such build), so run scripts/setup.sh once first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
if ! grep -qs "'/quotelens/quotelens.js'" dist/index.html; then
  trunk build --release --public-url /quotelens/
fi
node scripts/build-extension.mjs dist target/extension
