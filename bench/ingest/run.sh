#!/usr/bin/env bash
# Issue 3's ingest benchmark (see bench/ingest/RESULTS.md):
#   1. throughput: POST /v1/sites/{siteKey}/consents at 64 concurrent clients for 60 s against the Release app on an
#      in-memory Azurite, then raw inserts of the same entities straight into a fresh Azurite (the storage ceiling), and
#      the ratio; goal ≥ 0.8 of raw (issue 20; issue 3's was 0.7), p99 ≤ 50 ms, zero errors. Then open-loop runs at
#      OPEN_FRACTIONS of the measured rate (IngestLoad load --rate: a fixed schedule, latency from each request's
#      intended send time, so a stall is charged to every request that queued behind it); goal (issue 20) p99 ≤ 50 ms
#      at 0.5.
#   2. fault: the same load against a persistent Azurite that is stopped for 5 s in the middle ("restart": SIGTERM,
#      after which Azurite saves its database, then a restart on the same ports and folder; "pause": SIGSTOP/SIGCONT),
#      then a check of every response against storage (IngestLoad verify).
# Loopback only; everything it starts is stopped on exit; every wait is bounded.
#
# Environment (defaults): WORKERS=64 DURATION=60 WARMUP=30 (closed-loop load before the measured run; on this 2-core
#   machine the JIT's tiering takes about 20 s of full load to settle, and spends up to 45 % of a core meanwhile)
#   RAW_DURATION=$DURATION RAW_PREFILL=api (each raw mode first writes, uncounted, as many decisions as the API's
#   warm-up stored, so the ceiling meets tables as full as the API's measured run did: Azurite slows as they grow; or a
#   number; 0: none) RAW_PARALLEL=16
#   RAW_MODES="mixed records singles" (add index-singles for the ceiling before group commit: index rows one by one)
#   RAW_FRESH=1 (the raw ceiling on a fresh Azurite, as the API had; 0: into the Azurite the API runs filled)
#   OPEN_FRACTIONS="0.5 0.8" (space-separated; "" or 0 skips; OPEN_FRACTION, the single value it replaces, is still
#   read) OPEN_DURATION=30 (per run, of which the first OPEN_WARMUP=2 are sent but not recorded) OPEN_RAW=1 (before each
#   open-loop API run, the storage's own open loop at the same rate: IngestLoad raw --mode singles --rate; 0 skips it)
#   FAULT_AT=12.5 FAULT_DOWN=5 FAULT_AFTER=12.5
#   FAULT_MODES="restart pause"
#   PHASES="throughput fault" OUT=<repo>/.local/bench-ingest/<timestamp> SKIP_BUILD=0
#   APP_DLL: another build of the app to measure (a "before"); the raw ceiling and the load stay this checkout's
# Exit status: 0 when everything ran and every fault run verified; 1 otherwise. The goals are reported, not enforced.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../.ci/lib.sh
source "$HERE/../../.ci/lib.sh"

WORKERS="${WORKERS:-64}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-30}"
RAW_DURATION="${RAW_DURATION:-$DURATION}"
RAW_PREFILL="${RAW_PREFILL:-api}"
RAW_PARALLEL="${RAW_PARALLEL:-16}"
RAW_MODES="${RAW_MODES:-mixed records singles}"
OPEN_FRACTIONS="${OPEN_FRACTIONS-${OPEN_FRACTION:-0.5 0.8}}"
[ "$OPEN_FRACTIONS" != 0 ] || OPEN_FRACTIONS=""
OPEN_DURATION="${OPEN_DURATION:-30}"
OPEN_WARMUP="${OPEN_WARMUP:-2}"
OPEN_RAW="${OPEN_RAW:-1}"
RAW_FRESH="${RAW_FRESH:-1}"
FAULT_AT="${FAULT_AT:-12.5}"
FAULT_DOWN="${FAULT_DOWN:-5}"
FAULT_AFTER="${FAULT_AFTER:-12.5}"
FAULT_MODES="${FAULT_MODES:-restart pause}"
PHASES="${PHASES:-throughput fault}"
OUT="${OUT:-$REPO_ROOT/.local/bench-ingest/$(date +%Y%m%d-%H%M%S)}"
SITE=demositebageriethansen2222
APP_DLL="${APP_DLL:-$REPO_ROOT/src/ConsentCloud.Web/bin/Release/net10.0/ConsentCloud.Web.dll}"
TOOL_DLL="$HERE/IngestLoad/bin/Release/net10.0/IngestLoad.dll"
AZURITE="$TOOLS/node_modules/.bin/azurite"

mkdir -p "$OUT"
STATUS=0

APP_PID=""
FAULT_AZURITE_PID=""
LOAD_PID=""
cleanup() {
  set +e
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  if [ -n "$FAULT_AZURITE_PID" ]; then
    kill -CONT "$FAULT_AZURITE_PID" 2>/dev/null
    kill "$FAULT_AZURITE_PID" 2>/dev/null
    wait "$FAULT_AZURITE_PID" 2>/dev/null
  fi
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tool() { timeout --signal=INT --kill-after=10 "$1" dotnet "$TOOL_DLL" "${@:2}"; }

# start_app <connection string> <log>: the Release app on a free loopback port; sets APP_URL. The rate limit is raised to
# the largest values its options validation accepts (Burst ≤ 100,000, PerMinute ≤ 1,000,000), far above this box's rate.
start_app() {
  local log="$2"
  : >"$log" # exists before the background start, so polling it below cannot race the redirection
  env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:0 \
    Storage__ConnectionString="$1" Demo__Seed=true \
    Consents__RateLimit__Burst=100000 Consents__RateLimit__PerMinute=1000000 \
    Logging__LogLevel__Default=Warning 'Logging__LogLevel__Microsoft.Hosting.Lifetime=Information' \
    dotnet "$APP_DLL" --contentRoot "$(dirname "$APP_DLL")" >"$log" 2>&1 &
  APP_PID=$!
  APP_URL=""
  for _ in $(seq 1 300); do
    APP_URL=$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -n1)
    [ -n "$APP_URL" ] && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$log" >&2; log "The app did not start"; return 1; }
    sleep 0.1
  done
  [ -n "$APP_URL" ] || { cat "$log" >&2; log "The app did not report its address"; return 1; }
  tool 100 wait --url "$APP_URL" --site "$SITE" --timeout 90
  log "App on $APP_URL (pid $APP_PID)"
}

stop_app() {
  if [ -n "$APP_PID" ]; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

# start_fault_azurite <dir> <log> [blob queue table]: persistent (--location) Azurite, on free ports the first time and on
# the same ports when restarted. lib.sh's "fixed" mode would persist too, but on the default ports 10000-10002, which
# a developer's own Azurite (or a parallel run) may hold.
start_fault_azurite() {
  local dir="$1" log="$2"
  local ports=(--blobPort "${3:-0}" --queuePort "${4:-0}" --tablePort "${5:-0}")
  mkdir -p "$dir"
  : >"$log"
  "$AZURITE" --skipApiVersionCheck --loose --disableProductStyleUrl --silent --disableTelemetry --location "$dir" "${ports[@]}" >"$log" 2>&1 &
  FAULT_AZURITE_PID=$!
  local table=""
  for _ in $(seq 1 300); do
    table=$(sed -n 's/.*Table service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$log")
    [ -n "$table" ] && break
    kill -0 "$FAULT_AZURITE_PID" 2>/dev/null || { cat "$log" >&2; log "Azurite did not start"; return 1; }
    sleep 0.1
  done
  [ -n "$table" ] || { cat "$log" >&2; log "Azurite did not report its ports"; return 1; }
  FAULT_BLOB_PORT=$(sed -n 's/.*Blob service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$log")
  FAULT_QUEUE_PORT=$(sed -n 's/.*Queue service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$log")
  FAULT_TABLE_PORT="$table"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  FAULT_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$FAULT_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$FAULT_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$FAULT_TABLE_PORT/devstoreaccount1;"
}

# stop_fault_azurite <log>: SIGTERM. Azurite then stops taking requests, closes its servers and saves its LokiJS
# database (Loki's close() writes the dirty collections) and only then prints "Table service successfully closed";
# once that line is there nothing is lost by ending the process, which may otherwise linger on open sockets.
stop_fault_azurite() {
  local log="$1"
  [ -n "$FAULT_AZURITE_PID" ] || return 0
  kill "$FAULT_AZURITE_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$FAULT_AZURITE_PID" 2>/dev/null || break
    grep -q "Table service successfully closed" "$log" && break
    sleep 0.05
  done
  if ! grep -q "Table service successfully closed" "$log"; then
    log "Azurite did not report its table service closed within 15 s of SIGTERM; killing it (unsaved writes are lost)"
  fi
  kill -KILL "$FAULT_AZURITE_PID" 2>/dev/null || true
  wait "$FAULT_AZURITE_PID" 2>/dev/null || true
  FAULT_AZURITE_PID=""
}

# CPU seconds (user + system) a process has used so far; 0 when it is gone.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# measured <label> <azurite pid> <command...>: runs the command and prints the CPU Azurite and the app used meanwhile,
# next to the wall time: on 2 shared cores this shows who the bottleneck is, independently of other load.
measured() {
  local label="$1" az="$2"; shift 2
  local a0 p0 t0 a1 p1 t1
  a0=$(cpu_of "$az"); p0=$(cpu_of "${APP_PID:-0}"); t0=$(now)
  "$@"
  a1=$(cpu_of "$az"); p1=$(cpu_of "${APP_PID:-0}"); t1=$(now)
  awk -v l="$label" -v a0="$a0" -v a1="$a1" -v p0="$p0" -v p1="$p1" -v t0="$t0" -v t1="$t1" -v la="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    w = t1 - t0; printf "[%s] CPU over %.1f s wall: Azurite %.1f s (%.0f%% of a core), app %.1f s (%.0f%%); load average %s\n", l, w, a1 - a0, 100 * (a1 - a0) / w, p1 - p0, 100 * (p1 - p0) / w, la }' \
    | tee "$OUT/cpu-$label.txt"
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "Building the app and the load tool (Release)"
  dotnet build "$REPO_ROOT/src/ConsentCloud.Web/ConsentCloud.Web.csproj" -c Release -nologo -v q >"$OUT/build-app.log" 2>&1 \
    || { cat "$OUT/build-app.log" >&2; exit 1; }
  dotnet build "$HERE/IngestLoad/IngestLoad.csproj" -c Release -nologo -v q >"$OUT/build-tool.log" 2>&1 \
    || { cat "$OUT/build-tool.log" >&2; exit 1; }
fi
ensure_node_tools

log "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), .NET SDK $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ " $PHASES " == *" throughput "* ]]; then
  log "Throughput: in-memory Azurite"
  # lib.sh starts Azurite in the background and reads its log at once: create the log first so that read cannot race.
  mkdir -p "$OUT/azurite-memory" && : >"$OUT/azurite-memory/azurite.log"
  AZURITE_SILENT=1 start_azurite "$OUT/azurite-memory" # no access log, as in the fault runs and the other benches
  start_app "$AZURITE_CONNECTION_STRING" "$OUT/app-throughput.log"

  log "Warm-up: ${WARMUP} s"
  tool $((WARMUP + 60)) load --url "$APP_URL" --site "$SITE" --workers "$WORKERS" --duration "$WARMUP" --label warmup --out "$OUT/warmup.csv" \
    --summary "$OUT/warmup.txt"

  log "API load: $WORKERS clients for $DURATION s"
  measured api "$AZURITE_PID" tool $((DURATION + 60)) load --url "$APP_URL" --site "$SITE" --workers "$WORKERS" --duration "$DURATION" --label api \
    --out "$OUT/api.csv" --summary "$OUT/api.txt"

  # The closed loop above runs at saturation, where latency is simply 64 / throughput (Little's law). The latency a
  # site's visitors see is that of an open loop below saturation: each of OPEN_FRACTIONS of the throughput just measured.
  for fraction in $OPEN_FRACTIONS; do
    open_rate=$(awk -v r="$(sed -n 's/^decisions_per_s=//p' "$OUT/api.txt")" -v f="$fraction" 'BEGIN { printf "%.0f", r * f }')
    if [ "$OPEN_RAW" = 1 ]; then
      # The storage's own tail at this rate: ingest's two calls per decision (index row, then record) straight into the
      # same Azurite, on the same schedule. It runs first, so the API's run below meets the larger database.
      log "Open-loop raw inserts (singles): $open_rate decisions/s for $OPEN_DURATION s, the first $OPEN_WARMUP s not recorded"
      measured "open-raw-$fraction" "$AZURITE_PID" tool $((OPEN_DURATION + 60)) raw --storage "$AZURITE_CONNECTION_STRING" --site "$SITE" --mode singles \
        --rate "$open_rate" --parallel "$WORKERS" --duration "$OPEN_DURATION" --warmup "$OPEN_WARMUP" --label "open-raw-$fraction" --summary "$OUT/open-raw-$fraction.txt"
    fi
    log "Open-loop API load: $open_rate decisions/s ($fraction of the closed-loop rate) for $OPEN_DURATION s, the first $OPEN_WARMUP s not recorded"
    measured "open-$fraction" "$AZURITE_PID" tool $((OPEN_DURATION + 60)) load --url "$APP_URL" --site "$SITE" --workers "$WORKERS" --rate "$open_rate" \
      --duration "$OPEN_DURATION" --warmup "$OPEN_WARMUP" --label "open-$fraction" --out "$OUT/open-$fraction.csv" --summary "$OUT/open-$fraction.txt"
  done

  if [ "$RAW_FRESH" = 1 ] && [ -n "$RAW_MODES" ]; then
    # Azurite slows as its in-memory tables grow, so a ceiling measured after the API's runs meets a fuller database
    # than the API did. A fresh Azurite (the app restarted on it only to publish the demo site, then idle) gives the
    # ceiling the same start the API had.
    stop_app
    stop_azurite
    log "A fresh in-memory Azurite for the raw ceiling"
    mkdir -p "$OUT/azurite-raw" && : >"$OUT/azurite-raw/azurite.log"
    AZURITE_SILENT=1 start_azurite "$OUT/azurite-raw"
    start_app "$AZURITE_CONNECTION_STRING" "$OUT/app-raw.log"
  fi

  prefill="$RAW_PREFILL"
  if [ "$prefill" = api ]; then
    # Into the Azurite the API filled (RAW_FRESH=0) the tables are fuller already.
    if [ "$RAW_FRESH" = 1 ]; then prefill=$(sed -n 's/^ok=//p' "$OUT/warmup.txt"); else prefill=0; fi
  fi
  for mode in $RAW_MODES; do
    log "Raw inserts ($mode) into $([ "$RAW_FRESH" = 1 ] && echo "a fresh" || echo "the same") Azurite: $RAW_DURATION s after ${prefill:-0} decisions written first, $RAW_PARALLEL in flight"
    measured "raw-$mode" "$AZURITE_PID" tool $((RAW_DURATION + 300)) raw --storage "$AZURITE_CONNECTION_STRING" --site "$SITE" --mode "$mode" \
      --duration "$RAW_DURATION" --prefill "${prefill:-0}" --parallel "$RAW_PARALLEL" --summary "$OUT/raw-$mode.txt" --compare "$OUT/api.txt"
  done

  stop_app
  stop_azurite
fi

if [[ " $PHASES " == *" fault "* ]]; then
  for fault in $FAULT_MODES; do
    log "Fault run ($fault): persistent Azurite; load, Azurite down for $FAULT_DOWN s after $FAULT_AT s, load until $FAULT_AFTER s after it is back"
    dir="$OUT/azurite-fault-$fault"
    start_fault_azurite "$dir" "$OUT/azurite-fault-$fault.log"
    start_app "$FAULT_CONNECTION_STRING" "$OUT/app-fault-$fault.log"
    tool 60 load --url "$APP_URL" --site "$SITE" --workers "$WORKERS" --duration 3 --label "fault-$fault-warmup" --out "$OUT/fault-$fault-warmup.csv"

    # The load runs until a file appears FAULT_AFTER s after Azurite is back (restarting Node can itself take seconds),
    # at most 180 s.
    rm -f "$OUT/fault-$fault.stop"
    tool 300 load --url "$APP_URL" --site "$SITE" --workers "$WORKERS" --duration 180 --until-file "$OUT/fault-$fault.stop" \
      --label "fault-$fault" --out "$OUT/fault-$fault.csv" --summary "$OUT/fault-$fault.txt" --timeline &
    LOAD_PID=$!
    sleep "$FAULT_AT"
    began=$(now)
    if [ "$fault" = pause ]; then
      log "SIGSTOP Azurite (pid $FAULT_AZURITE_PID) for $FAULT_DOWN s"
      kill -STOP "$FAULT_AZURITE_PID"
      sleep "$FAULT_DOWN"
      kill -CONT "$FAULT_AZURITE_PID"
      log "SIGCONT after $(since "$began") s"
    else
      log "Stopping Azurite (SIGTERM, pid $FAULT_AZURITE_PID)"
      stop_fault_azurite "$OUT/azurite-fault-$fault.log"
      log "Azurite closed and exited $(since "$began") s after SIGTERM"
      remaining=$(awk -v d="$FAULT_DOWN" -v s="$(since "$began")" 'BEGIN { r = d - s; print (r > 0 ? r : 0) }')
      sleep "$remaining"
      start_fault_azurite "$dir" "$OUT/azurite-fault-$fault-restarted.log" "$FAULT_BLOB_PORT" "$FAULT_QUEUE_PORT" "$FAULT_TABLE_PORT"
      log "Azurite listening again $(since "$began") s after SIGTERM"
    fi
    sleep "$FAULT_AFTER"
    touch "$OUT/fault-$fault.stop"
    wait "$LOAD_PID"
    LOAD_PID=""

    log "Verifying the fault run ($fault) against storage"
    verify_status=0
    tool 300 verify --storage "$FAULT_CONNECTION_STRING" --site "$SITE" --status "$OUT/fault-$fault.csv" \
      --known "$OUT/fault-$fault-warmup.csv" --summary "$OUT/verify-$fault.txt" || verify_status=$?
    stop_app
    stop_fault_azurite "$(ls -t "$OUT"/azurite-fault-"$fault"*.log | head -n1)"
    [ "$verify_status" = 0 ] || { log "Fault run ($fault): verification FAILED"; STATUS=1; }
  done
fi

# One block to paste into RESULTS.md.
kv() { sed -n "s/^$2=//p" "$OUT/$1" 2>/dev/null; }
log "Summary ($OUT)"
if [ -f "$OUT/api.txt" ]; then
  echo "API: $(kv api.txt decisions_per_s) decisions/s (sent $(kv api.txt sent), 2xx $(kv api.txt ok), errors $(kv api.txt errors)); p50 $(kv api.txt p50_ms) ms, p90 $(kv api.txt p90_ms) ms, p99 $(kv api.txt p99_ms) ms, p99.9 $(kv api.txt p999_ms) ms, max $(kv api.txt max_ms) ms"
  for mode in $RAW_MODES; do
    [ -f "$OUT/raw-$mode.txt" ] || continue
    echo "raw $mode (parallel $(kv "raw-$mode.txt" parallel), batch $(kv "raw-$mode.txt" batch)): $(kv "raw-$mode.txt" entities_per_s) entities/s, $(kv "raw-$mode.txt" decisions_per_s) decisions/s"
  done
  for fraction in $OPEN_FRACTIONS; do
    f="open-$fraction.txt"
    [ -f "$OUT/$f" ] || continue
    goal=""
    if [ "$fraction" = 0.5 ]; then goal=$(awk -v p="$(kv "$f" p99_ms)" 'BEGIN { printf "; goal (issue 20) p99 <= 50 ms: %s", (p <= 50 ? "met" : "MISSED") }'); fi
    echo "API open loop at $fraction of it, sent at $(kv "$f" rps) req/s: 2xx $(kv "$f" ok) of $(kv "$f" sent); p50 $(kv "$f" p50_ms) ms, p90 $(kv "$f" p90_ms) ms, p99 $(kv "$f" p99_ms) ms, p99.9 $(kv "$f" p999_ms) ms, max $(kv "$f" max_ms) ms$goal"
    r="open-raw-$fraction.txt"
    if [ -f "$OUT/$r" ]; then echo "raw open loop (singles) at the same rate, sent at $(kv "$r" rps)/s: 2xx $(kv "$r" ok) of $(kv "$r" sent); p50 $(kv "$r" p50_ms) ms, p90 $(kv "$r" p90_ms) ms, p99 $(kv "$r" p99_ms) ms, p99.9 $(kv "$r" p999_ms) ms, max $(kv "$r" max_ms) ms"; fi
  done
  if [ -f "$OUT/raw-mixed.txt" ]; then
    awk -v a="$(kv api.txt decisions_per_s)" -v r="$(kv raw-mixed.txt decisions_per_s)" -v p99="$(kv api.txt p99_ms)" -v e="$(kv api.txt errors)" 'BEGIN {
      printf "ratio API / raw mixed = %.2f (goal, issue 20: >= 0.80: %s); p99 %.1f ms (goal <= 50: %s); errors %d (goal 0: %s)\n",
        a / r, (a / r >= 0.8 ? "met" : "MISSED"), p99, (p99 <= 50 ? "met" : "MISSED"), e, (e == 0 ? "met" : "MISSED") }'
  fi
  cat "$OUT"/cpu-*.txt 2>/dev/null || true
fi
for fault in $FAULT_MODES; do
  [ -f "$OUT/verify-$fault.txt" ] || continue
  echo "fault ($fault): sent $(kv "verify-$fault.txt" sent), 2xx $(kv "verify-$fault.txt" ok), non-2xx $(kv "verify-$fault.txt" non_ok); 2xx with record $(kv "verify-$fault.txt" ok_complete), 2xx without record $(kv "verify-$fault.txt" ok_without_record), non-2xx with record $(kv "verify-$fault.txt" non_ok_with_record), non-2xx with only an index row $(kv "verify-$fault.txt" non_ok_index_only)"
done
log "Done; outputs in $OUT"
exit "$STATUS"
