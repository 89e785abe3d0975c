using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Hosting;

namespace IngestLoad;

/// <summary>
/// The storage ceiling: the entities ingest writes for a decision (its index row and its record, built by the app's
/// own mapping and keys) inserted straight into the same Azurite, as fast as it takes them.
/// <list type="bullet">
/// <item>mixed (the ceiling the API is compared with): records and index rows each in transactions of --batch (default
/// 100). A batch holds consent ids of one shard, so its records share one Consents partition ({site}-{day}-{shard}) and
/// its index rows one ConsentIndex partition ({site}-{shard}): two transactions per batch, the fewest requests the
/// storage design allows. This is what ingest's group commit does at best.</item>
/// <item>index-singles: records in transactions, index rows as single inserts: the ceiling of the layout before group
/// commit (one index partition per consent id), kept to compare with earlier runs.</item>
/// <item>records: only the records, in transactions of --batch: the pure batched-insert rate (entities/s).</item>
/// <item>singles: index row then record, each a single insert: exactly ingest's storage calls, without the app. With
/// --rate R it is an open loop instead (<see cref="RawOpenLoop"/>): R decisions/s on a fixed schedule over --parallel
/// workers, the first --warmup seconds not recorded, and the latency percentiles of the rest.</item>
/// </list>
/// </summary>
internal static class RawCommand
{
    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var storage = o.Required("storage");
        var site = new SiteKey(o.Required("site"));
        var mode = o.Text("mode", "mixed")!;
        if (mode is not ("mixed" or "index-singles" or "records" or "singles"))
        {
            throw new ArgumentException("--mode must be mixed, index-singles, records or singles.");
        }

        var parallel = Math.Max(1, o.Int("parallel", 16));
        var batchSize = Math.Clamp(o.Int("batch", 100), 1, 100);
        var count = o.Int("count", 0);
        var duration = TimeSpan.FromSeconds(o.Double("duration", count > 0 ? 3600 : 60));
        var prefix = o.Text("table-prefix", "")!;
        var label = o.Text("label", $"raw-{mode}")!;

        var service = new TableServiceClient(storage);
        var records = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);
        await records.CreateIfNotExistsAsync(ct);
        await index.CreateIfNotExistsAsync(ct);
        var contentHash = o.Text("content-hash") ?? await ContentHashAsync(service.GetTableClient(AppStorage.RevisionsTable), site, ct);

        var rate = o.Double("rate", 0);
        if (rate > 0)
        {
            if (mode != "singles")
            {
                throw new ArgumentException("--rate (an open loop) is for --mode singles: ingest's own calls for a decision.");
            }

            var warmup = TimeSpan.FromSeconds(o.Double("warmup", 0));
            Console.WriteLine($"[{label}] open loop at {rate:0} decisions/s (index row, then record), ≤ {parallel} in flight, {duration.TotalSeconds:0.#} s (the first {warmup.TotalSeconds:0.#} s not recorded), tables {records.Name} + {index.Name}");
            var report = await RawOpenLoop.RunAsync(records, index, site, contentHash, rate, parallel, duration, warmup, ct);
            report.Print(label);
            if (o.Text("summary") is { Length: > 0 } openSummary)
            {
                await File.WriteAllTextAsync(openSummary, report.ToKeyValues(), ct);
            }

            return 0;
        }

        // --prefill N (duration runs): N decisions written first the same way, not counted, so the ceiling meets tables as
        // full as the API's measured run did after its warm-up (Azurite slows as its tables grow).
        var prefill = count > 0 ? 0 : Math.Max(0, o.Int("prefill", 0));
        Console.WriteLine($"[{label}] {parallel} in flight, {(mode == "singles" ? "no batches" : $"batches of {batchSize}")}, {(count > 0 ? $"{count} decisions" : $"{duration.TotalSeconds:0.#} s")}{(prefill > 0 ? $" after {prefill} decisions written first" : "")}, tables {records.Name} + {index.Name}");
        long decisions = 0, entities = 0, requests = 0, claimed = 0;
        long budget = prefill, deadline = long.MaxValue;
        if (prefill > 0)
        {
            var filling = Stopwatch.GetTimestamp();
            await RunLanesAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label}] prefilled {decisions} decisions in {Stopwatch.GetElapsedTime(filling).TotalSeconds:0.0} s"));
            decisions = entities = requests = claimed = 0;
        }

        budget = count;
        var start = Stopwatch.GetTimestamp();
        deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await RunLanesAsync();

        Task RunLanesAsync() => Task.WhenAll(Enumerable.Range(0, parallel).Select(lane => Task.Run(() => LaneAsync(lane), ct)));

        // Claims up to n decisions of the phase's budget (all of them in a duration run).
        int Claim(int n)
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return 0;
            }

            if (budget == 0)
            {
                return n;
            }

            var after = Interlocked.Add(ref claimed, n);
            return (int)Math.Clamp(budget - (after - n), 0, n);
        }

        async Task LaneAsync(int lane)
        {
            var rng = new Random(lane * 7919 + Environment.ProcessId);
            var shard = lane % ConsentKeys.Shards;
            while (!ct.IsCancellationRequested)
            {
                var n = Claim(mode == "singles" ? 1 : batchSize);
                if (n == 0)
                {
                    return;
                }

                var now = DateTimeOffset.UtcNow;
                var chunk = new ConsentRecord[n];
                for (var i = 0; i < n; i++)
                {
                    chunk[i] = Decisions.Record(site, Decisions.Next(rng, Decisions.ConsentIdInShard(shard)), contentHash, now.AddTicks(i));
                }

                if (mode == "mixed")
                {
                    await index.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, EntityShapes.ToIndexEntity(r))), ct);
                    Interlocked.Increment(ref requests);
                }
                else if (mode != "records")
                {
                    foreach (var record in chunk)
                    {
                        await index.AddEntityAsync(EntityShapes.ToIndexEntity(record), ct);
                        Interlocked.Increment(ref requests);
                        if (mode == "singles")
                        {
                            await records.AddEntityAsync(EntityShapes.ToRecordEntity(record), ct);
                            Interlocked.Increment(ref requests);
                        }
                    }
                }

                if (mode != "singles")
                {
                    await records.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, EntityShapes.ToRecordEntity(r))), ct);
                    Interlocked.Increment(ref requests);
                }

                Interlocked.Add(ref decisions, n);
                Interlocked.Add(ref entities, mode == "records" ? n : 2 * n);
                shard = (shard + 1) % ConsentKeys.Shards;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var decisionsPerSecond = mode == "records" ? 0 : decisions / seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label}] {entities} entities ({(mode == "records" ? "records only" : $"{decisions} decisions")}) in {seconds:0.0} s over {requests} storage requests: {entities / seconds:0} entities/s, {(mode == "records" ? "n/a" : $"{decisionsPerSecond:0}")} decisions/s, {requests / seconds:0} requests/s; writer CPU {Environment.CpuUsage.TotalTime.TotalSeconds:0.0} s"));

        if (o.Text("summary") is { Length: > 0 } summary)
        {
            await File.WriteAllTextAsync(summary, string.Create(CultureInfo.InvariantCulture,
                $"mode={mode}\nparallel={parallel}\nbatch={(mode == "singles" ? 1 : batchSize)}\ndecisions={decisions}\nentities={entities}\nrequests={requests}\nseconds={seconds:0.000}\nentities_per_s={entities / seconds:0.0}\ndecisions_per_s={decisionsPerSecond:0.0}\n"), ct);
        }

        if (o.Text("compare") is { Length: > 0 } apiSummary && mode != "records")
        {
            var api = await ReadKeyValuesAsync(apiSummary, ct);
            var apiRate = double.Parse(api["decisions_per_s"], CultureInfo.InvariantCulture);
            var ratio = apiRate / decisionsPerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{label}] API {apiRate:0} decisions/s ÷ raw {decisionsPerSecond:0} decisions/s = {ratio:0.00} (goal, issue 20: ≥ 0.80: {(ratio >= 0.8 ? "met" : "MISSED")})"));
        }

        return 0;
    }

    /// <summary>The published revision's content hash, as ingest copies it into each record (the newest revision row).</summary>
    private static async Task<string> ContentHashAsync(TableClient revisions, SiteKey site, CancellationToken ct)
    {
        await foreach (var row in revisions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}"), maxPerPage: 1, select: ["ContentHash"], cancellationToken: ct))
        {
            if (row.GetString("ContentHash") is { Length: > 0 } hash)
            {
                return hash;
            }
        }

        throw new RequestFailedException($"Site {site.Value} has no published revision in this storage (start the app with Demo__Seed=true first).");
    }

    public static async Task<Dictionary<string, string>> ReadKeyValuesAsync(string path, CancellationToken ct) =>
        (await File.ReadAllLinesAsync(path, ct))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
