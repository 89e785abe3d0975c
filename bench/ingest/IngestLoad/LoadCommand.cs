using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace IngestLoad;

/// <summary>One request of the load: what was sent, what came back, how long it took.</summary>
/// <param name="Status">The HTTP status, or <see cref="Timeout"/> / <see cref="NetworkError"/> when none came.</param>
internal readonly record struct Sample(Guid ConsentId, Guid EventId, int Status, long StartTicks, long ElapsedTicks)
{
    public const int Timeout = -1;
    public const int NetworkError = -2;

    public bool Ok => Status is >= 200 and < 300;

    public static string StatusName(int status) => status switch
    {
        Timeout => "timeout",
        NetworkError => "network-error",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// N workers, each with one request in flight, post unique decisions for D seconds over keep-alive HTTP/1.1
/// connections (one per worker). Every request is recorded; the summary covers all of them.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var url = o.Required("url").TrimEnd('/');
        var site = o.Required("site");
        var workers = Math.Max(1, o.Int("workers", 64));
        var duration = TimeSpan.FromSeconds(o.Double("duration", 60));
        var timeout = TimeSpan.FromSeconds(o.Double("timeout", 30));
        var eventsPerConsent = Math.Max(1, o.Int("events-per-consent", 1));
        var label = o.Text("label", "load")!;
        // Open loop (--rate R decisions/s): request k of worker w is due at (k·workers + w) / R, whether or not the server
        // kept up, and its latency counts from when it was due (no coordinated omission); closed loop (default): each
        // worker sends its next request when the previous one is answered.
        var rate = o.Double("rate", 0);
        // --warmup S (open loop): the requests due in the first S seconds are sent on the same schedule but left out of
        // the report (as bench/OpenLoad does): opening the connections is not what a steady rate costs. The --out file
        // keeps every request.
        var warmup = TimeSpan.FromSeconds(rate > 0 ? o.Double("warmup", 0) : 0);
        // --invalid: "acceptAll" with every category denied, which the app refuses (400) after the same parsing, site and
        // revision lookups (both cached) but before any storage call: the app's cost of a request without its inserts.
        var invalid = o.Flag("invalid");
        // --until-file F: stop sending once F exists (the fault run ends the load a fixed time after storage is back);
        // --duration stays the upper bound.
        var untilFile = o.Text("until-file");
        var endpoint = new Uri($"{url}/v1/sites/{site}/consents");

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = workers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { Timeout = timeout };
        var mediaType = new MediaTypeHeaderValue("application/json");

        Console.WriteLine(rate > 0
            ? $"[{label}] open loop at {rate:0} decisions/s, ≤ {workers} in flight, {duration.TotalSeconds:0.#} s (the first {warmup.TotalSeconds:0.#} s not recorded), POST {endpoint}"
            : $"[{label}] {workers} workers, {duration.TotalSeconds:0.#} s, POST {endpoint}");
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var stop = new CancellationTokenSource();
        var watcher = untilFile is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
            {
                if (File.Exists(untilFile))
                {
                    await stop.CancelAsync();
                    return;
                }

                await Task.Delay(100, ct);
            }
        }, ct);
        var perWorker = new List<Sample>[workers];
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var index = w;
            perWorker[index] = new List<Sample>(capacity: 4096);
            tasks[index] = Task.Run(() => WorkerAsync(index), ct);
        }

        async Task WorkerAsync(int index)
        {
            var rng = new Random(Guid.NewGuid().GetHashCode());
            var samples = perWorker[index];
            var consentId = Guid.NewGuid();
            var sent = 0;
            while (!ct.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                var due = rate > 0 ? OpenSchedule.Due(start, sent, workers, index, rate) : Stopwatch.GetTimestamp();
                if (due >= deadline)
                {
                    break;
                }

                await OpenSchedule.WaitAsync(due, ct);

                if (sent++ % eventsPerConsent == 0)
                {
                    consentId = Guid.NewGuid();
                }

                var decision = Decisions.Next(rng, consentId);
                if (invalid)
                {
                    decision = decision with { Method = ConsentCloud.Web.Features.Consents.ConsentMethod.AcceptAll, Preferences = false, Statistics = false, Marketing = false };
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Version = HttpVersion.Version11,
                    Content = new ByteArrayContent(Decisions.Body(decision)),
                };
                request.Content.Headers.ContentType = mediaType;
                request.Headers.TryAddWithoutValidation("Origin", Decisions.Origin);
                request.Headers.TryAddWithoutValidation("User-Agent", Decisions.UserAgent);

                // Open loop: from the due time, or from now when the request goes out early (a wait shorter than 1 ms is skipped),
                // so timer granularity never shortens a latency below what the server took.
                var began = rate > 0 ? Math.Min(due, Stopwatch.GetTimestamp()) : Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                    status = (int)response.StatusCode;
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    status = Sample.Timeout;
                }
                catch (HttpRequestException)
                {
                    status = Sample.NetworkError;
                }

                samples.Add(new Sample(decision.ConsentId, decision.EventId, status, began - start, Stopwatch.GetTimestamp() - began));
            }
        }

        await Task.WhenAll(tasks);
        await stop.CancelAsync();
        await watcher;
        var elapsed = Stopwatch.GetElapsedTime(start);
        var all = perWorker.SelectMany(s => s).OrderBy(s => s.StartTicks).ToList();
        var report = LoadReport.AfterWarmup(all, elapsed, warmup);
        report.Print(label);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label}] load generator CPU {Environment.CpuUsage.TotalTime.TotalSeconds:0.0} s (process total)"));

        if (o.Flag("timeline"))
        {
            PrintTimeline(all);
        }

        if (o.Text("out") is { Length: > 0 } outFile)
        {
            await WriteStatusFileAsync(outFile, all, ct);
        }

        if (o.Text("summary") is { Length: > 0 } summaryFile)
        {
            await File.WriteAllTextAsync(summaryFile, report.ToKeyValues(), ct);
        }

        return 0;
    }

    /// <summary>consentId,eventId,status,latencyMs,startMs: one line per request, in the order they were sent.</summary>
    private static async Task WriteStatusFileAsync(string path, List<Sample> samples, CancellationToken ct)
    {
        var text = new StringBuilder(samples.Count * 96);
        text.Append("consentId,eventId,status,latencyMs,startMs\n");
        foreach (var s in samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.ConsentId:D},{s.EventId:D},{s.Status},{Ms(s.ElapsedTicks):0.###},{Ms(s.StartTicks):0}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), ct);
    }

    /// <summary>Per second of the run: requests started, how many got a 2xx, and the others by status.</summary>
    private static void PrintTimeline(List<Sample> samples)
    {
        Console.WriteLine("  second  sent    2xx  other");
        foreach (var second in samples.GroupBy(s => (int)(s.StartTicks / Stopwatch.Frequency)).OrderBy(g => g.Key))
        {
            var other = second.Where(s => !s.Ok).GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{Sample.StatusName(g.Key)}×{g.Count()}");
            Console.WriteLine($"  {second.Key,6} {second.Count(),5} {second.Count(s => s.Ok),6}  {string.Join(' ', other)}");
        }
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>The open loop's schedule (no coordinated omission): request k of worker w is due at (k·workers + w) / rate.</summary>
internal static class OpenSchedule
{
    public static long Due(long start, long sent, int workers, int worker, double rate) =>
        start + (long)((((double)sent * workers) + worker) / rate * Stopwatch.Frequency);

    /// <summary>Waits until <paramref name="due"/>; a wait shorter than 1 ms is skipped (timer granularity).</summary>
    public static Task WaitAsync(long due, CancellationToken ct) =>
        LoadCommand.Ms(due - Stopwatch.GetTimestamp()) is var wait && wait >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(wait), ct) : Task.CompletedTask;
}

/// <summary>Counts and latency percentiles of a load run.</summary>
internal sealed record LoadReport(
    int Sent, int Ok, IReadOnlyDictionary<int, int> OtherByStatus, double Seconds,
    double P50, double P90, double P99, double P999, double Max)
{
    public double RequestsPerSecond => Sent / Seconds;

    public double DecisionsPerSecond => Ok / Seconds;

    public static LoadReport Of(List<Sample> samples, TimeSpan elapsed)
    {
        var latencies = samples.Select(s => LoadCommand.Ms(s.ElapsedTicks)).Order().ToArray();
        double At(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        var other = samples.Where(s => !s.Ok).GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        return new LoadReport(samples.Count, samples.Count(s => s.Ok), other, elapsed.TotalSeconds,
            At(0.50), At(0.90), At(0.99), At(0.999), latencies.Length == 0 ? 0 : latencies[^1]);
    }

    /// <summary>The report of the requests started after the first <paramref name="warmup"/> of the run.</summary>
    public static LoadReport AfterWarmup(IEnumerable<Sample> samples, TimeSpan elapsed, TimeSpan warmup)
    {
        var warmupTicks = (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        return Of(samples.Where(s => s.StartTicks >= warmupTicks).ToList(), elapsed - warmup);
    }

    public void Print(string label)
    {
        var errors = OtherByStatus.Count == 0 ? "none" : string.Join(", ", OtherByStatus.OrderBy(e => e.Key).Select(e => $"{Sample.StatusName(e.Key)}: {e.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label}] sent {Sent} in {Seconds:0.0} s = {RequestsPerSecond:0} req/s; 2xx {Ok} = {DecisionsPerSecond:0} decisions/s; non-2xx {Sent - Ok} ({errors})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label}] latency ms (all requests): p50 {P50:0.0}  p90 {P90:0.0}  p99 {P99:0.0}  p99.9 {P999:0.0}  max {Max:0.0}"));
    }

    public string ToKeyValues() => string.Create(CultureInfo.InvariantCulture,
        $"sent={Sent}\nok={Ok}\nerrors={Sent - Ok}\nseconds={Seconds:0.000}\nrps={RequestsPerSecond:0.0}\ndecisions_per_s={DecisionsPerSecond:0.0}\np50_ms={P50:0.00}\np90_ms={P90:0.00}\np99_ms={P99:0.00}\np999_ms={P999:0.00}\nmax_ms={Max:0.00}\n");
}
