# Sourced by scripts/test.sh. The running totals behind its closing line
# "N passed, N failed": record() counts one check by its exit code,
# count_results() adds the counts of a phase that writes its own results
# file ({"passed": N, "failed": N}).
passed=0
failed=0
failures=()

record() { # name, exit code
  if [ "$2" = 0 ]; then
    passed=$((passed + 1))
    echo "    ok: $1"
  else
    failed=$((failed + 1))
    failures+=("$1")
    echo "    FAILED: $1"
  fi
}

# A phase that wrote no results file (it crashed, or timed out) counts as one
# failure, with the end of its log shown. Arguments: results file, log, name,
# how many lines of the log to show then.
count_results() {
  local results=$1 log=$2 name=$3 tail_lines=$4 p f
  if [ ! -f "$results" ]; then
    tail -"$tail_lines" "$log"
    record "$name produced results" 1
    return
  fi
  read -r p f < <(node -p 'const r = require(process.argv[1]); r.passed + " " + r.failed' "$results")
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$f" = 0 ] || failures+=("$name ($f)")
}
