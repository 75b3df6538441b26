#!/usr/bin/env bash
# The proof that any portal can install the plugins (issue 17): a new app
# from @backstage/create-app 0.9.2, this repository's packages packed with
# `yarn pack`, the README's "Install into your portal" steps, a build, and the
# app against kube-sim with the operator (scripts/prove-install/main.ts).
#   bash scripts/prove-install.sh [--results FILE] [--refresh-lock]
# Needs the declarations tsc emits into dist-types/ (scripts/test.sh's type
# check makes them; run `node node_modules/.bin/tsc` first when alone).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$REPO_ROOT"
[ -d dist-types/plugins ] || node node_modules/.bin/tsc
exec node --require @backstage/cli/config/nodeTransform.cjs scripts/prove-install/main.ts "$@"
