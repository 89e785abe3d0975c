using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Hosting;

namespace JobsSeeder;

internal static class Commands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ------------------------------------------------------------------------------------------------------------
    // seed

    /// <summary>
    /// Writes the sites (SiteKeys row, then Sites row, as SiteStore does) and every record with its index row, as
    /// ingest stores them: records in transactions of ≤ 100 within one Consents partition, index rows as single
    /// upserts (each consent id is its own ConsentIndex partition, so they cannot share a transaction).
    /// --parallel site-days are written at once. Upserts, so a repeated seed is harmless.
    /// </summary>
    public static async Task<int> SeedAsync(Options o, CancellationToken ct)
    {
        var d = Dataset.From(o);
        var prefix = o.Text("prefix", "")!;
        var parallel = Math.Max(1, o.Int("parallel", 16));
        var service = new TableServiceClient(o.Required("storage"));
        var sites = service.GetTableClient(prefix + AppStorage.SitesTable);
        var siteKeys = service.GetTableClient(prefix + AppStorage.SiteKeysTable);
        var records = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);
        foreach (var table in new[] { sites, siteKeys, records, index })
        {
            await table.CreateIfNotExistsAsync(ct);
        }

        Console.WriteLine($"[seed {Label(prefix)}] {d.Describe()}; {parallel} site-days at once");
        var start = Stopwatch.GetTimestamp();
        for (var site = 0; site < d.Sites; site++)
        {
            var s = d.SiteOf(site);
            await siteKeys.UpsertEntityAsync(new TableEntity(s.Key.Value, "") { ["Agency"] = s.Agency.Value }, TableUpdateMode.Replace, ct);
            await sites.UpsertEntityAsync(EntityShapes.Site(s), TableUpdateMode.Replace, ct);
        }

        long written = 0, indexRows = 0, transactions = 0;
        using var progress = Progress(start, () => string.Create(Inv, $"records {Interlocked.Read(ref written):N0} / {d.Records:N0}, index rows {Interlocked.Read(ref indexRows):N0}"));
        var units = Enumerable.Range(0, d.Sites).SelectMany(site => Enumerable.Range(0, d.Days).Select(day => (site, day)));
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (unit, token) =>
        {
            var day = d.RecordsOfDay(unit.site, unit.day).ToList();
            foreach (var r in day)
            {
                await index.UpsertEntityAsync(EntityShapes.Index(r), TableUpdateMode.Replace, token);
                Interlocked.Increment(ref indexRows);
            }

            foreach (var partition in day.Select(EntityShapes.Record).GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
            {
                foreach (var batch in partition.Chunk(100))
                {
                    await records.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token);
                    Interlocked.Add(ref written, batch.Length);
                    Interlocked.Increment(ref transactions);
                }
            }
        });

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine(string.Create(Inv,
            $"SEED prefix={Label(prefix)} sites={d.Sites} records={written} index={indexRows} transactions={transactions} seconds={seconds:0.0} entities_per_s={(written + indexRows) / seconds:0}"));
        return 0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // plan

    public static int Plan(Options o)
    {
        var d = Dataset.From(o);
        var now = Instant(o, "now", DateTimeOffset.UtcNow);
        var expired = Work.Expire(d, now).Sum(p => (long)p.Rows.Length);
        var purgedDays = Work.PurgedDays(d, now);
        var purged = Work.PurgeRecords(d, now).Sum(p => (long)p.Rows.Length);
        Console.WriteLine(d.Describe());
        Console.WriteLine(string.Create(Inv,
            $"PLAN now={now:O} records={d.Records} expired={expired} ({100.0 * expired / d.Records:0.0} %) purged_days={purgedDays} purged={purged} ({100.0 * purged / d.Records:0.0} %) kept={d.Records - purged}"));
        Console.WriteLine(Work.Requests(d, now, now));
        return 0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // runs

    /// <summary>The newest runs of a job as the app recorded them (JobRuns rows are newest first).</summary>
    public static async Task<int> RunsAsync(Options o, CancellationToken ct)
    {
        var prefix = o.Text("prefix", "")!;
        var job = o.Required("job");
        var top = Math.Max(1, o.Int("top", 1));
        var runs = new TableServiceClient(o.Required("storage")).GetTableClient(prefix + AppStorage.JobRunsTable);
        var n = 0;
        await foreach (var row in runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {job}"), maxPerPage: top, cancellationToken: ct))
        {
            var started = row.GetDateTimeOffset("StartedAt");
            var ended = row.GetDateTimeOffset("EndedAt");
            Console.WriteLine(string.Create(Inv,
                $"RUN job={job} run={row.GetString("RunId")} started={started:O} ended={ended:O} seconds={(ended - started)?.TotalSeconds:0.000} outcome={row.GetString("Outcome")} processed={row.GetInt64("Processed")} changed={row.GetInt64("Changed")} sites={row.GetInt32("SitesTotal")} failed={row.GetInt32("SitesFailed")}"));
            if (++n >= top)
            {
                break;
            }
        }

        return n > 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------------------
    // raw

    /// <summary>
    /// The baseline: exactly the writes the two jobs made (worked out from the data's definition and the clocks the
    /// runs used), sent straight to storage as fast as it takes them, --parallel requests in flight:
    /// expire = merges of State=Expired in transactions of ≤ 100 within one partition; purge = the index rows as single
    /// deletes (one partition each: no transaction can hold two), then the records in delete transactions of ≤ 100.
    /// The work lists are built before the clock starts: the baseline never reads storage.
    /// With --limit-seconds N each phase stops after N seconds (as the app's runs do under APP_LIMIT) and its rate is
    /// what it committed meanwhile; purge then goes transaction by transaction (that transaction's index rows, then
    /// its records), so that what it committed in the window is whole records with their index rows.
    /// </summary>
    public static async Task<int> RawAsync(Options o, CancellationToken ct)
    {
        var d = Dataset.From(o);
        var prefix = o.Text("prefix", "")!;
        var parallel = Math.Max(1, o.Int("parallel", 16));
        var batchSize = Math.Clamp(o.Int("batch", 100), 1, 100);
        var limit = Math.Max(0, o.Int("limit-seconds", 0));
        var expireNow = Instant(o, "expire-now", null);
        var purgeNow = Instant(o, "purge-now", null);
        var phases = (o.Text("phases", "expire,purge") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var service = new TableServiceClient(o.Required("storage"));
        var records = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);

        var planStart = Stopwatch.GetTimestamp();
        var expire = Work.Batches(Work.Expire(d, expireNow), batchSize);
        var purgeUnits = Work.PurgeUnits(d, purgeNow, batchSize);
        var expired = expire.Sum(b => (long)b.Rows.Length);
        var purged = purgeUnits.Sum(u => (long)u.Records.Rows.Length);
        var purgeIndexCount = purgeUnits.Sum(u => (long)u.Index.Length);
        var stops = limit > 0 ? string.Create(Inv, $"; each phase stopped after {limit} s") : "";
        Console.WriteLine(string.Create(Inv,
            $"[raw {Label(prefix)}] planned in {Stopwatch.GetElapsedTime(planStart).TotalSeconds:0.0} s: expire {expired:N0} records in {expire.Count:N0} transactions (clock {expireNow:O}); purge {purged:N0} records in {purgeUnits.Count:N0} transactions + {purgeIndexCount:N0} index rows (clock {purgeNow:O}); {parallel} requests in flight{stops}"));

        Console.WriteLine(Work.Requests(d, expireNow, purgeNow));
        var ok = Expect(o, "expect-expired", expired) & Expect(o, "expect-purged", purged);
        var window = limit > 0 ? string.Create(Inv, $" window={limit}") : "";
        if (phases.Contains("expire"))
        {
            var start = Stopwatch.GetTimestamp();
            long done = 0;
            using (Progress(start, () => string.Create(Inv, $"expired {Interlocked.Read(ref done):N0} / {expired:N0}")))
            {
                await ForEachWithinAsync(expire, parallel, limit, async (batch, token) =>
                {
                    // As the app writes them (ConsentRetention.WriteAsync): a partition's single row as a plain request.
                    if (batch.Rows is [var only])
                    {
                        await records.UpdateEntityAsync(new TableEntity(batch.Partition, only) { ["State"] = ConsentRetention.ExpiredState }, ETag.All, TableUpdateMode.Merge, token);
                    }
                    else
                    {
                        await records.SubmitTransactionAsync(batch.Rows.Select(row =>
                            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(batch.Partition, row) { ["State"] = ConsentRetention.ExpiredState }, ETag.All)), token);
                    }
                    Interlocked.Add(ref done, batch.Rows.Length);
                }, ct);
            }

            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine(string.Create(Inv,
                $"RAW phase=expire records={done} transactions={expire.Count} seconds={seconds:0.00} records_per_s={done / seconds:0}{window}"));
        }

        if (phases.Contains("purge"))
        {
            var start = Stopwatch.GetTimestamp();
            long indexDone = 0, done = 0;
            using (Progress(start, () => string.Create(Inv, $"index rows {Interlocked.Read(ref indexDone):N0} / {purgeIndexCount:N0}, records {Interlocked.Read(ref done):N0} / {purged:N0}")))
            {
                var indexSeconds = 0.0;
                if (limit == 0)
                {
                    await ForEachWithinAsync(purgeUnits.SelectMany(u => u.Index).ToList(), parallel, 0, async (key, token) =>
                    {
                        await index.DeleteEntityAsync(key.Partition, key.Row, ETag.All, token);
                        Interlocked.Increment(ref indexDone);
                    }, ct);
                    indexSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                }

                await ForEachWithinAsync(purgeUnits, parallel, limit, async (unit, token) =>
                {
                    if (limit > 0)
                    {
                        foreach (var key in unit.Index)
                        {
                            await index.DeleteEntityAsync(key.Partition, key.Row, ETag.All, token);
                            Interlocked.Increment(ref indexDone);
                        }
                    }

                    if (unit.Records.Rows is [var only])
                    {
                        await records.DeleteEntityAsync(unit.Records.Partition, only, ETag.All, token);
                    }
                    else
                    {
                        await records.SubmitTransactionAsync(unit.Records.Rows.Select(row =>
                            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(unit.Records.Partition, row), ETag.All)), token);
                    }
                    Interlocked.Add(ref done, unit.Records.Rows.Length);
                }, ct);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                Console.WriteLine(string.Create(Inv,
                    $"RAW phase=purge records={done} index={indexDone} transactions={purgeUnits.Count} seconds={seconds:0.00} index_seconds={indexSeconds:0.00} records_seconds={seconds - indexSeconds:0.00} records_per_s={done / seconds:0} entities_per_s={(done + indexDone) / seconds:0}{window}"));
            }
        }

        return ok ? 0 : 1;
    }

    /// <summary>
    /// <paramref name="body"/> over the items, <paramref name="parallel"/> at a time; with a limit, stops starting new
    /// ones and abandons those in flight after that many seconds (what they did not finish is not counted).
    /// </summary>
    private static async Task ForEachWithinAsync<T>(IReadOnlyList<T> items, int parallel, int limitSeconds, Func<T, CancellationToken, ValueTask> body, CancellationToken ct)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (limitSeconds > 0)
        {
            window.CancelAfter(TimeSpan.FromSeconds(limitSeconds));
        }

        try
        {
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = window.Token }, body);
        }
        catch (OperationCanceledException) when (limitSeconds > 0 && !ct.IsCancellationRequested)
        {
            // The window closed: the work committed so far is the measurement.
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // verify

    /// <summary>
    /// Reads a sample of site-days and checks what the jobs left: nothing of a purged day (records and index rows), and
    /// on a kept day every record present, State=Expired exactly when ExpiresAt ≤ the last expiry run's clock.
    /// (A full check would be a full scan of a table Azurite holds in one unindexed list; a sample is enough to catch
    /// a wrong boundary.)
    /// </summary>
    public static async Task<int> VerifyAsync(Options o, CancellationToken ct)
    {
        var d = Dataset.From(o);
        var prefix = o.Text("prefix", "")!;
        var expireNow = Instant(o, "expire-now", null);
        var purgeNow = Instant(o, "purge-now", null);
        var service = new TableServiceClient(o.Required("storage"));
        var records = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);
        var purgedDays = Work.PurgedDays(d, purgeNow);
        var sampleSites = new[] { 0, d.Sites / 2, d.Sites - 1 }.Distinct().Take(Math.Max(1, o.Int("sample-sites", 3)));
        var sampleDays = new[] { 0, purgedDays - 1, purgedDays, d.Days / 2, d.Days - 1 }.Where(day => day >= 0 && day < d.Days).Distinct().ToList();
        int checkedRecords = 0, failures = 0;
        var start = Stopwatch.GetTimestamp();
        foreach (var site in sampleSites)
        {
            foreach (var day in sampleDays)
            {
                var expected = d.RecordsOfDay(site, day).ToList();
                var purged = day < purgedDays;
                var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
                foreach (var partition in ConsentKeys.PartitionsOfDay(d.SiteKeyOf(site), d.FirstDay.AddDays(day)))
                {
                    await foreach (var row in records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey", "State"], cancellationToken: ct))
                    {
                        found[row.PartitionKey + "/" + row.RowKey] = row;
                    }
                }

                foreach (var r in expected)
                {
                    checkedRecords++;
                    var key = ConsentKeys.Partition(r.Site, r.ReceivedAt, r.ConsentId) + "/" + ConsentKeys.Row(r.ReceivedAt, r.EventId);
                    var indexRow = await index.GetEntityIfExistsAsync<TableEntity>(ConsentKeys.IndexPartition(r.Site, r.ConsentId), ConsentKeys.IndexRow(r.ConsentId, r.EventId), cancellationToken: ct);
                    string? problem;
                    if (purged)
                    {
                        problem = found.ContainsKey(key) ? "record not purged" : indexRow.HasValue ? "index row not purged" : null;
                    }
                    else if (!found.TryGetValue(key, out var row) || !indexRow.HasValue)
                    {
                        problem = "record or index row missing";
                    }
                    else
                    {
                        var shouldExpire = r.ExpiresAt <= expireNow;
                        var isExpired = row.GetString("State") == ConsentRetention.ExpiredState;
                        problem = shouldExpire == isExpired ? null : shouldExpire ? "not expired" : "expired too early";
                    }

                    if (problem is not null && ++failures <= 10)
                    {
                        Console.Error.WriteLine($"verify: site {site} day {d.FirstDay.AddDays(day):yyyy-MM-dd} {key}: {problem}");
                    }
                }

                if (found.Count > (purged ? 0 : expected.Count))
                {
                    failures++;
                    Console.Error.WriteLine($"verify: site {site} day {day}: {found.Count} rows found, {(purged ? 0 : expected.Count)} expected");
                }
            }
        }

        Console.WriteLine(string.Create(Inv,
            $"VERIFY prefix={Label(prefix)} sites={string.Join('+', sampleSites)} days={string.Join('+', sampleDays)} purged_days={purgedDays} records={checkedRecords} failures={failures} seconds={Stopwatch.GetElapsedTime(start).TotalSeconds:0.0}"));
        return failures == 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------------------
    // probe

    /// <summary>
    /// What single requests cost at the current table size, one at a time (no concurrency): a query of one Consents
    /// partition (what the jobs send per partition of a day, with the expiry job's ExpiresAt filter), the same for a
    /// partition that does not exist, and a point read of an index row. Medians of the wall time in milliseconds and,
    /// with --azurite-pid, the CPU Azurite spent per request (robust to other load on the machine).
    /// </summary>
    public static async Task<int> ProbeAsync(Options o, CancellationToken ct)
    {
        var d = Dataset.From(o);
        var prefix = o.Text("prefix", "")!;
        var count = Math.Max(1, o.Int("count", 20));
        var azurite = o.Int("azurite-pid", 0);
        var service = new TableServiceClient(o.Required("storage"));
        var records = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);
        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, count).Select(i => (site: i * 7 % d.Sites, day: d.Days - 1 - (i * 13 % Math.Max(1, d.Days / 2)), shard: i % ConsentKeys.Shards)).ToList();

        async Task<string> MeasureAsync(string label, Func<(int site, int day, int shard), Task> request)
        {
            var wall = new List<double>();
            var cpu0 = CpuSeconds(azurite);
            foreach (var sample in samples)
            {
                var t = Stopwatch.GetTimestamp();
                await request(sample);
                wall.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            var cpu = (CpuSeconds(azurite) - cpu0) * 1000 / count;
            return string.Create(Inv, $"{label}_ms={wall.Order().ElementAt(wall.Count / 2):0.00}") + (azurite > 0 ? string.Create(Inv, $" {label}_azurite_cpu_ms={cpu:0.00}") : "");
        }

        var rows = 0;
        var query = await MeasureAsync("partition_query", async s =>
        {
            var partition = ConsentKeys.PartitionsOfDay(d.SiteKeyOf(s.site), d.FirstDay.AddDays(s.day)).ElementAt(s.shard);
            await foreach (var _ in records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ExpiresAt le {now}"), select: ["PartitionKey", "RowKey", "State"], cancellationToken: ct))
            {
                rows++;
            }
        });
        var empty = await MeasureAsync("empty_partition_query", async s =>
        {
            var partition = ConsentKeys.PartitionsOfDay(d.SiteKeyOf(s.site), d.Anchor.AddDays(1 + s.day)).ElementAt(s.shard);
            await foreach (var _ in records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
            {
            }
        });
        var point = await MeasureAsync("index_point_read", async s =>
        {
            // The sampled site-day, or the next one with a record (small datasets have empty site-days, even empty sites).
            var cells = d.Sites * d.Days;
            var r = Enumerable.Range(0, cells)
                .Select(k => (s.site * d.Days + s.day + k) % cells)
                .Select(cell => d.RecordsOfDay(cell / d.Days, cell % d.Days).FirstOrDefault())
                .First(x => x is not null)!;
            await index.GetEntityIfExistsAsync<TableEntity>(ConsentKeys.IndexPartition(r.Site, r.ConsentId), ConsentKeys.IndexRow(r.ConsentId, r.EventId), cancellationToken: ct);
        });
        Console.WriteLine($"PROBE prefix={Label(prefix)} requests={count} each, one at a time: {query} (rows {rows}) {empty} {point}");
        return 0;
    }

    private static double CpuSeconds(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return 0;
        }

        // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th (clock ticks of 10 ms).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], Inv) + long.Parse(fields[12], Inv)) / 100.0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // drop

    public static async Task<int> DropAsync(Options o, CancellationToken ct)
    {
        var prefix = o.Text("prefix", "")!;
        var service = new TableServiceClient(o.Required("storage"));
        foreach (var name in new[] { AppStorage.ConsentsTable, AppStorage.ConsentIndexTable })
        {
            try
            {
                await service.GetTableClient(prefix + name).DeleteAsync(ct);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // already gone
            }
        }

        Console.WriteLine($"[drop {Label(prefix)}] Consents and ConsentIndex deleted");
        return 0;
    }

    // ------------------------------------------------------------------------------------------------------------

    private static string Label(string prefix) => prefix.Length == 0 ? "(no prefix)" : prefix;

    private static DateTimeOffset Instant(Options o, string name, DateTimeOffset? fallback)
    {
        var text = fallback is null ? o.Required(name) : o.Text(name);
        return text is null
            ? fallback!.Value
            : DateTimeOffset.TryParse(text, Inv, DateTimeStyles.AssumeUniversal, out var value) ? value : throw new ArgumentException($"--{name} must be an ISO 8601 instant.");
    }

    private static bool Expect(Options o, string name, long actual)
    {
        if (o.Text(name) is not { } text)
        {
            return true;
        }

        var expected = long.Parse(text, Inv);
        if (expected == actual)
        {
            Console.WriteLine(string.Create(Inv, $"  {name}: {actual:N0} = what the app reported"));
            return true;
        }

        Console.Error.WriteLine(string.Create(Inv, $"  {name}: the app reported {expected:N0}, the dataset says {actual:N0}"));
        return false;
    }

    /// <summary>A line every 10 s while the work goes on.</summary>
    private static Timer Progress(long start, Func<string> status) => new(
        _ => Console.WriteLine(string.Create(Inv, $"  {Stopwatch.GetElapsedTime(start).TotalSeconds,6:0} s: {status()}")),
        null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
}
