using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace OpenLoad;

/// <summary>
/// What to send and when. Request k of connection c (of N) is due at start + (k·N + c) / rate: one evenly spaced
/// schedule for the whole run, fixed before the first request and independent of the responses.
/// </summary>
internal sealed record Plan(
    Uri Url, IPEndPoint Endpoint, byte[] Request, bool Head, double Rate, int Connections, int Threads,
    double DurationSeconds, double WarmupSeconds, double TimeoutSeconds, int? ExpectedStatus)
{
    public double TicksPerRequest => Stopwatch.Frequency / Rate;

    public static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>How many requests connection <paramref name="index"/> has due before the end of the schedule.</summary>
    public long PlannedFor(int index) => Math.Max(0, (long)Math.Ceiling(((DurationSeconds * Rate) - index) / Connections));

    public static Plan Parse(string[] args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            var name = args[i][2..];
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        string? One(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;
        double Number(string name, double fallback, double min)
        {
            var text = One(name);
            if (text is null)
            {
                return fallback;
            }

            // Durations may be written as wrk does ("15s").
            return double.TryParse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min
                ? value : throw new ArgumentException($"--{name} must be a number >= {min}, got '{text}'.");
        }

        var url = new Uri(One("url") ?? throw new ArgumentException("--url is required."));
        if (url.Scheme != Uri.UriSchemeHttp || !IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
        {
            // A load generator for this machine's own servers only (see docs/benchmarks.md).
            throw new ArgumentException("--url must be http:// on a loopback address (127.0.0.1 or [::1]).");
        }

        var method = (One("method") ?? "GET").ToUpperInvariant();
        if (method is not ("GET" or "HEAD"))
        {
            throw new ArgumentException("--method must be GET or HEAD.");
        }

        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n");
        foreach (var header in values.GetValueOrDefault("header") ?? [])
        {
            if (!header.Contains(':', StringComparison.Ordinal) || header.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"--header must be 'Name: value', got '{header}'.");
            }

            request.Append(header).Append("\r\n");
        }

        request.Append("\r\n");
        var expect = One("expect");
        return new Plan(
            url, new IPEndPoint(address, url.Port), Encoding.ASCII.GetBytes(request.ToString()), method == "HEAD",
            Rate: Number("rate", double.NaN, 0.001) is var rate && double.IsNaN(rate) ? throw new ArgumentException("--rate is required.") : rate,
            Connections: (int)Number("connections", 64, 1),
            Threads: (int)Number("threads", 2, 1),
            DurationSeconds: Number("duration", 15, 0.1),
            WarmupSeconds: Number("warmup", 0, 0),
            TimeoutSeconds: Number("timeout", 5, 0.01),
            ExpectedStatus: expect is null ? null : (int)Number("expect", 200, 100));
    }
}
