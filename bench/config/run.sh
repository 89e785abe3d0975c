#!/usr/bin/env bash
# Benchmark of GET /v1/sites/{siteKey}/config.json (issue 2), against a static-file ceiling measured in the same run.
#
#   bash bench/config/run.sh
#
# Builds the app and bench/StaticBaseline in Release, starts Azurite (in memory, free ports) and the app with the
# demo seed, takes the published demo site's config.json from the app (identity, gzip and br bodies, their ETags and
# the other response headers), starts the static baseline serving exactly those bytes and headers, checks that both
# answer byte for byte alike, warms both up, then runs wrk against app and baseline alternately, path by path and
# round by round. Prints a summary (median req/s, p99 and server CPU time per request, per server and path; ratio
# app/baseline; goal check) and keeps wrk's raw outputs under $BENCH_OUT. Loopback only; everything it starts is stopped on exit.
#
# Paths measured (BENCH_PATHS, space-separated, in this order):
#   200-br        Accept-Encoding: gzip, br (as a browser sends): the Brotli body
#   200-identity  no Accept-Encoding: the uncompressed body
#   304           Accept-Encoding: gzip, br + If-None-Match: <the br ETag> (a browser revalidating), via wrk.lua
#
# Settings (environment):
#   BENCH_DURATION=15s  BENCH_ROUNDS=3  BENCH_CONNECTIONS=64  BENCH_THREADS=2
#   BENCH_WARMUP=10s per server and path (the app keeps JIT-compiling for 10-20 s under load, and its first cache
#     revalidation, 10 s after the first request, brings the storage code's JIT in: warm-up must cover both)
#   BENCH_OUT=/tmp/consentcloud-bench/config-<time>   BENCH_NO_BUILD=1 skips the builds
#   BENCH_APP_DLL: another build of the app to measure (an experiment); the build step still builds the repo's
#   BENCH_SERVER_CPUS / BENCH_WRK_CPUS: taskset CPU lists to pin the servers / wrk (default: unpinned, as on CI)
# Goal (issue 2): app >= 0.8 x baseline req/s and app p99 <= 10 ms, on each path. The exit code is 0 whether or not
# the goal is met (it is a measurement); it is non-zero only when the run itself failed.
source "$(dirname "${BASH_SOURCE[0]}")/../../.ci/lib.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-10s}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PATHS="${BENCH_PATHS:-200-br 200-identity 304}"
OUT="${BENCH_OUT:-/tmp/consentcloud-bench/config-$(date +%Y%m%d-%H%M%S)}"
SERVER_CPUS="${BENCH_SERVER_CPUS:-}"
WRK_CPUS="${BENCH_WRK_CPUS:-}"
SITE=demositebageriethansen2222
ROUTE="/v1/sites/$SITE/config.json"
GOAL_RATIO=0.8
GOAL_P99_MS=10
LUA="$REPO_ROOT/bench/config/wrk.lua"
APP_DLL="${BENCH_APP_DLL:-$REPO_ROOT/src/ConsentCloud.Web/bin/Release/net10.0/ConsentCloud.Web.dll}"
BASE_DLL="$REPO_ROOT/bench/StaticBaseline/bin/Release/net10.0/StaticBaseline.dll"

mkdir -p "$OUT/raw" "$OUT/files"
APP_PID=""
BASE_PID=""
cleanup() {
  local pid
  for pid in "$APP_PID" "$BASE_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local port
    while :; do
      port=$((20000 + RANDOM % 20000))
      ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
    done
  fi
}

# Command prefixes that pin to BENCH_SERVER_CPUS / BENCH_WRK_CPUS (taskset execs its command: $! stays the server's pid).
PIN_SERVER=(); [ -z "$SERVER_CPUS" ] || PIN_SERVER=(taskset -c "$SERVER_CPUS")
PIN_WRK=(); [ -z "$WRK_CPUS" ] || PIN_WRK=(taskset -c "$WRK_CPUS")

wait_for() { # wait_for <url> <pid> <log> <what>
  local _
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    if ! kill -0 "$2" 2>/dev/null; then tail -n 50 "$3" >&2; log "$4 exited before answering $1"; return 1; fi
    sleep 0.25
  done
  tail -n 50 "$3" >&2; log "$4 did not answer $1 within 60 s"; return 1
}

# ---------------------------------------------------------------------------------------------------------------
ensure_node_tools
ensure_apt wrk:wrk curl:curl
build() { # build <project folder>: Release; on failure show the errors and stop
  local logfile="$OUT/build-$(basename "$1").log"
  if ! dotnet build "$1" -c Release --nologo -v q >"$logfile" 2>&1; then
    grep -E ' error ' "$logfile" | sort -u | head -n 20 >&2
    log "Building $1 failed (full log: $logfile)"
    exit 1
  fi
}
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  log "Building the app and the static baseline (Release)"
  build src/ConsentCloud.Web
  build bench/StaticBaseline
fi
[ -f "$APP_DLL" ] || { log "Missing $APP_DLL (build failed?)"; exit 1; }
[ -f "$BASE_DLL" ] || { log "Missing $BASE_DLL (build failed?)"; exit 1; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort | uniq -c | awk '{n = $1; $1 = ""; print substr($0, 2) " x" n}')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "kernel: $(uname -r)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "dotnet sdk: $(dotnet --version)"
  echo "aspnetcore runtime: $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}')"
  echo "wrk: $(wrk --version 2>&1 | head -n 1 | awk '{print $1, $2}')"
  echo "settings: -t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP, $ROUNDS round(s), paths: $PATHS"
  echo "app: $APP_DLL"
  echo "pinning: servers ${SERVER_CPUS:-unpinned}, wrk ${WRK_CPUS:-unpinned}"
} > "$OUT/machine.txt"

start_azurite "$OUT/azurite"

APP_PORT="$(free_port)"
log "Starting the app on 127.0.0.1:$APP_PORT"
ASPNETCORE_ENVIRONMENT=Development Demo__Seed=true Storage__ConnectionString="$AZURITE_CONNECTION_STRING" \
  ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" Logging__LogLevel__Default=Warning \
  "${PIN_SERVER[@]}" dotnet "$APP_DLL" --contentRoot "$(dirname "$APP_DLL")" >"$OUT/app.log" 2>&1 &
APP_PID=$!
wait_for "http://127.0.0.1:$APP_PORT/" "$APP_PID" "$OUT/app.log" "The app"
# The seed publishes the demo site; the first request for it loads it from storage into the cache.
wait_for "http://127.0.0.1:$APP_PORT$ROUTE" "$APP_PID" "$OUT/app.log" "The app"

# The app's bytes and headers, per encoding, become the baseline's file.
files="$OUT/files"
fetch() { # fetch <base url> <prefix> : identity, gzip, br and a 304 revalidation, headers and bodies
  local url="$1$ROUTE" p="$2"
  rm -f "$p".*.h "$p".*.b; touch "$p.identity.b" "$p.gzip.b" "$p.br.b" "$p.304.b" # curl writes no file for an empty body
  curl -sS -D "$p.identity.h" -o "$p.identity.b" "$url"
  curl -sS -D "$p.gzip.h" -o "$p.gzip.b" -H 'Accept-Encoding: gzip' "$url"
  curl -sS -D "$p.br.h" -o "$p.br.b" -H 'Accept-Encoding: gzip, br' "$url"
  if [ -n "${3:-}" ]; then
    curl -sS -D "$p.304.h" -o "$p.304.b" -H 'Accept-Encoding: gzip, br' -H "If-None-Match: $3" "$url"
  fi
}
etag_of() { tr -d '\r' < "$1" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p'; }
status_of() { head -n 1 "$1" | awk '{print $2}'; }

fetch "http://127.0.0.1:$APP_PORT" "$files/app"
for v in identity gzip br; do
  [ "$(status_of "$files/app.$v.h")" = 200 ] || { cat "$files/app.$v.h" >&2; log "The app did not answer 200 ($v)"; exit 1; }
done
mkdir -p "$files/baseline-dir"
cp "$files/app.identity.b" "$files/baseline-dir/body"
cp "$files/app.gzip.b" "$files/baseline-dir/body.gz"
cp "$files/app.br.b" "$files/baseline-dir/body.br"
etag_of "$files/app.identity.h" > "$files/baseline-dir/etag"
etag_of "$files/app.gzip.h" > "$files/baseline-dir/etag.gz"
etag_of "$files/app.br.h" > "$files/baseline-dir/etag.br"
# The headers every response carries: all but the status line and those that differ per request or variant.
tr -d '\r' < "$files/app.identity.h" | sed '1d;/^$/d' \
  | grep -viE '^(date|content-length|etag|content-encoding|transfer-encoding|server):' > "$files/baseline-dir/headers"
ETAG_BR="$(cat "$files/baseline-dir/etag.br")"
gzip -dc "$files/app.gzip.b" | cmp -s - "$files/app.identity.b" || log "WARNING: the app's gzip body does not decompress to its identity body"

BASE_PORT="$(free_port)"
log "Starting the static baseline on 127.0.0.1:$BASE_PORT"
"${PIN_SERVER[@]}" dotnet "$BASE_DLL" --dir "$files/baseline-dir" --urls "http://127.0.0.1:$BASE_PORT" >"$OUT/baseline.log" 2>&1 &
BASE_PID=$!
wait_for "http://127.0.0.1:$BASE_PORT$ROUTE" "$BASE_PID" "$OUT/baseline.log" "The baseline"

# Same bytes on the wire: headers (but Date) and bodies of every variant and of the 304 must be identical.
fetch "http://127.0.0.1:$APP_PORT" "$files/app" "$ETAG_BR"
fetch "http://127.0.0.1:$BASE_PORT" "$files/baseline" "$ETAG_BR"
[ "$(status_of "$files/app.304.h")" = 304 ] || log "WARNING: the app answered $(status_of "$files/app.304.h") to If-None-Match: $ETAG_BR"
same=yes
for v in identity gzip br 304; do
  if ! diff <(tr -d '\r' < "$files/app.$v.h" | grep -vi '^date:') <(tr -d '\r' < "$files/baseline.$v.h" | grep -vi '^date:') \
       > "$files/diff.$v.txt" || ! cmp -s "$files/app.$v.b" "$files/baseline.$v.b"; then
    same=no; log "WARNING: app and baseline differ on $v (see $files/diff.$v.txt)"
  fi
done
{
  echo "identical responses (but Date): $same"
  for v in identity gzip br 304; do
    echo "$v: $(wc -c < "$files/app.$v.h") header bytes + $(wc -c < "$files/app.$v.b") body bytes, ETag $(etag_of "$files/app.$v.h")"
  done
} >> "$OUT/machine.txt"
log "Responses identical but Date: $same"

# ---------------------------------------------------------------------------------------------------------------
# CPU time, in clock ticks, of a server (all its threads) and of this shell's finished children (wrk).
TICKS_PER_S="$(getconf CLK_TCK)"
server_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
children_ms() { # sets CHILD_MS. `times` runs in this shell: in a $(subshell) it would report that subshell's children
  times > "$OUT/.times"
  CHILD_MS=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } printf "%d\n", t * 1000 }' "$OUT/.times")
}

run_wrk() { # run_wrk <server> <path> <duration> <output file>
  local port url pid
  if [ "$1" = app ]; then port=$APP_PORT; pid=$APP_PID; else port=$BASE_PORT; pid=$BASE_PID; fi
  url="http://127.0.0.1:$port$ROUTE"
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency -s "$LUA")
  local inm=""
  case "$2" in
    200-br) args+=(-H 'Accept-Encoding: gzip, br') ;;
    200-identity) ;;
    304) args+=(-H 'Accept-Encoding: gzip, br'); inm="$ETAG_BR" ;;
    *) log "Unknown path $2"; exit 1 ;;
  esac
  echo "# wrk ${args[*]} $url  (BENCH_IF_NONE_MATCH=${inm:-none})" > "$4"
  local s0 w0 s1 w1
  s0=$(server_ticks "$pid"); children_ms; w0=$CHILD_MS
  BENCH_IF_NONE_MATCH="$inm" "${PIN_WRK[@]}" wrk "${args[@]}" "$url" >> "$4" 2>&1
  s1=$(server_ticks "$pid"); children_ms; w1=$CHILD_MS
  # CPU used while wrk ran: the server's (user + system) and wrk's own, both in ms.
  echo "CPU server_ms=$(( (s1 - s0) * 1000 / TICKS_PER_S )) wrk_ms=$(( w1 - w0 ))" >> "$4"
}

# Requests/sec and the 99% line of wrk's latency distribution (in ms), plus the exact counts from wrk.lua.
parse() { # parse <file> -> "rps p99_ms bytes_per_response requests errors server_cpu_us_per_request wrk_cpu_us_per_request"
  awk '
    /^Requests\/sec:/ { rps = $2 }
    /^ +99% / { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                p99 = (u == "us") ? v / 1000 : (u == "ms") ? v : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : -1 }
    /^(BENCH|CPU) / { for (i = 2; i <= NF; i++) { split($i, kv, "="); b[kv[1]] = kv[2] } }
    END {
      n = b["requests"]
      err = b["err_connect"] + b["err_read"] + b["err_write"] + b["err_status"] + b["err_timeout"]
      printf "%.2f %.3f %.1f %d %d %.1f %.1f\n", rps, p99, (n > 0 ? b["bytes"] / n : 0), n, err,
        (n > 0 ? b["server_ms"] * 1000 / n : 0), (n > 0 ? b["wrk_ms"] * 1000 / n : 0)
    }' "$1"
}

log "Warming up each server on each path ($WARMUP each)"
for path in $PATHS; do
  for server in app baseline; do
    run_wrk "$server" "$path" "$WARMUP" "$OUT/raw/warmup-$path-$server.txt"
  done
done

RUNS="$OUT/runs.tsv"
printf 'path\tserver\tround\trps\tp99_ms\tbytes_per_response\trequests\terrors\tserver_cpu_us_per_req\twrk_cpu_us_per_req\n' > "$RUNS"
total=$(( ROUNDS * $(wc -w <<< "$PATHS") * 2 ))
n=0
for round in $(seq 1 "$ROUNDS"); do
  for path in $PATHS; do
    for server in app baseline; do
      n=$((n + 1))
      file="$OUT/raw/$path-$server-r$round.txt"
      run_wrk "$server" "$path" "$DURATION" "$file"
      read -r rps p99 bpr reqs errs scpu wcpu <<< "$(parse "$file")"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$path" "$server" "$round" "$rps" "$p99" "$bpr" "$reqs" "$errs" "$scpu" "$wcpu" >> "$RUNS"
      log "[$n/$total] round $round  $path  $server: $rps req/s, p99 $p99 ms, $bpr B/response, $errs errors, CPU/request: server $scpu us, wrk $wcpu us"
    done
  done
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both servers' numbers)" >> "$OUT/machine.txt"

# ---------------------------------------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v p="$1" -v s="$2" -v c="$3" 'NR > 1 && $1 == p && $2 == s { print $c }' "$RUNS"; }

# Ratio of each round's adjacent app and baseline runs: its spread shows how steady the machine was.
round_ratios() { # round_ratios <path> -> "min-max" of app/baseline req/s per round
  awk -F'\t' -v p="$1" 'NR > 1 && $1 == p { r[$3, $2] = $4; rounds[$3] = 1 }
    END { lo = ""; for (k in rounds) { if (r[k, "baseline"] > 0) { x = r[k, "app"] / r[k, "baseline"]
            if (lo == "" || x < lo) lo = x; if (hi == "" || x > hi) hi = x } }
          if (lo == "") print "-"; else printf "%.2f-%.2f\n", lo, hi }' "$RUNS"
}

SUMMARY="$OUT/summary.txt"
{
  echo "GET $ROUTE  wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS round(s), medians over rounds"
  echo "machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), $(wrk --version 2>&1 | head -n 1 | awk '{print $1, $2}'), wrk and servers share the cores"
  echo "load average: $(sed -n 's/^load average before: //p' "$OUT/machine.txt") before, $(sed -n 's/^load average after: \([0-9. ]*\).*/\1/p' "$OUT/machine.txt")after"
  echo
  printf '%-13s %10s %10s %6s %10s %9s %9s %10s %10s %7s %6s  %s\n' path "app req/s" "base req/s" ratio "per round" "app p99" "base p99" "app CPU/r" "base CPU/r" "B/resp" errors goal
  for path in $PATHS; do
    a_rps=$(col "$path" app 4 | median); b_rps=$(col "$path" baseline 4 | median)
    a_p99=$(col "$path" app 5 | median); b_p99=$(col "$path" baseline 5 | median)
    a_cpu=$(col "$path" app 9 | median); b_cpu=$(col "$path" baseline 9 | median)
    a_bpr=$(col "$path" app 6 | median)
    errs=$( (col "$path" app 8; col "$path" baseline 8) | awk '{ s += $1 } END { print s + 0 }')
    ratio=$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    goal=$(awk -v r="$ratio" -v p="$a_p99" -v gr="$GOAL_RATIO" -v gp="$GOAL_P99_MS" 'BEGIN {
      m = ""; if (r < gr) m = m "ratio<" gr " "; if (p > gp) m = m "p99>" gp "ms"; print (m == "" ? "met" : "NOT met: " m) }')
    printf '%-13s %10.0f %10.0f %6s %10s %7.2fms %7.2fms %8.1fus %8.1fus %7.0f %6s  %s\n' "$path" "$a_rps" "$b_rps" "$ratio" "$(round_ratios "$path")" \
      "$a_p99" "$b_p99" "$a_cpu" "$b_cpu" "$a_bpr" "$errs" "$goal"
  done
  echo
  echo "ratio: app/baseline of the median req/s; per round: the range of app/baseline in each round's adjacent runs."
  echo "CPU/r: the server's CPU time (user + system, all threads) per request while wrk ran; wrk's own is in $RUNS."
  echo "goal (issue 2): app >= $GOAL_RATIO x baseline req/s and app p99 <= $GOAL_P99_MS ms on each path"
  echo "per run: $RUNS   raw wrk outputs: $OUT/raw   machine and response sizes: $OUT/machine.txt"
} | tee "$SUMMARY"
