-- Loaded by bench/config/run.sh into every wrk run.
-- BENCH_IF_NONE_MATCH, when set, is sent as If-None-Match on every request: the 304 (revalidation) path.
-- done() adds one machine-readable line after wrk's own report (exact counts; wrk rounds them for display).
-- No request()/response() callbacks: they would make wrk build or parse every request in Lua and slow it down.
local inm = os.getenv("BENCH_IF_NONE_MATCH")
if inm ~= nil and inm ~= "" then
  wrk.headers["If-None-Match"] = inm
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
