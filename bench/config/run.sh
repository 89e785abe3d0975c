#!/usr/bin/env bash
# Benchmark of GET /v1/sites/{siteKey}/config.json and banner.js (issues 2 and 20), against a static-file ceiling
# measured in the same run.
#
#   bash bench/config/run.sh
#
# Builds the app, bench/StaticBaseline and bench/OpenLoad in Release, starts Azurite (in memory, free ports) and the
# app with the demo seed, takes the published demo site's files from the app (identity, gzip and br bodies, their
# ETags and the other response headers), starts the static baseline serving exactly those bytes and headers, checks
# that both answer byte for byte alike, warms both up, then:
#   1. closed loop (saturation): wrk against app and baseline alternately, file by file, path by path, round by round;
#   2. open loop (issue 20): bench/OpenLoad offers a fixed rate, BENCH_OPEN_FRACTIONS of the app's median closed-loop
#      req/s on that file and path, to app and baseline alike, and records the latency from each request's intended
#      send time (no coordinated omission): p50, p99, p99.9, max.
# Prints a summary of each (median req/s, p99 and server CPU time per request, per server and path; ratio
# app/baseline; goal checks) and keeps the raw outputs under $BENCH_OUT. Loopback only; everything it starts is
# stopped on exit. With the defaults a run takes about 18 minutes (11 closed loop with warm-ups, 6 open loop).
#
# Files measured (BENCH_FILES, space-separated): config.json banner.js (the embed: the banner code with the
# configuration inside). Paths measured per file (BENCH_PATHS, space-separated, in this order):
#   200-br        Accept-Encoding: gzip, br (as a browser sends): the Brotli body
#   200-identity  no Accept-Encoding: the uncompressed body
#   304           Accept-Encoding: gzip, br + If-None-Match: <the br ETag> (a browser revalidating), via wrk.lua
#
# Settings (environment):
#   BENCH_FILES="config.json banner.js"  BENCH_PATHS="200-br 200-identity 304"
#   BENCH_DURATION=15s  BENCH_ROUNDS=3  BENCH_CONNECTIONS=64  BENCH_THREADS=2
#   BENCH_WARMUP=10s per server and path (the app keeps JIT-compiling for 10-20 s under load, and its first cache
#     revalidation, 10 s after the first request, brings the storage code's JIT in: warm-up must cover both)
#   BENCH_OUT=/tmp/consentcloud-bench/config-<time>   BENCH_NO_BUILD=1 skips the builds
#   BENCH_APP_DLL: another build of the app to measure (an experiment); the build step still builds the repo's
#   BENCH_SERVER_CPUS / BENCH_WRK_CPUS: taskset CPU lists to pin the servers / wrk and OpenLoad (default: unpinned, as on CI)
# Open loop (after all closed-loop rounds; BENCH_OPEN_FRACTIONS="" or 0 skips it):
#   BENCH_OPEN_FRACTIONS="0.5 0.8"  fractions of the app's saturation (median closed-loop req/s, per file and path)
#   BENCH_OPEN_DURATION=15s per run, of which the first BENCH_OPEN_WARMUP=2s are sent but not recorded
#   BENCH_OPEN_CONNECTIONS=$BENCH_CONNECTIONS  BENCH_OPEN_ROUNDS=1 (app and baseline alternately, each round);
#   OpenLoad runs BENCH_THREADS event-loop threads, as wrk does
# Goals: issue 2: app >= 0.8 x baseline req/s and app p99 <= 10 ms (closed loop), on each path; issue 20: app p99
# <= 5 ms at 0.5 of saturation (open loop), on each path. The exit code is 0 whether or not a goal is met (it is a
# measurement); it is non-zero only when the run itself failed.
source "$(dirname "${BASH_SOURCE[0]}")/../../.ci/lib.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-10s}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PATHS="${BENCH_PATHS:-200-br 200-identity 304}"
FILES="${BENCH_FILES:-config.json banner.js}"
OPEN_FRACTIONS="${BENCH_OPEN_FRACTIONS-0.5 0.8}"
[ "$OPEN_FRACTIONS" != 0 ] || OPEN_FRACTIONS=""
OPEN_DURATION="${BENCH_OPEN_DURATION:-15s}"
OPEN_WARMUP="${BENCH_OPEN_WARMUP:-2s}"
OPEN_CONNECTIONS="${BENCH_OPEN_CONNECTIONS:-$CONNECTIONS}"
OPEN_ROUNDS="${BENCH_OPEN_ROUNDS:-1}"
OUT="${BENCH_OUT:-/tmp/consentcloud-bench/config-$(date +%Y%m%d-%H%M%S)}"
SERVER_CPUS="${BENCH_SERVER_CPUS:-}"
WRK_CPUS="${BENCH_WRK_CPUS:-}"
SITE=demositebageriethansen2222
ROUTES="/v1/sites/$SITE/"   # + the file name
GOAL_RATIO=0.8
GOAL_P99_MS=10
GOAL_OPEN_FRACTION=0.5
GOAL_OPEN_P99_MS=5
LUA="$REPO_ROOT/bench/config/wrk.lua"
APP_DLL="${BENCH_APP_DLL:-$REPO_ROOT/src/ConsentCloud.Web/bin/Release/net10.0/ConsentCloud.Web.dll}"
BASE_DLL="$REPO_ROOT/bench/StaticBaseline/bin/Release/net10.0/StaticBaseline.dll"
LOAD_DLL="$REPO_ROOT/bench/OpenLoad/bin/Release/net10.0/OpenLoad.dll"

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
  log "Building the app, the static baseline and the open-loop generator (Release)"
  build src/ConsentCloud.Web
  build bench/StaticBaseline
  [ -z "$OPEN_FRACTIONS" ] || build bench/OpenLoad
fi
[ -f "$APP_DLL" ] || { log "Missing $APP_DLL (build failed?)"; exit 1; }
[ -f "$BASE_DLL" ] || { log "Missing $BASE_DLL (build failed?)"; exit 1; }
[ -z "$OPEN_FRACTIONS" ] || [ -f "$LOAD_DLL" ] || { log "Missing $LOAD_DLL (build failed?)"; exit 1; }

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
  echo "settings: -t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP, $ROUNDS round(s), files: $FILES, paths: $PATHS"
  echo "open loop: fractions ${OPEN_FRACTIONS:-none}, $OPEN_CONNECTIONS connections, $OPEN_DURATION per run (first $OPEN_WARMUP not recorded), $OPEN_ROUNDS round(s)"
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
# The seed publishes the demo site; the first request for each file loads it from storage into the cache.
for f in $FILES; do
  wait_for "http://127.0.0.1:$APP_PORT$ROUTES$f" "$APP_PID" "$OUT/app.log" "The app"
done

# The app's bytes and headers, per file and encoding, become the baseline's files.
files="$OUT/files"
fetch() { # fetch <base url> <file> <prefix> [etag]: identity, gzip, br and a 304 revalidation, headers and bodies
  local url="$1$ROUTES$2" p="$3" etag="${4:-}"
  rm -f "$p".*.h "$p".*.b; touch "$p.identity.b" "$p.gzip.b" "$p.br.b" "$p.304.b" # curl writes no file for an empty body
  curl -sS -D "$p.identity.h" -o "$p.identity.b" "$url"
  curl -sS -D "$p.gzip.h" -o "$p.gzip.b" -H 'Accept-Encoding: gzip' "$url"
  curl -sS -D "$p.br.h" -o "$p.br.b" -H 'Accept-Encoding: gzip, br' "$url"
  if [ -n "$etag" ]; then
    curl -sS -D "$p.304.h" -o "$p.304.b" -H 'Accept-Encoding: gzip, br' -H "If-None-Match: $etag" "$url"
  fi
}
etag_of() { tr -d '\r' < "$1" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p'; }
status_of() { head -n 1 "$1" | awk '{print $2}'; }

declare -A ETAG_BR=()
for f in $FILES; do
  fetch "http://127.0.0.1:$APP_PORT" "$f" "$files/app-$f"
  for v in identity gzip br; do
    [ "$(status_of "$files/app-$f.$v.h")" = 200 ] || { cat "$files/app-$f.$v.h" >&2; log "The app did not answer 200 ($f, $v)"; exit 1; }
  done
  dir="$files/baseline-dir/$f"
  mkdir -p "$dir"
  cp "$files/app-$f.identity.b" "$dir/body"
  cp "$files/app-$f.gzip.b" "$dir/body.gz"
  cp "$files/app-$f.br.b" "$dir/body.br"
  etag_of "$files/app-$f.identity.h" > "$dir/etag"
  etag_of "$files/app-$f.gzip.h" > "$dir/etag.gz"
  etag_of "$files/app-$f.br.h" > "$dir/etag.br"
  # The headers every response carries: all but the status line and those that differ per request or variant.
  tr -d '\r' < "$files/app-$f.identity.h" | sed '1d;/^$/d' \
    | grep -viE '^(date|content-length|etag|content-encoding|transfer-encoding|server):' > "$dir/headers"
  ETAG_BR[$f]="$(cat "$dir/etag.br")"
  gzip -dc "$files/app-$f.gzip.b" | cmp -s - "$files/app-$f.identity.b" || log "WARNING: the app's gzip body of $f does not decompress to its identity body"
done

BASE_PORT="$(free_port)"
log "Starting the static baseline on 127.0.0.1:$BASE_PORT"
"${PIN_SERVER[@]}" dotnet "$BASE_DLL" --dir "$files/baseline-dir" --urls "http://127.0.0.1:$BASE_PORT" >"$OUT/baseline.log" 2>&1 &
BASE_PID=$!
wait_for "http://127.0.0.1:$BASE_PORT$ROUTES${FILES%% *}" "$BASE_PID" "$OUT/baseline.log" "The baseline"

# Same bytes on the wire: headers (but Date) and bodies of every file, variant and 304 must be identical.
same=yes
for f in $FILES; do
  fetch "http://127.0.0.1:$APP_PORT" "$f" "$files/app-$f" "${ETAG_BR[$f]}"
  fetch "http://127.0.0.1:$BASE_PORT" "$f" "$files/baseline-$f" "${ETAG_BR[$f]}"
  [ "$(status_of "$files/app-$f.304.h")" = 304 ] || log "WARNING: the app answered $(status_of "$files/app-$f.304.h") to If-None-Match: ${ETAG_BR[$f]} ($f)"
  for v in identity gzip br 304; do
    if ! diff <(tr -d '\r' < "$files/app-$f.$v.h" | grep -vi '^date:') <(tr -d '\r' < "$files/baseline-$f.$v.h" | grep -vi '^date:') \
         > "$files/diff-$f.$v.txt" || ! cmp -s "$files/app-$f.$v.b" "$files/baseline-$f.$v.b"; then
      same=no; log "WARNING: app and baseline differ on $f $v (see $files/diff-$f.$v.txt)"
    fi
  done
done
{
  echo "identical responses (but Date): $same"
  for f in $FILES; do
    for v in identity gzip br 304; do
      echo "$f $v: $(wc -c < "$files/app-$f.$v.h") header bytes + $(wc -c < "$files/app-$f.$v.b") body bytes, ETag $(etag_of "$files/app-$f.$v.h")"
    done
  done
} >> "$OUT/machine.txt"
log "Responses identical but Date: $same"

# ---------------------------------------------------------------------------------------------------------------
# CPU time, in clock ticks, of a server (all its threads) and of this shell's finished children (wrk, OpenLoad).
TICKS_PER_S="$(getconf CLK_TCK)"
server_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
children_ms() { # sets CHILD_MS. `times` runs in this shell: in a $(subshell) it would report that subshell's children
  times > "$OUT/.times"
  CHILD_MS=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } printf "%d\n", t * 1000 }' "$OUT/.times")
}

server_of() { # server_of <app|baseline>: sets PORT and PID
  if [ "$1" = app ]; then PORT=$APP_PORT; PID=$APP_PID; else PORT=$BASE_PORT; PID=$BASE_PID; fi
}
# The request headers of a path: Accept-Encoding (and If-None-Match, for 304) as a browser sends them.
headers_of() { # headers_of <file> <path>: sets ACCEPT (empty or the Accept-Encoding value) and INM (empty or an ETag)
  ACCEPT=""; INM=""
  case "$2" in
    200-br) ACCEPT='gzip, br' ;;
    200-identity) ;;
    304) ACCEPT='gzip, br'; INM="${ETAG_BR[$1]}" ;;
    *) log "Unknown path $2"; exit 1 ;;
  esac
}

run_wrk() { # run_wrk <server> <file> <path> <duration> <output file>
  server_of "$1"; headers_of "$2" "$3"
  local url="http://127.0.0.1:$PORT$ROUTES$2"
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -s "$LUA")
  [ -z "$ACCEPT" ] || args+=(-H "Accept-Encoding: $ACCEPT")
  echo "# wrk ${args[*]} $url  (BENCH_IF_NONE_MATCH=${INM:-none})" > "$5"
  local s0 w0 s1 w1
  s0=$(server_ticks "$PID"); children_ms; w0=$CHILD_MS
  BENCH_IF_NONE_MATCH="$INM" "${PIN_WRK[@]}" wrk "${args[@]}" "$url" >> "$5" 2>&1
  s1=$(server_ticks "$PID"); children_ms; w1=$CHILD_MS
  # CPU used while wrk ran: the server's (user + system) and wrk's own, both in ms.
  echo "CPU server_ms=$(( (s1 - s0) * 1000 / TICKS_PER_S )) wrk_ms=$(( w1 - w0 ))" >> "$5"
}

run_open() { # run_open <server> <file> <path> <rate> <output file>: bench/OpenLoad at a fixed offered rate
  server_of "$1"; headers_of "$2" "$3"
  local url="http://127.0.0.1:$PORT$ROUTES$2"
  local args=(--url "$url" --rate "$4" --connections "$OPEN_CONNECTIONS" --threads "$THREADS" --duration "$OPEN_DURATION" --warmup "$OPEN_WARMUP"
    --expect "$([ "$3" = 304 ] && echo 304 || echo 200)")
  [ -z "$ACCEPT" ] || args+=(--header "Accept-Encoding: $ACCEPT")
  [ -z "$INM" ] || args+=(--header "If-None-Match: $INM")
  echo "# OpenLoad ${args[*]}" > "$5"
  local s0 w0 s1 w1
  s0=$(server_ticks "$PID"); children_ms; w0=$CHILD_MS
  "${PIN_WRK[@]}" dotnet "$LOAD_DLL" "${args[@]}" >> "$5" 2>&1 || { cat "$5" >&2; log "OpenLoad failed"; exit 1; }
  s1=$(server_ticks "$PID"); children_ms; w1=$CHILD_MS
  echo "CPU server_ms=$(( (s1 - s0) * 1000 / TICKS_PER_S )) wrk_ms=$(( w1 - w0 ))" >> "$5"
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

# OpenLoad's OPENLOAD line and the CPU line, in ms.
parse_open() { # parse_open <file> -> "achieved p50_ms p99_ms p999_ms max_ms errors own_lag_p99_ms server_cpu_us_per_request"
  awk '
    /^(OPENLOAD|CPU) / { for (i = 2; i <= NF; i++) { split($i, kv, "="); b[kv[1]] = kv[2] } }
    END {
      n = b["answered"]
      err = b["err_connect"] + b["err_read"] + b["err_write"] + b["err_status"] + b["err_timeout"] + b["err_unsent"]
      printf "%.1f %.3f %.3f %.3f %.3f %d %.3f %.1f\n", b["achieved"], b["p50_us"] / 1000, b["p99_us"] / 1000, b["p999_us"] / 1000,
        b["max_us"] / 1000, err, b["own_lag_p99_us"] / 1000, (n > 0 ? b["server_ms"] * 1000 / n : 0)
    }' "$1"
}

log "Warming up each server on each file and path ($WARMUP each)"
for f in $FILES; do
  for path in $PATHS; do
    for server in app baseline; do
      run_wrk "$server" "$f" "$path" "$WARMUP" "$OUT/raw/warmup-$f-$path-$server.txt"
    done
  done
done

RUNS="$OUT/runs.tsv"
printf 'file\tpath\tserver\tround\trps\tp99_ms\tbytes_per_response\trequests\terrors\tserver_cpu_us_per_req\twrk_cpu_us_per_req\n' > "$RUNS"
total=$(( ROUNDS * $(wc -w <<< "$FILES") * $(wc -w <<< "$PATHS") * 2 ))
n=0
for round in $(seq 1 "$ROUNDS"); do
  for f in $FILES; do
    for path in $PATHS; do
      for server in app baseline; do
        n=$((n + 1))
        file="$OUT/raw/$f-$path-$server-r$round.txt"
        run_wrk "$server" "$f" "$path" "$DURATION" "$file"
        read -r rps p99 bpr reqs errs scpu wcpu <<< "$(parse "$file")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$path" "$server" "$round" "$rps" "$p99" "$bpr" "$reqs" "$errs" "$scpu" "$wcpu" >> "$RUNS"
        log "[$n/$total] round $round  $f $path  $server: $rps req/s, p99 $p99 ms, $bpr B/response, $errs errors, CPU/request: server $scpu us, wrk $wcpu us"
      done
    done
  done
done

# ---------------------------------------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v f="$1" -v p="$2" -v s="$3" -v c="$4" 'NR > 1 && $1 == f && $2 == p && $3 == s { print $c }' "$RUNS"; }

# Open loop: each file and path at each fraction of the app's saturation there, the same rate to both servers.
OPEN="$OUT/open.tsv"
printf 'file\tpath\tfraction\tserver\tround\toffered\tachieved\tp50_ms\tp99_ms\tp999_ms\tmax_ms\terrors\tgenerator_lag_p99_ms\tserver_cpu_us_per_req\n' > "$OPEN"
if [ -n "$OPEN_FRACTIONS" ]; then
  total=$(( OPEN_ROUNDS * $(wc -w <<< "$FILES") * $(wc -w <<< "$PATHS") * $(wc -w <<< "$OPEN_FRACTIONS") * 2 ))
  n=0
  log "Open loop: $OPEN_FRACTIONS of the app's median closed-loop req/s, $OPEN_DURATION per run ($total runs)"
  for round in $(seq 1 "$OPEN_ROUNDS"); do
    for f in $FILES; do
      for path in $PATHS; do
        saturation=$(col "$f" "$path" app 5 | median)
        for fraction in $OPEN_FRACTIONS; do
          rate=$(awk -v s="$saturation" -v x="$fraction" 'BEGIN { printf "%.0f", s * x }')
          for server in app baseline; do
            n=$((n + 1))
            file="$OUT/raw/open-$f-$path-$fraction-$server-r$round.txt"
            run_open "$server" "$f" "$path" "$rate" "$file"
            read -r achieved p50 p99 p999 max errs lag scpu <<< "$(parse_open "$file")"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$path" "$fraction" "$server" "$round" "$rate" \
              "$achieved" "$p50" "$p99" "$p999" "$max" "$errs" "$lag" "$scpu" >> "$OPEN"
            log "[$n/$total] open $f $path at $fraction ($rate req/s)  $server: achieved $achieved, p50 $p50 ms, p99 $p99 ms, p99.9 $p999 ms, max $max ms, $errs errors, generator lag p99 $lag ms"
          done
        done
      done
    done
  done
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both servers' numbers)" >> "$OUT/machine.txt"

# Ratio of each round's adjacent app and baseline runs: its spread shows how steady the machine was.
round_ratios() { # round_ratios <file> <path> -> "min-max" of app/baseline req/s per round
  awk -F'\t' -v f="$1" -v p="$2" 'NR > 1 && $1 == f && $2 == p { r[$4, $3] = $5; rounds[$4] = 1 }
    END { lo = ""; for (k in rounds) { if (r[k, "baseline"] > 0) { x = r[k, "app"] / r[k, "baseline"]
            if (lo == "" || x < lo) lo = x; if (hi == "" || x > hi) hi = x } }
          if (lo == "") print "-"; else printf "%.2f-%.2f\n", lo, hi }' "$RUNS"
}
ocol() { awk -F'\t' -v f="$1" -v p="$2" -v x="$3" -v s="$4" -v c="$5" 'NR > 1 && $1 == f && $2 == p && $3 == x && $4 == s { print $c }' "$OPEN"; }

SUMMARY="$OUT/summary.txt"
{
  echo "GET ${ROUTES}{$(tr ' ' ',' <<< "$FILES")}  wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS round(s), medians over rounds"
  echo "machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), $(wrk --version 2>&1 | head -n 1 | awk '{print $1, $2}'), load generator and servers share the cores"
  echo "load average: $(sed -n 's/^load average before: //p' "$OUT/machine.txt") before, $(sed -n 's/^load average after: \([0-9. ]*\).*/\1/p' "$OUT/machine.txt")after"
  echo
  echo "Closed loop (saturation)"
  printf '%-11s %-13s %10s %10s %6s %10s %9s %9s %10s %10s %7s %6s  %s\n' file path "app req/s" "base req/s" ratio "per round" "app p99" "base p99" "app CPU/r" "base CPU/r" "B/resp" errors goal
  for f in $FILES; do
    for path in $PATHS; do
      a_rps=$(col "$f" "$path" app 5 | median); b_rps=$(col "$f" "$path" baseline 5 | median)
      a_p99=$(col "$f" "$path" app 6 | median); b_p99=$(col "$f" "$path" baseline 6 | median)
      a_cpu=$(col "$f" "$path" app 10 | median); b_cpu=$(col "$f" "$path" baseline 10 | median)
      a_bpr=$(col "$f" "$path" app 7 | median)
      errs=$( (col "$f" "$path" app 9; col "$f" "$path" baseline 9) | awk '{ s += $1 } END { print s + 0 }')
      ratio=$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
      goal=$(awk -v r="$ratio" -v p="$a_p99" -v gr="$GOAL_RATIO" -v gp="$GOAL_P99_MS" 'BEGIN {
        m = ""; if (r < gr) m = m "ratio<" gr " "; if (p > gp) m = m "p99>" gp "ms"; print (m == "" ? "met" : "NOT met: " m) }')
      printf '%-11s %-13s %10.0f %10.0f %6s %10s %7.2fms %7.2fms %8.1fus %8.1fus %7.0f %6s  %s\n' "$f" "$path" "$a_rps" "$b_rps" "$ratio" "$(round_ratios "$f" "$path")" \
        "$a_p99" "$b_p99" "$a_cpu" "$b_cpu" "$a_bpr" "$errs" "$goal"
    done
  done
  echo
  echo "ratio: app/baseline of the median req/s; per round: the range of app/baseline in each round's adjacent runs."
  echo "CPU/r: the server's CPU time (user + system, all threads) per request while wrk ran; wrk's own is in $RUNS."
  echo "goal (issue 2): app >= $GOAL_RATIO x baseline req/s and app p99 <= $GOAL_P99_MS ms on each path"
  if [ -n "$OPEN_FRACTIONS" ]; then
    echo
    echo "Open loop (bench/OpenLoad: fixed offered rate, $OPEN_CONNECTIONS connections, $OPEN_DURATION per run less $OPEN_WARMUP warm-up, $OPEN_ROUNDS round(s), medians over rounds; latency from the intended send time)"
    printf '%-11s %-13s %5s %7s | %8s %7s %7s %7s %7s %4s | %8s %7s %7s %7s %7s %4s | %7s  %s\n' file path load "offered" \
      "app got" p50 p99 p99.9 max err "base got" p50 p99 p99.9 max err "gen lag" goal
    for f in $FILES; do
      for path in $PATHS; do
        for fraction in $OPEN_FRACTIONS; do
          offered=$(ocol "$f" "$path" "$fraction" app 6 | median)
          row=()
          for server in app baseline; do
            e=$(ocol "$f" "$path" "$fraction" "$server" 12 | awk '{ s += $1 } END { print s + 0 }')
            row+=("$(printf '%8.0f %7.2f %7.2f %7.2f %7.1f %4s' "$(ocol "$f" "$path" "$fraction" "$server" 7 | median)" \
              "$(ocol "$f" "$path" "$fraction" "$server" 8 | median)" "$(ocol "$f" "$path" "$fraction" "$server" 9 | median)" \
              "$(ocol "$f" "$path" "$fraction" "$server" 10 | median)" "$(ocol "$f" "$path" "$fraction" "$server" 11 | median)" "$e")")
          done
          a_p99=$(ocol "$f" "$path" "$fraction" app 9 | median)
          lag=$(ocol "$f" "$path" "$fraction" app 13 | median)
          goal=""
          if awk -v x="$fraction" -v g="$GOAL_OPEN_FRACTION" 'BEGIN { exit !(x == g) }'; then
            goal=$(awk -v p="$a_p99" -v g="$GOAL_OPEN_P99_MS" 'BEGIN { print (p <= g ? "met" : "NOT met: p99>" g "ms") }')
          fi
          printf '%-11s %-13s %5s %7.0f | %s | %s | %7.2f  %s\n' "$f" "$path" "$fraction" "$offered" "${row[0]}" "${row[1]}" "$lag" "$goal"
        done
      done
    done
    echo
    echo "load: the fraction of the app's median closed-loop req/s offered (to both servers); got: achieved req/s; latencies in ms;"
    echo "err: connect/read/write/timeout/unexpected-status/unsent; gen lag: p99 of how late OpenLoad itself sent a request once its connection"
    echo "was free, in the app's runs (in the latency; if it is a large part of the p99, the machine, not the app, set the number)."
    echo "goal (issue 20): app p99 <= $GOAL_OPEN_P99_MS ms at $GOAL_OPEN_FRACTION of saturation on each path"
    echo "per open-loop run: $OPEN"
  fi
  echo "per run: $RUNS   raw outputs: $OUT/raw   machine and response sizes: $OUT/machine.txt"
} | tee "$SUMMARY"
