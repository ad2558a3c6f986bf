#!/usr/bin/env bash
# Tests the Python and npm packages and the Spark example against the CLI (run by scripts/test.sh;
# also runs alone). Installs what is missing first, from PyPI, crates.io, rustup and Debian apt
# only:
#   1. lints of the two binding crates (python/, npm/; native, and the npm one on wasm32),
#   2. the CLI and the benchmark inputs (the 400 k batch, generated from the repository's own
#      texts by examples/bench_native.rs), built with the Python module's Cargo profile,
#   3. the wheel (maturin, abi3) installed into a virtual environment under target/, and pytest
#      (python/tests: the package against the CLI's JSON, the frames' columns),
#   4. the npm package (scripts/build-npm.sh: wasm-bindgen --target web and --target nodejs)
#      and its node tests (npm/test: both entries against the CLI's JSON),
#   5. examples/spark_quotations.py in Spark local mode on the 400 k batch, its Parquet compared
#      with the CLI's --jsonl quotations (pyspark from PyPI; a headless JRE from apt if `java`
#      is missing or older than 17).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

PYSPARK_VERSION=4.3.0
PYTEST_VERSION=9.2.0
PANDAS_VERSION=2.3.3 # pyspark 4.3 warns that it does not yet support pandas 3
PROFILE=python-release # Cargo.toml: release without LTO, panics unwind

TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
VENV="$TARGET/py-venv"
INPUTS="$TARGET/bench-inputs"
export QUOTELENS_BIN="$TARGET/$PROFILE/quotelens"
export QUOTELENS_BATCH="$INPUTS/batch-400k.jsonl"

step() { printf '\n== packages: %s ==\n' "$*"; }
SECONDS=0
timed() { printf '   (%d s so far)\n' "$SECONDS"; }

step "lints of python/ and npm/ (native, and npm/ on wasm32)"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo clippy --locked -p quotelens-python -p quotelens-npm --all-targets -- -D warnings
cargo clippy --locked -p quotelens-npm --target wasm32-unknown-unknown --lib -- -D warnings
timed

step "the CLI and the benchmark inputs (profile $PROFILE)"
cargo build --locked --profile "$PROFILE" --bin quotelens --example bench_native
"$TARGET/$PROFILE/examples/bench_native" inputs "$INPUTS" >/dev/null
timed

step "the wheel, into a virtual environment ($VENV)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check "pytest==$PYTEST_VERSION" "pandas==$PANDAS_VERSION"
rm -rf "$TARGET/py-wheels"
"$PY" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$TARGET/py-wheels" ./python
ls "$TARGET/py-wheels"
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$TARGET"/py-wheels/quotelens-*.whl
timed

step "pytest (python/tests)"
# From the tests' folder, so `import quotelens` is the installed wheel, not python/quotelens/.
(cd python/tests && "$PY" -m pytest -q -p no:cacheprovider .)
timed

step "the npm package (scripts/build-npm.sh: wasm-bindgen --target web and --target nodejs)"
bash scripts/build-npm.sh
timed

step "node tests (npm/test)"
(cd npm && node --test --test-reporter=spec test/)
timed

step "Spark local mode: examples/spark_quotations.py on the 400 k batch"
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  echo "installing a headless Java runtime (Debian default-jre-headless)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
"$PY" -m pip install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
export PYSPARK_PYTHON="$PY" SPARK_LOCAL_IP=127.0.0.1
(cd python/tests && QUOTELENS_SPARK=1 "$PY" -m pytest -q -p no:cacheprovider test_spark.py)
timed
