#!/usr/bin/env bash
# Command 1: installs dependencies when needed (and Node 22 when the system's
# Node is older), then starts kube-sim, the sandbox operator, the local ingress
# gateway, Prometheus (installed from Debian when it can be), the backend and
# the app together. Ctrl-C stops all of them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$REPO_ROOT"
install_dependencies
# Prometheus lets the autoscaler see requests; without it the autoscaler is
# paused (start.ts says so). Installed only where that needs no password.
if ! command -v prometheus >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
  command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing Debian's prometheus for the autoscaler"
  (apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 ||
    (apt-get update >/dev/null 2>&1 &&
      apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1)) ||
    echo "==> Could not install prometheus; the autoscaler stays paused"
fi
exec node --require @backstage/cli/config/nodeTransform.cjs scripts/local/start.ts
