#!/usr/bin/env bash
# Builds the quotelens web app and serves it at http://127.0.0.1:8080/ (installing the wasm32
# target, trunk, wasm-bindgen-cli and wasm-opt first when they are missing). Ctrl-C stops it.
# PORT=9000 scripts/serve.sh serves on another port; other arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}" "$@"
