using IngestLoad;

// IngestLoad <mode> [--option value ...]
//   wait    --url U --site S [--timeout 90]                      until the app answers and the site's config is published
//   load    --url U --site S [--workers 64] [--duration 60] [--out status.csv] [--summary api.txt] [--timeline]
//   raw     --storage CS --site S [--mode mixed|records|singles] [--duration 60 [--prefill N] | --count N] [--parallel 16]
//           [--table-prefix P] [--summary raw.txt] [--compare api.txt]    (--prefill: N decisions written first, not counted)
//           [--rate R [--warmup S]]                              (singles only) an open loop at R decisions/s
//   verify  --storage CS --site S --status a.csv[,b.csv] [--known warmup.csv]
// Every mode answers 0 when it ran (and, for verify, found the invariants held), 1 when a check failed, 2 on bad usage.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: IngestLoad wait|load|raw|verify [--option value ...] (see bench/ingest/RESULTS.md)");
    return 2;
}

try
{
    var options = Options.Parse(args[1..]);
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };

    return args[0] switch
    {
        "wait" => await WaitCommand.RunAsync(options, cancel.Token),
        "load" => await LoadCommand.RunAsync(options, cancel.Token),
        "raw" => await RawCommand.RunAsync(options, cancel.Token),
        "verify" => await VerifyCommand.RunAsync(options, cancel.Token),
        _ => throw new ArgumentException($"Unknown mode '{args[0]}'."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"IngestLoad: {e.Message}");
    return 2;
}
