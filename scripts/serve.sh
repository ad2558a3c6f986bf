#!/usr/bin/env bash
# Builds the quotelens web app and serves it at http://127.0.0.1:8080/ (installing the wasm32
# target, trunk, wasm-bindgen-cli and wasm-opt first when they are missing). Ctrl-C stops it.
# Extra arguments go to `trunk serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
