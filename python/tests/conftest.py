"""Where the tests find the CLI and the benchmark batch.

``QUOTELENS_BIN`` is the ``quotelens`` binary to compare with (default: the repository's
``target/release/quotelens``); ``QUOTELENS_BATCH`` a JSON Lines file of ``{"id", "text"}``
articles (default: ``target/bench-inputs/batch-400k.jsonl``, written by
``cargo run --release --example bench_native -- inputs``). scripts/test-packages.sh sets both.
"""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("QUOTELENS_BIN") or str(ROOT / "target" / "release" / "quotelens")
    if not os.path.exists(path):
        pytest.fail(f"no quotelens binary at {path}: build it or set QUOTELENS_BIN")

    def run(args, stdin=None):
        done = subprocess.run(
            [path, *args], input=stdin, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")

    return run


@pytest.fixture(scope="session")
def demo_text():
    return (ROOT / "static" / "demo-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def batch_records():
    path = os.environ.get("QUOTELENS_BATCH") or str(
        ROOT / "target" / "bench-inputs" / "batch-400k.jsonl"
    )
    if not os.path.exists(path):
        pytest.fail(
            f"no benchmark batch at {path}: run "
            "`cargo run --release --example bench_native -- inputs` or set QUOTELENS_BATCH"
        )
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
