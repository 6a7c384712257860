#!/usr/bin/env bash
# The end-to-end targets of docs/performance.md, measured side by side in one run on the
# release binary (needs hyperfine and python3). These machines are noisy: compare the ratios.
#
#   tools/bench-e2e.sh            # 1,000 runs of the fast commands, 40 of each catalog size
#   RUNS=200 SIZE_RUNS=10 tools/bench-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-1000}
size_runs=${SIZE_RUNS:-40}
cargo build --release --quiet --bin advisor --example synth_catalog
bin=./target/release/advisor
tmp=${TMPDIR:-/tmp}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

args='recommend --workload training --data-size 2TB --model-params 7B --format json'
hyperfine -N --warmup 20 -r "$runs" --export-json "$out/floor.json" \
  "$bin --version" "$bin $args"

sizes=(100x10 300x30 1000x10 1000x30)
commands=()
for size in "${sizes[@]}"; do
  dir="$tmp/advisor-bench-$size"
  if [ ! -f "$dir/catalog.toml" ]; then
    ./target/release/examples/synth_catalog --types "${size%x*}" --regions "${size#*x}" --out "$dir"
  fi
  commands+=("$bin --catalog $dir $args")
done
# -i: the smallest synthetic catalogs have no type that fits a 7B model (exit 4, a full answer)
hyperfine -N -i --warmup 3 -r "$size_runs" --export-json "$out/sizes.json" "${commands[@]}"

python3 - "$out" "${sizes[@]}" <<'PY'
import json, statistics, sys
out, sizes = sys.argv[1], sys.argv[2:]
floor = json.load(open(f"{out}/floor.json"))["results"]
ms = lambda r, f: 1000 * f(r["times"])
v, rec = floor
print()
print("| command | mean | median | vs --version (median) | target |")
print("|---|---|---|---|---|")
print(f"| `advisor --version` | {ms(v, statistics.mean):.2f} ms | {ms(v, statistics.median):.2f} ms | 1x | |")
ratio = statistics.median(rec["times"]) / statistics.median(v["times"])
verdict = "met" if ratio <= 2 else "NOT met"
print(f"| `recommend ... --model-params 7B --format json` | {ms(rec, statistics.mean):.2f} ms | "
      f"{ms(rec, statistics.median):.2f} ms | {ratio:.2f}x | <= 2x: {verdict} |")
for size, r in zip(sizes, json.load(open(f"{out}/sizes.json"))["results"]):
    target = ""
    if size == "1000x30":
        target = "< 100 ms: " + ("met" if ms(r, statistics.median) < 100 else "NOT met")
    print(f"| the same, `--catalog` {size} synthetic | {ms(r, statistics.mean):.1f} ms | "
          f"{ms(r, statistics.median):.1f} ms | | {target} |")
PY
