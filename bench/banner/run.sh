#!/usr/bin/env bash
# The banner benchmark: builds the banner (src/banner), installs this folder's pinned packages, runs run.mjs.
# Environment: AUTOBLOCK=1 (automatic blocking on in the site's configuration), RUNS (per banner, default 30), WARMUP (default 2), CPU_THROTTLE (default 1), CHROMIUM, OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium
fi
(cd "$root/src/banner" && npm ci --no-audit --no-fund && npm run build)
(cd "$here" && npm ci --no-audit --no-fund)
exec node "$here/run.mjs" "$@"
