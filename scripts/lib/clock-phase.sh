# Sourced by scripts/test.sh. The clock and time zone phase: the suites that
# touch time run again under Debian's faketime at hard instants and with TZ
# set far from UTC, so a test that reads the machine's clock or zone instead
# of pinning its own fails here, whatever the hour CI happens to run at.
#
# Uses record(), $passed, $failed and failures (scripts/lib/tally.sh) and
# $RESULTS from test.sh; each run's Jest tests count into the closing "N passed, N failed".

# Suites that read the clock or the zone and talk to no database server. The
# frontend pins its clock in every test, so it only has to show nothing leaks:
# it runs at the two far-zone midnights, the backend suites at every instant.
FRONTEND_CLOCK_SUITES=(plugins/sandboxes/src/)
BACKEND_CLOCK_SUITES=(
  plugins/sandboxes-backend/src/autoscaler/evaluateSandbox
  plugins/sandboxes-backend/src/autoscaler/offHours
  plugins/sandboxes-backend/src/autoscaler/savings
  plugins/sandboxes-backend/src/autoscaler/SandboxAutoscaler
  plugins/sandboxes-backend/src/services/LifetimePolicy
  plugins/scaffolder-backend-module-sandboxes/src/actions/createSandboxWaitAction
  plugins/scaffolder-backend-module-sandboxes/src/actions/sandboxesErrors
)

# Suites that read the clock and keep times in SQLite and PostgreSQL. The
# PostgreSQL server's clock cannot be faked, so they keep the real clock
# (the code under them takes its clock from the test) and run with a far
# zone only: a time read back in the machine's zone instead of UTC shows.
CLOCK_DATABASE_SUITES=(
  plugins/sandboxes-backend/src/autoscaler/DatabaseAutoscalerStore
  plugins/sandboxes-backend/src/autoscaler/registerAutoscaler
  plugins/sandboxes-backend/src/services/ExpiryWarner
)
FAR_ZONES=(Pacific/Kiritimati America/Adak)

# name|TZ|the instant (UTC) the faked clock starts at|frontend too?|why hard.
# Each starts 90 s before the hard moment, so the runs cross it.
CLOCK_RUNS=(
  "kiritimati-new-year|Pacific/Kiritimati|2026-12-31T09:58:30Z|yes|New Year's Eve before midnight, UTC+14"
  "adak-leap-day|America/Adak|2028-03-01T09:58:30Z|yes|29 February before midnight, UTC-10"
  "berlin-spring-forward|Europe/Berlin|2027-03-28T00:58:30Z|no|before 02:00 CET becomes 03:00 CEST"
  "new-york-fall-back|America/New_York|2026-11-01T05:58:30Z|no|before 02:00 EDT becomes 01:00 EST"
)

# Adds one Jest run's tests to the totals: name, results prefix (.json, .log).
count_clock_run() {
  local name=$1 prefix=$2
  if [ ! -f "$prefix.json" ]; then
    tail -40 "$prefix.log"
    record "$name: jest produced results" 1
    return
  fi
  local jp jf
  read -r jp jf < <(jest_counts "$prefix.json")
  passed=$((passed + jp))
  failed=$((failed + jf))
  echo "      $jp passed, $jf failed"
  if [ "$jf" != 0 ]; then
    grep -E '●' "$prefix.log" | grep -v '● Console' | head -20
    failures+=("$name ($jf)")
  fi
}

run_clock_and_zone_phase() {
  local run name zone instant frontend why epoch started suites
  for run in "${CLOCK_RUNS[@]}"; do
    IFS='|' read -r name zone instant frontend why <<<"$run"
    suites=("${BACKEND_CLOCK_SUITES[@]}")
    [ "$frontend" = yes ] && suites+=("${FRONTEND_CLOCK_SUITES[@]}")
    epoch=$(date -u -d "$instant" +%s)
    started=$(date +%s)
    echo "    $name: TZ=$zone, clock from $(TZ=$zone date -d "@$epoch" '+%F %T %Z') ($why)"
    # FAKETIME_FMT=%s: epoch seconds are unambiguous even in the hour a
    # fall-back repeats. Monotonic clocks stay real, so timers and timeouts
    # run at the machine's pace.
    TZ=$zone FAKETIME_FMT=%s FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "@$epoch" \
      node node_modules/.bin/backstage-cli repo test --ci --json \
      --outputFile="$RESULTS/clock-$name.json" "${suites[@]}" \
      >"$RESULTS/clock-$name.log" 2>&1
    count_clock_run "clock $name" "$RESULTS/clock-$name"
    echo "      took $(($(date +%s) - started)) s"
  done
  for zone in "${FAR_ZONES[@]}"; do
    name="databases-${zone//\//-}"
    started=$(date +%s)
    echo "    $name: TZ=$zone, real clock"
    TZ=$zone node node_modules/.bin/backstage-cli repo test --ci --json \
      --outputFile="$RESULTS/clock-$name.json" "${CLOCK_DATABASE_SUITES[@]}" \
      >"$RESULTS/clock-$name.log" 2>&1
    count_clock_run "clock $name" "$RESULTS/clock-$name"
    echo "      took $(($(date +%s) - started)) s"
  done
}
