#!/usr/bin/env bash
# Command 2: installs what the checks need (Node 22, dependencies, Debian's
# chromium, prometheus, PostgreSQL 15, faketime and stress-ng when missing),
# then runs every check of the repository: type check, lint, prettier, every
# package's tests (store tests on SQLite and PostgreSQL), the suites that touch
# time again at hard instants and far zones, and the browser tests. Ends with the line
# "N passed, N failed" and exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/jest-results.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/tally.sh"
cd "$REPO_ROOT"
RESULTS="$LOCAL_DIR/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

section() { echo; echo "==> $1 ($(date +%H:%M:%S))"; }

install_system_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql-15)
  # The operator's image (buildah) and Helm chart (Go's text/template with sprig).
  command -v buildah >/dev/null 2>&1 || missing+=(buildah)
  command -v go >/dev/null 2>&1 || missing+=(golang-go)
  [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || missing+=(golang-github-masterminds-sprig-dev)
  [ -d /usr/share/gocode/src/sigs.k8s.io/yaml ] || missing+=(golang-k8s-sigs-yaml-dev)
  [ -d /usr/share/gocode/src/github.com/xeipuuv/gojsonschema ] || missing+=(golang-github-xeipuuv-gojsonschema-dev)
  command -v faketime >/dev/null 2>&1 || missing+=(faketime)
  command -v stress-ng >/dev/null 2>&1 || missing+=(stress-ng)
  [ ${#missing[@]} = 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages (${missing[*]}); run this script as root or install them." >&2
    return 1
  fi
  echo "==> apt-get install ${missing[*]}"
  apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

section "Setup"
install_system_packages || { echo "Could not install system packages" >&2; exit 1; }
install_dependencies || exit 1
PG_URL=$(bash scripts/setup-postgres.sh) || { echo "Could not start PostgreSQL" >&2; exit 1; }
[[ "$PG_URL" =~ ^postgresql://[^[:space:]]+$ ]] || { echo "setup-postgres.sh printed no connection string: '$PG_URL'" >&2; exit 1; }
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$PG_URL"
export CI=true

section "Type check"
# Emits the declarations (dist-types/) the API reports below are made from.
# Not incremental: the order of members in an inferred union (seen in the
# frontend's report) follows the order tsc checks files, which an incremental
# build changes; a full build gives the same report on every machine.
node node_modules/.bin/tsc --incremental false >"$RESULTS/tsc.log" 2>&1
code=$?
[ $code = 0 ] || tail -40 "$RESULTS/tsc.log"
record "type check (tsc)" $code

section "Lint"
node node_modules/.bin/backstage-cli repo lint >"$RESULTS/lint.log" 2>&1
code=$?
[ $code = 0 ] || tail -60 "$RESULTS/lint.log"
record "lint (backstage-cli repo lint)" $code
# scripts/ and test/ are not workspaces, so repo lint skips them; their
# .eslintrc.js applies the same rules as a CLI package.
node node_modules/.bin/eslint --max-warnings 0 --ext .ts scripts test >"$RESULTS/lint-scripts.log" 2>&1
code=$?
[ $code = 0 ] || tail -60 "$RESULTS/lint-scripts.log"
record "lint (scripts/ and test/)" $code

section "API reports of the published packages are current"
# repo-tools calls `yarn`, which is a shell function here; give it a command.
mkdir -p "$LOCAL_DIR/bin"
printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$REPO_ROOT" >"$LOCAL_DIR/bin/yarn"
chmod +x "$LOCAL_DIR/bin/yarn"
# The omitted messages are the ones Backstage's own repository omits.
PATH="$LOCAL_DIR/bin:$PATH" node node_modules/.bin/backstage-repo-tools api-reports --ci \
  -o ae-wrong-input-file-type,ae-undocumented \
  plugins/sandboxes plugins/sandboxes-backend plugins/sandboxes-common plugins/sandboxes-node \
  plugins/catalog-backend-module-sandboxes plugins/scaffolder-backend-module-sandboxes \
  >"$RESULTS/api-reports.log" 2>&1
code=$?
[ $code = 0 ] || tail -40 "$RESULTS/api-reports.log"
record "API reports (backstage-repo-tools api-reports --ci)" $code

section "Generated API code matches openapi.yaml"
bash scripts/openapi-generate.sh --check >"$RESULTS/openapi.log" 2>&1
code=$?
[ $code = 0 ] || tail -40 "$RESULTS/openapi.log"
record "generated router and client types match openapi.yaml" $code

section "Prettier"
node node_modules/.bin/prettier --check . >"$RESULTS/prettier.log" 2>&1
code=$?
[ $code = 0 ] || tail -30 "$RESULTS/prettier.log"
record "prettier --check" $code

section "Unit and integration tests (Jest, every package)"
node node_modules/.bin/backstage-cli repo test --ci --json --outputFile="$RESULTS/jest.json" \
  >"$RESULTS/jest.log" 2>&1
jest_code=$?
grep -E '^(PASS|FAIL) ' "$RESULTS/jest.log" | sort | uniq -c | sed 's/^/    /' | tail -80
if [ -f "$RESULTS/jest.json" ]; then
  read -r jp jf < <(jest_counts "$RESULTS/jest.json")
  passed=$((passed + jp))
  failed=$((failed + jf))
  echo "    jest: $jp passed, $jf failed"
  if [ "$jf" != 0 ]; then
    grep -E '●' "$RESULTS/jest.log" | head -40
    failures+=("jest ($jf)")
  fi
else
  tail -40 "$RESULTS/jest.log"
  record "jest produced results" 1
fi
[ $jest_code = 0 ] || [ -f "$RESULTS/jest.json" ] || record "jest exit code" $jest_code

# The operator as a cluster admin installs it: the image built from
# Containerfile with buildah and run against kube-sim, the Helm chart rendered
# with several value sets and the kustomize manifests, every object validated.
operator_shipping_checks() {
  local script
  for script in check-deploy check-image; do
    rm -f "$RESULTS/$script.json"
    timeout 600 node --require @backstage/cli/config/nodeTransform.cjs \
      "packages/sandbox-operator/scripts/$script.ts" --results "$RESULTS/$script.json" \
      >"$RESULTS/$script.log" 2>&1
    grep -E '^\s+(ok|FAILED|image size)' "$RESULTS/$script.log" | head -40
    count_results "$RESULTS/$script.json" "$RESULTS/$script.log" "operator $script" 30
  done
}
section "Operator image, Helm chart and manifests"
operator_shipping_checks

section "Clock and time zone (the suites that touch time, under faketime and far zones)"
source scripts/lib/clock-phase.sh
run_clock_and_zone_phase

section "Browser tests (headless Chromium against the local default)"
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/run.ts --results "$RESULTS/e2e.json" \
  2>&1 | tee "$RESULTS/e2e.log" | grep -E '^\s*(ok|FAILED|==|  )' | head -80
count_results "$RESULTS/e2e.json" "$RESULTS/e2e.log" "browser tests" 40

# Issue 17: a brand-new app from @backstage/create-app 0.9.2 takes the packages
# from `yarn pack` tarballs by the README's install steps, builds, and creates,
# lists and deletes a sandbox through its own API and page. Last, because it
# packs (prepack rewrites the plugins' package.json for a moment).
section "Install into a new portal (create-app 0.9.2, yarn pack, the README's steps)"
rm -f "$RESULTS/prove-install.json"
timeout 2400 bash scripts/prove-install.sh --results "$RESULTS/prove-install.json" \
  >"$RESULTS/prove-install.log" 2>&1
grep -E '^\s+(ok|FAILED|time)' "$RESULTS/prove-install.log" | head -20
count_results "$RESULTS/prove-install.json" "$RESULTS/prove-install.log" "install into a new portal" 30

echo
[ ${#failures[@]} = 0 ] || echo "Failed: ${failures[*]}"
echo "Logs and screenshots: .local/test-results/"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
