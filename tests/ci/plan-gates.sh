#!/usr/bin/env bash
# A CI pipeline as a platform team would write it: run a plan with budget gates and act on the
# exit code, using only the shell. Run by `cargo test` (tests/cli/ci.rs) with ADVISOR set to the
# binary; prints "N passed, 0 failed" at the end.
set -u
advisor=${ADVISOR:?set ADVISOR to the advisor binary}
export ADVISOR_TODAY=${ADVISOR_TODAY:-2026-11-25}  # no staleness warning as the calendar moves
cd "$(dirname "$0")/../.."
passed=0
failed=0
check() { # description, expected exit code, actual exit code
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1: exit $3, expected $2"; fi
}
contains() { # description, file, text
  if grep -qF -- "$3" "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1: no '$3' in $2"; fi
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# 1. within budget: exit 0, one JSON document with the plan's total
"$advisor" plan tests/fixtures/plans/small.plan.toml --max-monthly-usd 100000 --format json >"$out/ok.json"
check "plan within budget" 0 $?
contains "plan JSON names its command" "$out/ok.json" '"command": "plan"'
contains "plan JSON has the outcome" "$out/ok.json" '"outcome": "ok"'
contains "plan JSON has a total" "$out/ok.json" '"total": {'

# 2. over budget: exit 5, and the report is still printed (the PR comment still gets posted)
"$advisor" plan tests/fixtures/plans/small.plan.toml --max-monthly-usd 10 --format markdown >"$out/over.md"
check "plan over its monthly budget" 5 $?
contains "markdown report printed on exit 5" "$out/over.md" "| workload"
contains "markdown says over budget first" "$out/over.md" ": over budget"
"$advisor" plan tests/fixtures/plans/small.plan.toml --max-job-usd 0.01 --format json >"$out/job.json"
check "plan over its job budget" 5 $?
contains "JSON outcome over budget" "$out/job.json" '"outcome": "over-budget"'

# 3. a gate on one recommend
"$advisor" recommend --workload training --data-size 2TB --max-monthly-usd 40 --format json >"$out/rec.json"
check "recommend over budget" 5 $?
contains "recommend JSON still printed" "$out/rec.json" '"recommendations": ['

# 4. nothing fits: exit 4, with the report
"$advisor" recommend --workload training --data-size 2TB --model-params 2T --max-gpus 1 --format json >"$out/none.json"
check "nothing fits" 4 $?
contains "nothing-fits outcome" "$out/none.json" '"outcome": "nothing-fits"'

# 5. a broken plan: exit 3 with file:line on stderr, and a JSON error document on stdout
"$advisor" plan tests/fixtures/plans/bad-values.plan.toml --format json >"$out/bad.json" 2>"$out/bad.err"
check "bad plan file" 3 $?
contains "diagnostic names file and line" "$out/bad.err" "tests/fixtures/plans/bad-values.plan.toml:6:13"
contains "JSON error document" "$out/bad.json" '"kind": "invalid-input"'

# 6. a usage error: exit 2
"$advisor" plan tests/fixtures/plans/small.plan.toml --max-monthly-usd lots >/dev/null 2>&1
check "bad flag value" 2 $?

# 7. the same input gives the same bytes
"$advisor" plan tests/fixtures/plans/small.plan.toml --format json >"$out/again.json"
"$advisor" plan tests/fixtures/plans/small.plan.toml --format json >"$out/again2.json"
if cmp -s "$out/again.json" "$out/again2.json"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: output differs between runs"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
