# Shared by .ci/test and .ci/dev: install what is missing, start and stop Azurite. Sourced, not run.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO_ROOT/.ci/tools"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# npm packages (Azurite, axe-core) from the committed lock file.
ensure_node_tools() {
  if [ ! -x "$TOOLS/node_modules/.bin/azurite" ] || [ ! -f "$TOOLS/node_modules/axe-core/axe.min.js" ]; then
    log "Installing Azurite (npm ci in .ci/tools)"
    (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# Debian packages, installed only when missing (CI starts from a clean machine).
ensure_apt() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing ${missing[*]} (apt)"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

AZURITE_PID=""
AZURITE_LOG=""

# start_azurite <workdir> [fixed]: in memory on free ports, or (fixed) persistent in <workdir> on the default ports.
# Sets AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT and AZURITE_CONNECTION_STRING. AZURITE_SILENT=1 turns
# off its access log (a line per request: benchmarks use it, tests keep the log for diagnosis).
start_azurite() {
  local dir="$1" mode="${2:-memory}"
  mkdir -p "$dir"
  AZURITE_LOG="$dir/azurite.log"
  local args=(--skipApiVersionCheck --loose --disableProductStyleUrl)
  [ "${AZURITE_SILENT:-0}" != 1 ] || args+=(--silent)
  if [ "$mode" = fixed ]; then
    args+=(--location "$dir" --blobPort 10000 --queuePort 10001 --tablePort 10002)
  else
    args+=(--inMemoryPersistence --blobPort 0 --queuePort 0 --tablePort 0)
  fi
  : >"$AZURITE_LOG"
  "$TOOLS/node_modules/.bin/azurite" "${args[@]}" >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 150); do
    AZURITE_BLOB_PORT=$(sed -n 's/.*Blob service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$AZURITE_LOG")
    AZURITE_QUEUE_PORT=$(sed -n 's/.*Queue service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$AZURITE_LOG")
    AZURITE_TABLE_PORT=$(sed -n 's/.*Table service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$AZURITE_LOG")
    [ -n "$AZURITE_BLOB_PORT" ] && [ -n "$AZURITE_QUEUE_PORT" ] && [ -n "$AZURITE_TABLE_PORT" ] && break
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then cat "$AZURITE_LOG" >&2; log "Azurite did not start"; return 1; fi
    sleep 0.2
  done
  [ -n "$AZURITE_TABLE_PORT" ] || { cat "$AZURITE_LOG" >&2; log "Azurite did not report its ports"; return 1; }
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"
  export AZURITE_BLOB_PORT AZURITE_QUEUE_PORT AZURITE_TABLE_PORT AZURITE_CONNECTION_STRING
  log "Azurite: blob on $AZURITE_BLOB_PORT, queue on $AZURITE_QUEUE_PORT, table on $AZURITE_TABLE_PORT"
}

stop_azurite() {
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=""
}
