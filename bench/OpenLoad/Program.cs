using System.Diagnostics;
using System.Globalization;
using OpenLoad;

// OpenLoad --url http://127.0.0.1:PORT/PATH --rate R [--connections 64] [--threads 2] [--duration 15] [--warmup 0] [--timeout 5]
//          [--header 'Name: value']... [--method GET|HEAD] [--expect 200]
// Offers R requests/s over N keep-alive HTTP/1.1 connections, served by T event-loop threads (as wrk's -t), for D
// seconds on a fixed schedule (the open loop that wrk2 offers; wrk2 is not packaged here), and reports the achieved
// rate, errors, and the latency distribution counted from each request's intended send time (p50, p90, p99, p99.9,
// max), plus how far the sends lagged behind schedule (in all, and the part after the connection was free: the
// generator's own lateness).
// Requests due in the first --warmup seconds are sent but not recorded. --expect S counts any other status as an error
// (default: any status >= 400). After the schedule ends, answers are awaited for up to --timeout s; requests still unsent
// then are counted as "unsent". The last line is machine-readable: OPENLOAD key=value ...
// Exit code: 0 when it ran (whatever the server answered), 2 on bad usage, 1 when no connection could be made.
Plan plan;
try
{
    plan = Plan.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"OpenLoad: {e.Message}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var connections = Enumerable.Range(0, plan.Connections).Select(i => new Connection(plan, i)).ToArray();
try
{
    // All connections open before the clock starts: connection set-up is not part of any request's latency.
    foreach (var c in connections)
    {
        c.Connect();
    }
}
catch (System.Net.Sockets.SocketException e)
{
    Console.Error.WriteLine($"OpenLoad: cannot connect to {plan.Endpoint}: {e.Message}");
    return 1;
}

// Connections are dealt to the threads in turn, so each thread's share of the schedule is evenly spaced too.
var workers = Enumerable.Range(0, Math.Min(plan.Threads, plan.Connections))
    .Select(t => new Worker(plan, [.. connections.Where((_, i) => i % plan.Threads == t)])).ToArray();
var cpu0 = Environment.CpuUsage.TotalTime;
var start = Stopwatch.GetTimestamp() + Plan.Ticks(0.05);
var threads = workers.Select(w => new Thread(() => w.Run(start, cancel.Token)) { IsBackground = true, Name = "OpenLoad worker" }).ToArray();
foreach (var t in threads)
{
    t.Start();
}

foreach (var t in threads)
{
    t.Join();
}

var cpu = Environment.CpuUsage.TotalTime - cpu0;
foreach (var c in connections)
{
    c.Dispose();
}

var all = new Tally();
foreach (var w in workers)
{
    all.Add(w.Tally);
}

// The recorded window runs from the end of the warm-up to the last answer: a server that fell behind stretches it,
// so the achieved rate shows the shortfall even though every request was eventually answered.
var answered = all.Latency.Count;
var window = Math.Max(plan.DurationSeconds - plan.WarmupSeconds,
    (all.LastAnswer - start) / (double)Stopwatch.Frequency - plan.WarmupSeconds);
var achieved = answered / window;
var recorded = answered + all.Connect + all.Read + all.Write + all.Timeout + all.Unsent;
static string Ms(long micros) => (micros / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);
var statuses = string.Join(", ", all.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"OpenLoad: {(plan.Head ? "HEAD" : "GET")} {plan.Url} offered {plan.Rate:0.#} req/s over {plan.Connections} connections for {plan.DurationSeconds:0.#} s (first {plan.WarmupSeconds:0.#} s not recorded)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  recorded {recorded} requests, answered {answered} ({statuses}) in {window:0.00} s = {achieved:0.0} req/s achieved, {(answered > 0 ? all.Bytes / answered : 0)} B/response"));
Console.WriteLine(
    $"  errors: connect {all.Connect}, read {all.Read}, write {all.Write}, timeout {all.Timeout}, status {all.Status}, unsent {all.Unsent}");
var l = all.Latency;
Console.WriteLine(
    $"  latency from the intended send time, ms: p50 {Ms(l.ValueAt(0.5))}  p90 {Ms(l.ValueAt(0.9))}  p99 {Ms(l.ValueAt(0.99))}  p99.9 {Ms(l.ValueAt(0.999))}  max {Ms(l.MaxMicros)}");
Console.WriteLine(
    $"  send lag behind the schedule, ms: p50 {Ms(all.Lag.ValueAt(0.5))}  p99 {Ms(all.Lag.ValueAt(0.99))}  max {Ms(all.Lag.MaxMicros)}  (inside the latency above)");
Console.WriteLine(
    $"    of which after the connection was free (the generator's own lateness), ms: p50 {Ms(all.OwnLag.ValueAt(0.5))}  p99 {Ms(all.OwnLag.ValueAt(0.99))}  max {Ms(all.OwnLag.MaxMicros)}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  generator CPU {cpu.TotalMilliseconds:0} ms = {(answered > 0 ? cpu.TotalMicroseconds / answered : 0):0.0} us/request"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"OPENLOAD offered={plan.Rate:0.###} achieved={achieved:0.###} answered={answered} bytes={all.Bytes} " +
    $"p50_us={l.ValueAt(0.5)} p90_us={l.ValueAt(0.9)} p99_us={l.ValueAt(0.99)} p999_us={l.ValueAt(0.999)} max_us={l.MaxMicros} " +
    $"lag_p99_us={all.Lag.ValueAt(0.99)} lag_max_us={all.Lag.MaxMicros} own_lag_p99_us={all.OwnLag.ValueAt(0.99)} own_lag_max_us={all.OwnLag.MaxMicros} " +
    $"err_connect={all.Connect} err_read={all.Read} err_write={all.Write} err_timeout={all.Timeout} err_status={all.Status} err_unsent={all.Unsent} " +
    $"generator_cpu_ms={cpu.TotalMilliseconds:0}"));
return 0;
