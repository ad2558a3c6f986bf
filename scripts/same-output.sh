#!/usr/bin/env bash
# Proof that a change moved code and changed nothing else: builds the CLI from a base revision
# and from the working tree, runs both over fixed inputs, and compares their JSON byte for byte.
#
#   scripts/same-output.sh [BASE]      BASE: a git revision (default HEAD, i.e. the
#                                      uncommitted changes are what is checked)
#
# The inputs: the benchmark inputs (benches/support/inputs.rs), the demo article, every PolNeAR
# dev text, and the CoNLL-2003 and OntoNotes dev texts as `eval conll|ontonotes` rebuilds them
# (`eval texts`). The corpora are read from ../shared/data (or $QUOTELENS_DATA); they are never
# copied into the repository. The base is built in a git worktree with its own target directory
# (target/same-output/), so the two builds never share artefacts. Exit status 0 when every
# output is identical, 1 when one differs (the first differing input is named), 2 on a usage or
# build problem.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
base=${1:-HEAD}
data=${QUOTELENS_DATA:-$root/../shared/data}
work=$root/target/same-output
rev=$(git rev-parse --verify "$base^{commit}") || { echo "same-output: no revision $base" >&2; exit 2; }

for need in "$data/polnear/dev/text" "$data/conll2003/eng.testa" "$data/ontonotes5/onto.dev.bio"; do
  [ -e "$need" ] || { echo "same-output: $need is missing (set QUOTELENS_DATA)" >&2; exit 2; }
done

rm -rf "$work/inputs" "$work/out"
mkdir -p "$work/inputs/polnear" "$work/out"

echo "== building the working tree"
cargo build --release --quiet --bin quotelens --bin eval --example bench_native
cargo run --release --quiet --example bench_native -- inputs "$work/inputs/bench" >/dev/null
cp static/demo-article.txt "$work/inputs/demo-article.txt"
cp "$data"/polnear/dev/text/*.txt "$work/inputs/polnear/"
target/release/eval texts conll "$data/conll2003/eng.testa" "$work/inputs/conll"
target/release/eval texts ontonotes "$data/ontonotes5/onto.dev.bio" "$work/inputs/ontonotes"

echo "== building $base ($rev)"
if [ -d "$work/base" ]; then
  git -C "$work/base" checkout --quiet --detach "$rev"
else
  git worktree add --quiet --detach "$work/base" "$rev"
fi
# The base sits inside this repository's tree: a base without a [workspace] table of its own
# gets an empty one in the worktree (never committed), so cargo does not take it for a member
# of the working tree's workspace.
if ! grep -q '^\[workspace\]' "$work/base/Cargo.toml"; then
  printf '\n[workspace]\n' >>"$work/base/Cargo.toml"
fi
(cd "$work/base" && CARGO_TARGET_DIR="$work/base-target" cargo build --release --quiet --bin quotelens)
git -C "$work/base" checkout --quiet -- Cargo.toml

# One JSON line per input, in a fixed order.
mapfile -t inputs < <(find "$work/inputs" -type f | LC_ALL=C sort)
echo "== analysing ${#inputs[@]} inputs with both"
run() { # CLI, output file
  : >"$2"
  # In batches, so that the command line stays short.
  printf '%s\0' "${inputs[@]}" | xargs -0 -n 200 "$1" analyze >>"$2"
}
run "$work/base-target/release/quotelens" "$work/out/base.jsonl"
run "$root/target/release/quotelens" "$work/out/new.jsonl"

if cmp -s "$work/out/base.jsonl" "$work/out/new.jsonl"; then
  echo "same-output: identical JSON for all ${#inputs[@]} inputs ($(wc -c <"$work/out/new.jsonl") bytes)"
  exit 0
fi
line=$(cmp "$work/out/base.jsonl" "$work/out/new.jsonl" | sed -n 's/.* line \([0-9]*\).*/\1/p')
echo "same-output: the JSON differs, first at input ${inputs[$((line - 1))]#"$work/inputs/"}" >&2
exit 1
