#!/usr/bin/env bash
# Proof that no test depends on the machine's speed: runs the whole Jest
# phase of scripts/test.sh (every package, store tests on SQLite and
# PostgreSQL) while stress-ng keeps every core busy, and prints how long it
# took, the load it ran under and "N passed, N failed".
#
#   scripts/test-under-load.sh [extra arguments for backstage-cli repo test]
#
# Expects what scripts/test.sh installs (dependencies, PostgreSQL 15,
# prometheus, stress-ng); run that once first on a fresh machine.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/jest-results.sh"
cd "$REPO_ROOT"
RESULTS="$LOCAL_DIR/test-results"
mkdir -p "$RESULTS"

command -v stress-ng >/dev/null 2>&1 || {
  echo "stress-ng is not installed: apt-get install -y --no-install-recommends stress-ng" >&2
  exit 1
}
PG_URL=$(bash scripts/setup-postgres.sh) || { echo "Could not start PostgreSQL" >&2; exit 1; }
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$PG_URL"
export CI=true

cores=$(nproc)
stress-ng --cpu "$cores" --cpu-method matrixprod --quiet &
stress_pid=$!
trap 'kill "$stress_pid" 2>/dev/null; wait "$stress_pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
echo "==> Jest, every package, with $cores stress-ng CPU workers beside it ($(date +%H:%M:%S))"

started=$(date +%s)
node node_modules/.bin/backstage-cli repo test --ci --json \
  --outputFile="$RESULTS/jest-under-load.json" "$@" \
  >"$RESULTS/jest-under-load.log" 2>&1
took=$(($(date +%s) - started))
read -r load1 load5 _ </proc/loadavg

if [ ! -f "$RESULTS/jest-under-load.json" ]; then
  tail -40 "$RESULTS/jest-under-load.log"
  echo "0 passed, 1 failed"
  exit 1
fi
read -r jp jf < <(jest_counts "$RESULTS/jest-under-load.json")
[ "$jf" = 0 ] || grep -E '●' "$RESULTS/jest-under-load.log" | grep -v '● Console' | head -40
echo "Took ${took} s on $cores cores; load average at the end ${load1} (1 min), ${load5} (5 min)."
echo "Log: .local/test-results/jest-under-load.log"
echo "$jp passed, $jf failed"
[ "$jf" = 0 ]
