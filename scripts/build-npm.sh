#!/usr/bin/env bash
# Builds the npm package in npm/: the library's wasm (crate npm/, Cargo profile npm-release, the
# web app's `app` feature off) through the repository's pinned wasm-bindgen CLI, once for
# browsers and bundlers (npm/pkg/web, --target web) and once for Node (npm/pkg/node, --target
# nodejs). Then `cd npm && npm pack` makes the tarball. Installs the wasm32 target and
# wasm-bindgen-cli first if they are missing (from rustup and crates.io).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_BINDGEN_VERSION=0.2.129 # must equal the wasm-bindgen crate's version in Cargo.lock

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
cargo build --locked -p quotelens-npm --target wasm32-unknown-unknown --profile npm-release
WASM="${CARGO_TARGET_DIR:-$PWD/target}/wasm32-unknown-unknown/npm-release/quotelens_npm.wasm"
rm -rf npm/pkg
wasm-bindgen --target web --no-typescript --out-name quotelens --out-dir npm/pkg/web "$WASM"
wasm-bindgen --target nodejs --no-typescript --out-name quotelens --out-dir npm/pkg/node "$WASM"
# npm/package.json says "type": "module"; the nodejs build is CommonJS.
echo '{ "type": "commonjs" }' >npm/pkg/node/package.json
# Both targets get the same .wasm: ship it once, beside the Node glue (which reads it from its
# own folder); web.mjs hands the browser build its address.
cmp npm/pkg/web/quotelens_bg.wasm npm/pkg/node/quotelens_bg.wasm
rm npm/pkg/web/quotelens_bg.wasm
ls -l npm/pkg/node/quotelens_bg.wasm
