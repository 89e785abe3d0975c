#!/usr/bin/env bash
# Issue 5's jobs benchmark (see bench/jobs/RESULTS.md): for each data size,
#   1. two fresh in-memory Azurites of the same version and settings, one for the app's copy (prefix "app") and one for
#      the raw baseline's (prefix "raw"), seeded at the same time (one Node thread each; the machine's two cores):
#      SITES sites and RECORDS consent records + index rows over DAYS receive days ending OFFSET_DAYS days before today
#      (Seeder seed); the measured steps then run one at a time;
#   2. `dotnet ConsentCloud.Web.dll jobs run ExpireConsents`, then `... PurgeRetention`, then ExpireConsents again at
#      once (the "cheap when there is nothing to do" check), each under /usr/bin/time -v (peak RSS) with the CPU Azurite
#      used meanwhile; the runs' own counts and clocks read back from JobRuns. With APP_LIMIT=<s> each app run is stopped
#      (SIGINT, as an operator's Ctrl+C) after that long and its rate is what it committed meanwhile (the next run
#      continues from its checkpoints); without PROTO=1 the raw baseline is then stopped after as long too (a windowed
#      comparison at full table size, for sizes whose full run would not fit the time there is), and the repeat expiry
#      and the verification, which need finished runs, are skipped;
#   3. with PROTO=1, after each app run the seeder's reference implementation (Seeder proto: the same range-query
#      algorithm, written independently, which is where the app's came from) finishes the job from the app's own
#      checkpoints, on the same copy; then a sample of site-days is verified;
#   4. on the raw copy, the raw baseline: exactly the updates and deletes the runs made (worked out from the data and
#      the runs' clocks, and checked against the counts they reported), as batched writes straight into Azurite
#      (Seeder raw);
#   5. rates (records/s, and records per Azurite CPU second), ratios to raw, peak RSS, into $OUT/summary.md.
# Loopback only; everything it starts is stopped on exit.
#
# Environment (defaults): RECORDS=1000000 SITES=100 DAYS=400 OFFSET_DAYS=200 SIZES="$RECORDS" (e.g. "100000 1000000"
#   for the flat-memory check) APP_LIMIT= (seconds per app run; empty: to completion, 0: skip the app) PROTO=0
#   PARALLEL=16 (seeder and raw requests in flight) RETENTION_MONTHS=13 OUT=<repo>/.local/bench-jobs SKIP_BUILD=0
#   SRC_ROOT=<repo> (the checkout whose src/ConsentCloud.Web is built and run, e.g. a `git archive` of a commit)
#   AZURITE_HEAP_MB=16384 (Node's old-space limit for Azurite: it keeps every entity in memory)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../.ci/lib.sh
source "$HERE/../../.ci/lib.sh"

RECORDS="${RECORDS:-1000000}"
SITES="${SITES:-100}"
DAYS="${DAYS:-400}"
OFFSET_DAYS="${OFFSET_DAYS:-200}"
SIZES="${SIZES:-$RECORDS}"
PARALLEL="${PARALLEL:-16}"
RETENTION_MONTHS="${RETENTION_MONTHS:-13}"
APP_LIMIT="${APP_LIMIT:-}"
PROTO="${PROTO:-0}"
OUT="${OUT:-$REPO_ROOT/.local/bench-jobs}"
SKIP_BUILD="${SKIP_BUILD:-0}"
SRC_ROOT="${SRC_ROOT:-$REPO_ROOT}"
AZURITE_HEAP_MB="${AZURITE_HEAP_MB:-16384}"
ANCHOR="${ANCHOR:-$(date -u +%Y-%m-%d)}" # "today" for the dataset, fixed once so every seed of the run is identical
APP_DLL="$SRC_ROOT/src/ConsentCloud.Web/bin/Release/net10.0/ConsentCloud.Web.dll"
SEEDER_DLL="$HERE/Seeder/bin/Release/net10.0/Seeder.dll"

WINDOWED=0
[ -n "$APP_LIMIT" ] && [ "$APP_LIMIT" != 0 ] && [ "$PROTO" != 1 ] && WINDOWED=1

rm -rf "$OUT"
mkdir -p "$OUT"
APP_AZ_PID="" RAW_AZ_PID=""
stop_both() { for pid in $APP_AZ_PID $RAW_AZ_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; APP_AZ_PID="" RAW_AZ_PID=""; }
trap 'stop_both' EXIT
# The steps below act on "the" Azurite (AZURITE_PID, AZURITE_CONNECTION_STRING): the app's copy's or the raw copy's.
use_app() { AZURITE_PID=$APP_AZ_PID AZURITE_CONNECTION_STRING=$APP_CS; }
use_raw() { AZURITE_PID=$RAW_AZ_PID AZURITE_CONNECTION_STRING=$RAW_CS; }
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# CPU seconds (user + system) a process has used so far; 0 when it is gone.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# field <key> <line>: the value of key=value in a line of the tools' output.
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2" | head -n1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# start_silent_azurite <dir>: lib.sh's start_azurite, plus --silent --disableTelemetry: without --silent Azurite
# writes an access-log line per request (millions here), which would be measured along with the storage work.
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

# ---------------------------------------------------------------------------------------------------------------
ensure_node_tools
ensure_apt /usr/bin/time:time
[ -x /usr/bin/time ] || { log "/usr/bin/time is missing"; exit 1; }
if [ "$SKIP_BUILD" != 1 ]; then
  log "Building the app (Release, from $SRC_ROOT) and the seeder"
  dotnet build "$SRC_ROOT/src/ConsentCloud.Web/ConsentCloud.Web.csproj" -c Release -v q -nologo >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
  dotnet build "$HERE/Seeder/Seeder.csproj" -c Release -v q -nologo -p:WebProject="$SRC_ROOT/src/ConsentCloud.Web/ConsentCloud.Web.csproj" >>"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi

{
  echo "# bench/jobs run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- command: \`SITES=$SITES DAYS=$DAYS OFFSET_DAYS=$OFFSET_DAYS SIZES=\"$SIZES\" APP_LIMIT=$APP_LIMIT PROTO=$PROTO PARALLEL=$PARALLEL bench/jobs/run.sh\`"
  echo "- app: $SRC_ROOT ($(git -C "$SRC_ROOT" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout"))"
  echo "- machine: $(nproc) cores, $(free -h | awk '/^Mem/ { print $2 }') RAM, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), dotnet $(dotnet --version), node $(node --version), azurite $(node -p "require('$TOOLS/node_modules/azurite/package.json').version")"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >"$OUT/summary.md"

dataset_args() { echo --sites "$SITES" --records "$1" --days "$DAYS" --offset-days "$OFFSET_DAYS" --anchor "$ANCHOR" --retention-months "$RETENTION_MONTHS"; }

seeder() { dotnet "$SEEDER_DLL" "$@"; }

# app_job <dir> <label> <job>: one CLI run of a job; writes <label>.log, <label>.time, and sets JOB_* from JobRuns.
app_job() {
  local dir="$1" label="$2" job="$3" a0 a1 t0 t1 rc=0
  log "[$label] dotnet ConsentCloud.Web.dll jobs run $job"
  a0=$(cpu_of "$AZURITE_PID"); t0=$(now)
  local limit=()
  [ -n "$APP_LIMIT" ] && limit=(timeout --signal=INT --kill-after=120 "$APP_LIMIT")
  # Testing: Production's code paths, but Azurite's account key is accepted (Production refuses storage keys).
  # Run from the app's folder, as the Functions host does, so it reads its appsettings.json.
  /usr/bin/time -v -o "$dir/$label.time" "${limit[@]}" env -C "$(dirname "$APP_DLL")" ASPNETCORE_ENVIRONMENT=Testing DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    Storage__ConnectionString="$AZURITE_CONNECTION_STRING" Storage__TablePrefix=app Logging__LogLevel__Default=Warning \
    dotnet "$APP_DLL" jobs run "$job" >"$dir/$label.log" 2>&1 || rc=$?
  t1=$(now); a1=$(cpu_of "$AZURITE_PID")
  tail -n 2 "$dir/$label.log" >&2
  # Stopped by the limit: exit 1 with the run recorded as stopped ("continues from the checkpoints").
  if [ "$rc" != 0 ] && ! { [ -n "$APP_LIMIT" ] && grep -q "Stopped before it finished" "$dir/$label.log"; }; then
    log "$job failed (exit $rc)"; return 1
  fi
  local run
  run=$(seeder runs --storage "$AZURITE_CONNECTION_STRING" --prefix app --job "$job")
  echo "$run" >>"$dir/$label.log"
  JOB_STARTED=$(field started "$run")
  JOB_SECONDS=$(field seconds "$run")
  JOB_PROCESSED=$(field processed "$run")
  JOB_CHANGED=$(field changed "$run")
  JOB_WALL=$(calc "%.2f" "$t1 - $t0")
  JOB_AZ_CPU=$(calc "%.1f" "$a1 - $a0")
  JOB_RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$dir/$label.time")
  JOB_CPU=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$dir/$label.time")
  JOB_OUTCOME=$(field outcome "$run")
  grep -q "Stopped before it finished" "$dir/$label.log" && JOB_OUTCOME="stopped after ${APP_LIMIT} s"
  echo "$label job=$job outcome=$JOB_OUTCOME seconds=$JOB_SECONDS wall=$JOB_WALL processed=$JOB_PROCESSED changed=$JOB_CHANGED app_rss_mb=$JOB_RSS_MB app_cpu_s=$JOB_CPU azurite_cpu_s=$JOB_AZ_CPU azurite_rss_mb=$(rss_mb "$AZURITE_PID") load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$dir/measurements.txt"
}

# raw_phase <dir> <phase> <expire now> <purge now> <expect args...>: sets RAW_* for the phase.
raw_phase() {
  local dir="$1" phase="$2" expire_now="$3" purge_now="$4" a0 a1 line
  shift 4
  log "[raw $phase] batched writes straight into Azurite, $PARALLEL in flight"
  a0=$(cpu_of "$AZURITE_PID")
  # shellcheck disable=SC2046
  seeder raw --storage "$AZURITE_CONNECTION_STRING" --prefix raw $(dataset_args "$SIZE") --parallel "$PARALLEL" --phases "$phase" \
    --expire-now "$expire_now" --purge-now "$purge_now" "$@" | tee "$dir/raw-$phase.log"
  a1=$(cpu_of "$AZURITE_PID")
  line=$(grep "^RAW phase=$phase" "$dir/raw-$phase.log")
  RAW_RECORDS=$(field records "$line")
  RAW_SECONDS=$(field seconds "$line")
  RAW_AZ_CPU=$(calc "%.1f" "$a1 - $a0")
  echo "raw-$phase records=$RAW_RECORDS seconds=$RAW_SECONDS azurite_cpu_s=$RAW_AZ_CPU azurite_rss_mb=$(rss_mb "$AZURITE_PID") load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$dir/measurements.txt"
}

# proto_job <dir> <label> <job>: the proposal on the app's copy, from the app's checkpoints; sets PJ_*.
proto_job() {
  local dir="$1" label="$2" job="$3" a0 a1 line
  log "[$label] proposal: $job with one key-range query per site"
  a0=$(cpu_of "$AZURITE_PID")
  # shellcheck disable=SC2046
  seeder proto --storage "$AZURITE_CONNECTION_STRING" --prefix app $(dataset_args "$SIZE") --job "$job" --checkpoints app | tee "$dir/$label.log"
  a1=$(cpu_of "$AZURITE_PID")
  line=$(grep "^PROTO job=$job" "$dir/$label.log")
  PJ_NOW=$(field now "$line"); PJ_SECONDS=$(field seconds "$line"); PJ_PROCESSED=$(field processed "$line"); PJ_CHANGED=$(field changed "$line")
  PJ_AZ_CPU=$(calc "%.1f" "$a1 - $a0")
  echo "$label azurite_cpu_s=$PJ_AZ_CPU azurite_rss_mb=$(rss_mb "$AZURITE_PID") load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$dir/measurements.txt"
}

isnum() { [[ "${1:-}" =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }
rate() { if isnum "$1" && isnum "$2"; then calc "%.1f" "$1 / $2"; else echo "-"; fi; }
ratio() { if isnum "$1" && isnum "$2"; then calc "%.3f" "$1 / $2"; else echo "-"; fi; }

for SIZE in $SIZES; do
  DIR="$OUT/$SIZE"
  mkdir -p "$DIR"
  log "=== $SIZE records ==="
  start_silent_azurite "$DIR/azurite-app"; APP_AZ_PID=$AZURITE_PID APP_CS=$AZURITE_CONNECTION_STRING
  start_silent_azurite "$DIR/azurite-raw"; RAW_AZ_PID=$AZURITE_PID RAW_CS=$AZURITE_CONNECTION_STRING
  # shellcheck disable=SC2046
  seeder plan $(dataset_args "$SIZE") | tee "$DIR/plan.log"

  # 1. both copies at once, each into its own Azurite
  s0=$(now)
  # shellcheck disable=SC2046
  seeder seed --storage "$APP_CS" --prefix app $(dataset_args "$SIZE") --parallel "$PARALLEL" >"$DIR/seed-app.log" 2>&1 & SEED_APP_PID=$!
  # shellcheck disable=SC2046
  seeder seed --storage "$RAW_CS" --prefix raw $(dataset_args "$SIZE") --parallel "$PARALLEL" >"$DIR/seed-raw.log" 2>&1 & SEED_RAW_PID=$!
  wait "$SEED_APP_PID" || { tail -5 "$DIR/seed-app.log"; log "seeding the app's copy failed"; exit 1; }
  wait "$SEED_RAW_PID" || { tail -5 "$DIR/seed-raw.log"; log "seeding the raw copy failed"; exit 1; }
  SEED_S=$(calc "%.0f" "$(now) - $s0"); SEED_AZ=$(cpu_of "$APP_AZ_PID"); SEED_RAW_AZ=$(cpu_of "$RAW_AZ_PID")
  tail -n 1 "$DIR/seed-app.log" "$DIR/seed-raw.log"
  echo "seed seconds=$SEED_S (both copies at once) app_azurite_cpu_s=$SEED_AZ app_azurite_rss_mb=$(rss_mb "$APP_AZ_PID") raw_azurite_cpu_s=$SEED_RAW_AZ raw_azurite_rss_mb=$(rss_mb "$RAW_AZ_PID")" | tee -a "$DIR/measurements.txt"
  use_app

  # 2./3. the jobs (the app, then the proposal from where the app stopped)
  E_CHANGED=0 E_READ=0 E_S=- E_AZ=- E_RSS=- E_OUT=- P_RECORDS=0 P_S=- P_AZ=- P_RSS=- P_OUT=- R_S=- R_READ=- R_CHANGED=- R_RSS=- R_OUT=-
  PE_CHANGED=0 PE_READ=0 PE_S=- PE_AZ=- PP_RECORDS=0 PP_S=- PP_AZ=- PR_S=- PR_READ=- PR_CHANGED=-
  E_NOW="" P_NOW="" LAST_EXPIRE=""
  if [ "$APP_LIMIT" != 0 ]; then
    app_job "$DIR" expire ExpireConsents
    E_NOW=$JOB_STARTED E_S=$JOB_SECONDS E_READ=$JOB_PROCESSED E_CHANGED=$JOB_CHANGED E_RSS=$JOB_RSS_MB E_AZ=$JOB_AZ_CPU E_OUT=$JOB_OUTCOME
  fi
  if [ "$PROTO" = 1 ]; then
    proto_job "$DIR" proto-expire ExpireConsents
    E_NOW=$PJ_NOW PE_S=$PJ_SECONDS PE_READ=$PJ_PROCESSED PE_CHANGED=$PJ_CHANGED PE_AZ=$PJ_AZ_CPU
  fi
  if [ "$APP_LIMIT" != 0 ]; then
    app_job "$DIR" purge PurgeRetention
    P_NOW=$JOB_STARTED P_S=$JOB_SECONDS P_RECORDS=$JOB_PROCESSED P_RSS=$JOB_RSS_MB P_AZ=$JOB_AZ_CPU P_OUT=$JOB_OUTCOME
  fi
  if [ "$PROTO" = 1 ]; then
    proto_job "$DIR" proto-purge PurgeRetention
    P_NOW=$PJ_NOW PP_S=$PJ_SECONDS PP_RECORDS=$PJ_PROCESSED PP_AZ=$PJ_AZ_CPU
  fi
  if [ "$APP_LIMIT" != 0 ] && [ "$WINDOWED" = 0 ]; then
    app_job "$DIR" repeat ExpireConsents
    LAST_EXPIRE=$JOB_STARTED R_S=$JOB_SECONDS R_READ=$JOB_PROCESSED R_CHANGED=$JOB_CHANGED R_RSS=$JOB_RSS_MB R_OUT=$JOB_OUTCOME
  fi
  if [ "$PROTO" = 1 ]; then
    proto_job "$DIR" proto-repeat ExpireConsents
    LAST_EXPIRE=$PJ_NOW PR_S=$PJ_SECONDS PR_READ=$PJ_PROCESSED PR_CHANGED=$PJ_CHANGED
  fi
  if [ "$WINDOWED" = 0 ]; then
    # shellcheck disable=SC2046
    seeder verify --storage "$AZURITE_CONNECTION_STRING" --prefix app $(dataset_args "$SIZE") --expire-now "$LAST_EXPIRE" --purge-now "$P_NOW" | tee "$DIR/verify.log"
  else
    echo "VERIFY skipped: the runs were stopped after $APP_LIMIT s each, so work is left undone by design" | tee "$DIR/verify.log"
  fi
  APP_AZ_PEAK=$(hwm_mb "$APP_AZ_PID")

  # 4. the raw baseline on its copy of the same data: what the expiry runs changed by the last first-pass clock
  # (the app's, or the proposal's that finished it), and what the purge runs deleted by theirs; windowed: as long as
  # the app's runs were given.
  use_raw
  RAW_ARGS_E=(--expect-expired $((E_CHANGED + PE_CHANGED))) RAW_ARGS_P=(--expect-purged $((P_RECORDS + PP_RECORDS)))
  [ "$WINDOWED" = 1 ] && RAW_ARGS_E=(--limit-seconds "$APP_LIMIT") RAW_ARGS_P=(--limit-seconds "$APP_LIMIT")
  # What one partition query (the app's unit of reading) costs Azurite at this table size, one at a time.
  # shellcheck disable=SC2046
  seeder probe --storage "$AZURITE_CONNECTION_STRING" --prefix raw $(dataset_args "$SIZE") --azurite-pid "$AZURITE_PID" | tee "$DIR/probe.log"
  raw_phase "$DIR" expire "$E_NOW" "$P_NOW" "${RAW_ARGS_E[@]}"
  RE_S=$RAW_SECONDS RE_AZ=$RAW_AZ_CPU RE_N=$RAW_RECORDS
  raw_phase "$DIR" purge "$E_NOW" "$P_NOW" "${RAW_ARGS_P[@]}"
  RP_S=$RAW_SECONDS RP_AZ=$RAW_AZ_CPU RP_N=$RAW_RECORDS
  RAW_AZ_PEAK=$(hwm_mb "$RAW_AZ_PID")
  stop_both

  # 5. rates and ratios (records per second of the run's own duration; records per Azurite CPU second)
  E_APP=$(rate "$E_CHANGED" "$E_S"); PE_RATE=$(rate "$PE_CHANGED" "$PE_S"); E_RAW=$(rate "$RE_N" "$RE_S")
  P_APP=$(rate "$P_RECORDS" "$P_S"); PP_RATE=$(rate "$PP_RECORDS" "$PP_S"); P_RAW=$(rate "$RP_N" "$RP_S")
  E_APP_CPU=$(rate "$E_CHANGED" "$E_AZ"); PE_CPU=$(rate "$PE_CHANGED" "$PE_AZ"); E_RAW_CPU=$(rate "$RE_N" "$RE_AZ")
  P_APP_CPU=$(rate "$P_RECORDS" "$P_AZ"); PP_CPU=$(rate "$PP_RECORDS" "$PP_AZ"); P_RAW_CPU=$(rate "$RP_N" "$RP_AZ")
  {
    echo "## $SIZE records ($SITES sites, $DAYS days)"
    echo
    echo "- seed (both copies at once, one Azurite each): $SEED_S s; app copy: Azurite CPU $SEED_AZ s, $(grep '^SEED' "$DIR/seed-app.log"); raw copy: Azurite CPU $SEED_RAW_AZ s, $(grep '^SEED' "$DIR/seed-raw.log")"
    [ "$WINDOWED" = 1 ] && echo "- windowed: every app run (SIGINT) and raw phase stopped after $APP_LIMIT s; rates are what each committed meanwhile"
    echo "- plan: $(grep '^PLAN' "$DIR/plan.log")"
    echo "- $(grep '^REQUESTS' "$DIR/raw-purge.log")"
    echo
    echo "| step | records changed / read | run s | records/s | vs raw | records per Azurite CPU s | vs raw | peak RSS MB | outcome |"
    echo "|---|---|---|---|---|---|---|---|---|"
    echo "| expire: app | $E_CHANGED / $E_READ | $E_S | $E_APP | $(ratio "$E_APP" "$E_RAW") | $E_APP_CPU | $(ratio "$E_APP_CPU" "$E_RAW_CPU") | $E_RSS | $E_OUT |"
    echo "| expire: proposal | $PE_CHANGED / $PE_READ | $PE_S | $PE_RATE | $(ratio "$PE_RATE" "$E_RAW") | $PE_CPU | $(ratio "$PE_CPU" "$E_RAW_CPU") | | |"
    echo "| expire: raw | $RE_N | $RE_S | $E_RAW | 1 | $E_RAW_CPU | 1 | | |"
    echo "| purge: app | $P_RECORDS | $P_S | $P_APP | $(ratio "$P_APP" "$P_RAW") | $P_APP_CPU | $(ratio "$P_APP_CPU" "$P_RAW_CPU") | $P_RSS | $P_OUT |"
    echo "| purge: proposal | $PP_RECORDS | $PP_S | $PP_RATE | $(ratio "$PP_RATE" "$P_RAW") | $PP_CPU | $(ratio "$PP_CPU" "$P_RAW_CPU") | | |"
    echo "| purge: raw | $RP_N (+ as many index rows) | $RP_S | $P_RAW | 1 | $P_RAW_CPU | 1 | | |"
    echo "| repeat expire: app | $R_CHANGED / $R_READ | $R_S | | | | | $R_RSS | $R_OUT |"
    echo "| repeat expire: proposal | $PR_CHANGED / $PR_READ | $PR_S | | | | | | |"
    echo
    echo "Azurite peak RSS: app copy $APP_AZ_PEAK MB, raw copy $RAW_AZ_PEAK MB. $(grep '^VERIFY' "$DIR/verify.log")"
    echo
    echo "$(grep '^PROBE' "$DIR/probe.log")"
    echo
  } | tee -a "$OUT/summary.md"
done

echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Per-step details: $OUT/<size>/measurements.txt and the logs beside it." >>"$OUT/summary.md"
cat "$OUT/summary.md"
