using JobsSeeder;

// Seeder <mode> [--option value ...]   (bench/jobs/RESULTS.md; the dataset options are the same for every mode)
//   dataset options: [--sites 100] [--records 1000000] [--days 400] [--offset-days 200] [--anchor yyyy-MM-dd (today)]
//                    [--seed 5] [--agencies 10] [--accept-months 12] [--decline-months 6] [--retention-months 13]
//   seed    --storage CS [--prefix P] [--parallel 16]               sites, SiteKeys, records and index rows, batched
//   plan    [--now ISO]                                             how many records expire / are purged at that clock
//   runs    --storage CS [--prefix P] --job NAME [--top 1]          the newest JobRuns rows of a job, one line each
//   raw     --storage CS --prefix P --expire-now ISO --purge-now ISO [--parallel 16] [--expect-expired N] [--expect-purged N]
//           [--limit-seconds N]
//           the same updates and deletes the jobs made, as batched writes with the keys known up front (each phase
//           stopped after N seconds with --limit-seconds)
//   verify  --storage CS [--prefix P] --expire-now ISO --purge-now ISO [--sample-sites 3]
//           reads a sample of receive days (first, last purged, first kept, middle, last) and checks their state
//   drop    --storage CS [--prefix P]                               deletes the Consents and ConsentIndex tables
//   probe   --storage CS [--prefix P] [--count 20] [--azurite-pid N] one-at-a-time cost of a partition query and a point read
//   proto   --storage CS [--prefix P] --job ExpireConsents|PurgeRetention [--sites-parallel 4] [--writes-parallel 8] [--checkpoints own|app]
//           a proposal measured: the job's work with one key-range query per site instead of one query per partition-day
// Every mode answers 0 when it ran (and its checks held), 1 when a check failed, 2 on bad usage.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Seeder seed|plan|runs|raw|verify|drop|probe|proto [--option value ...] (see bench/jobs/RESULTS.md)");
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
        "seed" => await Commands.SeedAsync(options, cancel.Token),
        "plan" => Commands.Plan(options),
        "runs" => await Commands.RunsAsync(options, cancel.Token),
        "raw" => await Commands.RawAsync(options, cancel.Token),
        "verify" => await Commands.VerifyAsync(options, cancel.Token),
        "drop" => await Commands.DropAsync(options, cancel.Token),
        "probe" => await Commands.ProbeAsync(options, cancel.Token),
        "proto" => await Proto.RunAsync(options, cancel.Token),
        _ => throw new ArgumentException($"Unknown mode '{args[0]}'."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Seeder: {e.Message}");
    return 2;
}
