#!/usr/bin/env bash
# One sample for an A/B comparison (docs/benchmarks.md, third and fifth sessions of issue 20): a fresh in-memory Azurite
# and the Release app with extra environment; AB_WARMUP=30 s of closed-loop load at AB_WORKERS=64 workers (the JIT's
# tiering needs about 20 s of full load to settle on this machine; it also fills the tables as a run would; the third
# session's runs used 10 s); then an open loop at RATE decisions/s for AB_DURATION=30 s, the first 2 s not recorded, or
# with RATE 0 a second closed loop, measured. Prints both summaries and the CPU Azurite and the app used in the
# measured part. Run each side several times, interleaved, e.g.:
#   for r in 1 2; do bash bench/ingest/open-ab.sh 600 DOTNET_gcServer=1; bash bench/ingest/open-ab.sh 600 DOTNET_gcServer=0; done
#   AB_WORKERS=256 AB_WARMUP=25 AB_DURATION=25 bash bench/ingest/open-ab.sh 0 Consents__GroupCommit__PaceMs=20
# Needs a Release build (dotnet build ConsentCloud.sln -c Release). Everything it starts is stopped on exit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../.ci/lib.sh
source "$HERE/../../.ci/lib.sh"
RATE="${1:?usage: open-ab.sh RATE|0 [NAME=VALUE...]}"
shift
SITE=demositebageriethansen2222
APP_DIR="$REPO_ROOT/src/ConsentCloud.Web/bin/Release/net10.0"
OUT="$(mktemp -d)"
APP_PID=""
cleanup() { set +e; [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; stop_azurite >/dev/null; rm -rf "$OUT"; }
trap cleanup EXIT

ensure_node_tools >/dev/null
AZURITE_SILENT=1 start_azurite "$OUT/azurite" >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env "$@" ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  Storage__ConnectionString="$AZURITE_CONNECTION_STRING" Demo__Seed=true \
  Consents__RateLimit__Burst=100000 Consents__RateLimit__PerMinute=1000000 Logging__LogLevel__Default=Warning \
  dotnet "$APP_DIR/ConsentCloud.Web.dll" --contentRoot "$APP_DIR" >"$OUT/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do grep -q "Application started" "$OUT/app.log" && break; sleep 0.3; done
grep -q "Application started" "$OUT/app.log" || { cat "$OUT/app.log" >&2; echo "the app did not start" >&2; exit 1; }
sleep 3 # the demo seed
load() { timeout 300 dotnet "$HERE/IngestLoad/bin/Release/net10.0/IngestLoad.dll" load --url "http://127.0.0.1:$PORT" --site "$SITE" --workers "${AB_WORKERS:-64}" "$@"; }
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
echo "env: ${*:-none}"
load --duration "${AB_WARMUP:-30}" --label closed | grep -E "2xx|latency"
a0=$(cpu_of "$AZURITE_PID"); p0=$(cpu_of "$APP_PID")
if [ "$RATE" = 0 ]; then
  label=measured # RATE 0: a second closed loop, measured after the warm-up
  load --duration "${AB_DURATION:-30}" --label "$label" --summary "$OUT/summary.txt" | grep -E "2xx|latency"
else
  label=open
  load --rate "$RATE" --duration "${AB_DURATION:-30}" --warmup 2 --label "$label" --summary "$OUT/summary.txt" | grep -E "2xx|latency"
fi
awk -v a="$(awk -v x="$a0" -v y="$(cpu_of "$AZURITE_PID")" 'BEGIN { print y - x }')" -v p="$(awk -v x="$p0" -v y="$(cpu_of "$APP_PID")" 'BEGIN { print y - x }')" \
  -v d="${AB_DURATION:-30}" -v n="$(sed -n 's/^sent=//p' "$OUT/summary.txt")" -v l="$label" \
  'BEGIN { printf "[%s] CPU: Azurite %.0f%% of a core, app %.0f%%; per decision sent: Azurite %.3f ms, app %.3f ms\n", l, 100 * a / d, 100 * p / d, 1000 * a / n, 1000 * p / n }'
