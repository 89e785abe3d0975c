#!/usr/bin/env bash
# Issue 8's export benchmark: the app's CSV download of one site's year against a raw scan of the same partitions.
# For each size in SIZES:
#   1. a fresh in-memory Azurite (--silent); the app (Release, Development environment with the demo seed and a demo
#      API key, logging at Warning) started from its own folder on a free loopback port, which seeds the demo agency and published site;
#   2. N records of the demo site over DAYS receive days ending yesterday, straight into Consents (ExportSeeder seed);
#   3. warm-up: one small download (a week) and one small raw scan, so the JIT and the connection pools are warm;
#   4. ROUNDS rounds of: the raw scan of the whole range with the app's storage client (ExportSeeder scan: same key
#      range, page size and columns, every entity parsed, nothing written), then the app's CSV download of the same
#      range over HTTP with curl (time to first byte, total time, bytes; lines counted and checked against N);
#   5. the app's peak RSS (VmHWM of /proc/<pid>/status) after the warm-up and after the rounds, and its RSS now.
# Summary in $OUT/summary.md. Loopback only; everything it starts is stopped on exit.
#
# Environment (defaults): SIZES="100000" (the flat-memory check: "100000 1000000") DAYS=365 ROUNDS=2 PARALLEL=16
#   OUT=<repo>/.local/bench-export SKIP_BUILD=0 AZURITE_HEAP_MB=16384
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../.ci/lib.sh
source "$HERE/../../.ci/lib.sh"

SIZES="${SIZES:-100000}"
DAYS="${DAYS:-365}"
ROUNDS="${ROUNDS:-2}"
PARALLEL="${PARALLEL:-16}"
OUT="${OUT:-$REPO_ROOT/.local/bench-export}"
SKIP_BUILD="${SKIP_BUILD:-0}"
AZURITE_HEAP_MB="${AZURITE_HEAP_MB:-16384}"
APP_DLL="$REPO_ROOT/src/ConsentCloud.Web/bin/Release/net10.0/ConsentCloud.Web.dll"
SEEDER_DLL="$HERE/Seeder/bin/Release/net10.0/ExportSeeder.dll"
AGENCY=demoagencynordlysdigital22
SITE=demositebageriethansen2222
SECRET=benchexportsecret0123456789
API_KEY="cck_${AGENCY}_demokey222222222_${SECRET}"
ANCHOR="$(date -u +%Y-%m-%d)"
FROM="$(date -u -d "$ANCHOR - $DAYS days" +%Y-%m-%d)"
TO="$(date -u -d "$ANCHOR - 1 day" +%Y-%m-%d)"
APP_PID=""

rm -rf "$OUT"
mkdir -p "$OUT"
stop_app() { if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi; APP_PID=""; }
trap 'stop_app; stop_azurite' EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
kb_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2" | head -n1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# lib.sh's start_azurite, plus --silent (no access-log line per request) and a large heap (every entity is in memory).
start_silent_azurite() {
  local dir="$1"
  mkdir -p "$dir"
  AZURITE_LOG="$dir/azurite.log"
  NODE_OPTIONS="--max-old-space-size=$AZURITE_HEAP_MB" "$TOOLS/node_modules/.bin/azurite" --skipApiVersionCheck --loose --disableProductStyleUrl \
    --silent --disableTelemetry --inMemoryPersistence --blobPort 0 --queuePort 0 --tablePort 0 >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  AZURITE_TABLE_PORT="" AZURITE_BLOB_PORT="" AZURITE_QUEUE_PORT=""
  for _ in $(seq 1 300); do
    AZURITE_BLOB_PORT=$(sed -n 's/.*Blob service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$AZURITE_LOG")
    AZURITE_QUEUE_PORT=$(sed -n 's/.*Queue service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$AZURITE_LOG")
    AZURITE_TABLE_PORT=$(sed -n 's/.*Table service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$AZURITE_LOG")
    [ -n "$AZURITE_BLOB_PORT" ] && [ -n "$AZURITE_QUEUE_PORT" ] && [ -n "$AZURITE_TABLE_PORT" ] && break
    kill -0 "$AZURITE_PID" 2>/dev/null || { cat "$AZURITE_LOG" >&2; log "Azurite did not start"; return 1; }
    sleep 0.2
  done
  [ -n "$AZURITE_TABLE_PORT" ] || { cat "$AZURITE_LOG" >&2; log "Azurite did not report its ports"; return 1; }
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"
  log "Azurite (pid $AZURITE_PID): blob on $AZURITE_BLOB_PORT, table on $AZURITE_TABLE_PORT"
}

start_app() {
  local dir="$1"
  APP_PORT=$(free_port)
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    Demo__Seed=true Demo__ApiKeySecret="$SECRET" Storage__ConnectionString="$AZURITE_CONNECTION_STRING" \
    Logging__LogLevel__Default=Warning Jobs__LocalScheduler=false \
    env -C "$(dirname "$APP_DLL")" dotnet "$APP_DLL" >"$dir/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null -H "X-Api-Key: $API_KEY" "http://127.0.0.1:$APP_PORT/api/v1/agencies/$AGENCY/sites/$SITE" 2>/dev/null; then
      log "App (pid $APP_PID) on port $APP_PORT, demo site seeded"
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$dir/app.log" >&2; log "The app did not start"; return 1; }
    sleep 0.2
  done
  tail -30 "$dir/app.log" >&2; log "The app did not answer"; return 1
}

# download <dir> <label> <from> <to>: one CSV download with curl; sets DL_* (seconds to first byte, total, bytes, records).
download() {
  local dir="$1" label="$2" from="$3" to="$4" timing
  timing=$(curl -sS -o "$dir/$label.csv" -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}' -H "X-Api-Key: $API_KEY" \
    "http://127.0.0.1:$APP_PORT/api/v1/agencies/$AGENCY/sites/$SITE/consents/export?from=$from&to=$to&format=csv")
  read -r DL_STATUS DL_TTFB DL_TOTAL DL_BYTES <<<"$timing"
  [ "$DL_STATUS" = 200 ] || { log "download $label answered $DL_STATUS"; head -c 600 "$dir/$label.csv" >&2; return 1; }
  DL_RECORDS=$(( $(grep -c $'\r$' "$dir/$label.csv") - 1 ))
  rm -f "$dir/$label.csv"
}

ensure_node_tools
ensure_apt curl:curl
if [ "$SKIP_BUILD" != 1 ]; then
  log "Building the app and the seeder (Release)"
  dotnet build "$REPO_ROOT/src/ConsentCloud.Web/ConsentCloud.Web.csproj" -c Release -v q -nologo >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
  dotnet build "$HERE/Seeder/Seeder.csproj" -c Release -v q -nologo >>"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi

{
  echo "# bench/export run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- command: \`SIZES=\"$SIZES\" DAYS=$DAYS ROUNDS=$ROUNDS bash bench/export/run.sh\`, range $FROM..$TO"
  echo "- app: $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO_ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(free -h | awk '/^Mem/ { print $2 }') RAM, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), dotnet $(dotnet --version), node $(node --version), azurite $(node -p "require('$TOOLS/node_modules/azurite/package.json').version")"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| records | round | raw scan rec/s | app CSV rec/s | ratio | app time to first byte | app total | CSV size | records in CSV |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$OUT/summary.md"
MEMORY=""

for SIZE in $SIZES; do
  DIR="$OUT/$SIZE"
  mkdir -p "$DIR"
  log "=== $SIZE records over $DAYS days ($FROM..$TO) ==="
  start_silent_azurite "$DIR/azurite"
  start_app "$DIR"
  dotnet "$SEEDER_DLL" seed --storage "$AZURITE_CONNECTION_STRING" --site "$SITE" --records "$SIZE" --days "$DAYS" --anchor "$ANCHOR" --parallel "$PARALLEL" | tee "$DIR/seed.log"

  log "Warm-up: a week's download and a week's raw scan"
  download "$DIR" warmup "$(date -u -d "$TO - 6 days" +%Y-%m-%d)" "$TO"
  dotnet "$SEEDER_DLL" scan --storage "$AZURITE_CONNECTION_STRING" --site "$SITE" --from "$(date -u -d "$TO - 6 days" +%Y-%m-%d)" --to "$TO" >/dev/null
  HWM_WARM=$(kb_of "$APP_PID" VmHWM)

  for ROUND in $(seq 1 "$ROUNDS"); do
    log "[round $ROUND] raw scan"
    line=$(dotnet "$SEEDER_DLL" scan --storage "$AZURITE_CONNECTION_STRING" --site "$SITE" --from "$FROM" --to "$TO" | tee -a "$DIR/raw.log")
    RAW_RATE=$(field rate "$line"); RAW_RECORDS=$(field records "$line")
    log "[round $ROUND] app CSV download"
    t0=$(now); download "$DIR" "round$ROUND" "$FROM" "$TO"; t1=$(now)
    APP_RATE=$(calc "%.0f" "$DL_RECORDS / $DL_TOTAL")
    echo "round=$ROUND raw_records=$RAW_RECORDS raw_rate=$RAW_RATE app_records=$DL_RECORDS app_rate=$APP_RATE ttfb_s=$DL_TTFB total_s=$DL_TOTAL bytes=$DL_BYTES wall_s=$(calc "%.2f" "$t1 - $t0") app_hwm_kb=$(kb_of "$APP_PID" VmHWM) load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$DIR/measurements.txt"
    [ "$DL_RECORDS" = "$SIZE" ] && [ "$RAW_RECORDS" = "$SIZE" ] || log "WARNING: expected $SIZE records (raw $RAW_RECORDS, CSV $DL_RECORDS)"
    echo "| $SIZE | $ROUND | $RAW_RATE | $APP_RATE | $(calc "%.2f" "$APP_RATE / $RAW_RATE") | $(calc "%.0f ms" "$DL_TTFB * 1000") | $(calc "%.1f s" "$DL_TOTAL") | $(calc "%.1f MB" "$DL_BYTES / 1000000") | $DL_RECORDS |" >>"$OUT/summary.md"
  done

  MEMORY+="| $SIZE | $(calc "%.0f MB" "$HWM_WARM / 1024") | $(calc "%.0f MB" "$(kb_of "$APP_PID" VmHWM) / 1024") | $(calc "%.0f MB" "$(kb_of "$APP_PID" VmRSS) / 1024") |"$'\n'
  stop_app
  stop_azurite
done

{
  echo
  echo "App memory (VmHWM is the process's peak resident set since it started; the app starts fresh for each size):"
  echo
  echo "| records | peak RSS after warm-up | peak RSS after the downloads | RSS at the end |"
  echo "|---:|---:|---:|---:|"
  printf '%s' "$MEMORY"
  echo
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$OUT/summary.md"
cat "$OUT/summary.md"
