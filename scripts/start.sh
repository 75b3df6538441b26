#!/usr/bin/env bash
# Command 1: installs dependencies when needed (and Node 22 when the system's
# Node is older), then starts kube-sim, the sandbox operator, the backend and
# the app together. Ctrl-C stops all of them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$REPO_ROOT"
install_dependencies
exec node --require @backstage/cli/config/nodeTransform.cjs scripts/local/start.ts
