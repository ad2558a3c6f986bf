#!/usr/bin/env bash
# Throughput of the four ways to analyse an archive (README, "Analysing an archive"): the CLI with
# --jobs 1 and 2, GNU parallel (if installed), the Python package's analyze_many (and, apart, its
# native half analyze_many_json: the analyses as JSON text, before json.loads), and the Spark
# example in local mode. A benchmark, not a test. Run scripts/test-packages.sh first (it makes
# the virtual environment, the wheel and the benchmark inputs); the CLI is built here with
# `--release`. Input: the 400 k benchmark batch repeated ten times (4 MB, generated from the
# repository's own texts by examples/bench_native.rs). Prints best-of-REPS wall-clock times.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
REPS="${REPS:-3}"
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
PY="$TARGET/py-venv/bin/python"
BATCH="$TARGET/bench-inputs/batch-4m.jsonl"
cargo build --locked --release --bin quotelens
CLI="$TARGET/release/quotelens"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$TARGET/bench-inputs/batch-400k.jsonl"; done >"$BATCH"
CHARS=$("$PY" -c 'import json,sys; print(sum(len(json.loads(l)["text"]) for l in open(sys.argv[1])))' "$BATCH")
ARTICLES=$(wc -l <"$BATCH")
echo "input: $ARTICLES articles, $CHARS characters ($(du -h "$BATCH" | cut -f1))"

best() { # "WALL CPU" seconds of the fastest (wall-clock) of REPS runs of "$@"; CPU = user + sys
  local best="" out
  for _ in $(seq "$REPS"); do
    /usr/bin/time -o "$TARGET/bench-time.txt" -f "%e %U %S" "$@" >/dev/null 2>&1
    out=$(tail -1 "$TARGET/bench-time.txt")
    best=$(echo "$out $best" | awk '{w=$1; c=$2+$3; if ($4=="" || w<$4) print w, c; else print $4, $5}')
  done
  echo "$best"
}
report() { # NAME WALL [CPU]
  awk -v n="$1" -v w="$2" -v cpu="${3:-}" -v c="$CHARS" -v a="$ARTICLES" 'BEGIN {
    printf "%-42s %6.2f s wall %7s  %5.2f M chars/s  %5.0f articles/s\n", n, w,
      (cpu == "" ? "" : sprintf("%.2f s CPU", cpu)), c / w / 1e6, a / w }'
}
# shellcheck disable=SC2046
report_best() { local name="$1"; shift; set -- $(best "$@"); report "$name" "$1" "$2"; }

report_best "CLI --jsonl --jobs 1" sh -c "'$CLI' analyze --jsonl --jobs 1 < '$BATCH'"
report_best "CLI --jsonl --jobs 2" sh -c "'$CLI' analyze --jsonl --jobs 2 < '$BATCH'"
if command -v parallel >/dev/null; then
  report_best "GNU parallel -j 2, 200 lines a process" \
    sh -c "parallel --pipe -k -N 200 --block 2M -j 2 '$CLI' analyze --jsonl < '$BATCH'"
fi
for jobs in 1 2; do
  for what in analyze_many analyze_many_json; do
    s=$("$PY" - "$BATCH" "$jobs" "$REPS" "$what" <<'PYEOF'
import json, sys, time
import quotelens
from quotelens import _quotelens
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
quotelens.analyze(texts[0])  # the models load once per process
run = quotelens.analyze_many if sys.argv[4] == "analyze_many" else _quotelens.analyze_many_json
runs = []
for _ in range(int(sys.argv[3])):
    t0, c0 = time.perf_counter(), time.process_time()
    run(texts, jobs=int(sys.argv[2]))
    runs.append((time.perf_counter() - t0, time.process_time() - c0))
print(*min(runs))
PYEOF
)
    # shellcheck disable=SC2086
    report "Python $what(jobs=$jobs)" $s
  done
done
# Spark: the job's own time (read, analyse, write Parquet), as the example prints it, without
# starting the JVM; and the whole command. One run each.
OUT="$TARGET/bench-quotations.parquet"
t0=$(date +%s.%N)
line=$(PYSPARK_PYTHON="$PY" SPARK_LOCAL_IP=127.0.0.1 "$PY" examples/spark_quotations.py "$BATCH" "$OUT" \
  --master 'local[2]' 2>/dev/null | grep 'quotations written')
t1=$(date +%s.%N)
report "Spark local[2], job" "$(echo "$line" | sed 's/.* in \([0-9.]*\) s/\1/')"
report "Spark local[2], whole command (JVM start)" "$(echo "$t0 $t1" | awk '{print $2-$1}')"
