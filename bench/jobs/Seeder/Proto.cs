using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Hosting;

namespace JobsSeeder;

/// <summary>
/// A measured proposal, not the app: the same two jobs with the same results and checkpoint rules, but reading a
/// site's days with ONE key-range query (PartitionKey from "{site}-{first day}" to "{site}-{last day + 1}", pages of up
/// to 1,000 rows in key order, i.e. day by day) instead of one query per partition per day (8 a day), and for expiry
/// not reading again, for a longer validity, the days a shorter validity's range just read. Writes are those of the app: merges / deletes in transactions of ≤ 100 within one partition,
/// the index rows one delete each before their records; checkpoints per validity (expiry) or per site (purge) set to
/// the last day wholly finished, after each page instead of after each day.
/// Concurrency: --sites-parallel sites at once (the app: 4), each with --writes-parallel writes in flight (the app:
/// up to 8, one per partition of the day). The JobCheckpoints rows have the app's shape (with --checkpoints app, the
/// app's own rows: the proposal then continues exactly where a stopped app run left off).
/// </summary>
internal static class Proto
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var d = Dataset.From(o);
        var prefix = o.Text("prefix", "")!;
        var job = o.Required("job");
        var sitesParallel = Math.Max(1, o.Int("sites-parallel", 4));
        var writesParallel = Math.Max(1, o.Int("writes-parallel", 8));
        var service = new TableServiceClient(o.Required("storage"));
        var records = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);
        var checkpoints = service.GetTableClient(prefix + AppStorage.JobCheckpointsTable);
        await checkpoints.CreateIfNotExistsAsync(ct);
        var now = DateTimeOffset.UtcNow;
        // --checkpoints app: continue from (and advance) the app's own checkpoints, e.g. after a run of the app stopped
        // half-way; own (default): separate ones, so the app's next run is not affected.
        var checkpointJob = o.Text("checkpoints", "own") == "app" ? job : "Proto" + job;
        long examined = 0, changed = 0, queries = 0, pages = 0, writes = 0, checkpointWrites = 0;
        var start = Stopwatch.GetTimestamp();

        async Task<DateOnly?> GetCheckpointAsync(string key, CancellationToken token)
        {
            var row = await checkpoints.GetEntityIfExistsAsync<TableEntity>(checkpointJob, key, cancellationToken: token);
            return row.HasValue && DateOnly.TryParseExact(row.Value!.GetString("Value"), "yyyy-MM-dd", out var day) ? day : null;
        }

        async Task SetCheckpointAsync(string key, DateOnly day, CancellationToken token)
        {
            await checkpoints.UpsertEntityAsync(new TableEntity(checkpointJob, key) { ["Value"] = RetentionDays.Checkpoint(day) }, TableUpdateMode.Replace, token);
            Interlocked.Increment(ref checkpointWrites);
        }

        // Pages of one key range of a site's days; calls back per page with the rows and the last day it finished.
        async Task RangeAsync(SiteKey site, DateOnly from, DateOnly to, string? extraFilter, string[] select,
            Func<IReadOnlyList<TableEntity>, DateOnly, CancellationToken, Task> onPage, CancellationToken token)
        {
            var low = $"{site.Value}-{from:yyyyMMdd}";
            var high = $"{site.Value}-{to.AddDays(1):yyyyMMdd}";
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}") + (extraFilter is null ? "" : $" and {extraFilter}");
            Interlocked.Increment(ref queries);
            await foreach (var page in records.QueryAsync<TableEntity>(filter, select: select, cancellationToken: token).AsPages())
            {
                Interlocked.Increment(ref pages);
                // Rows come in key order, i.e. day by day: the days before the last row's are finished, and all of them
                // once the range has no more pages.
                var finished = page.ContinuationToken is null ? to
                    : page.Values.Count > 0 ? DayOf(page.Values[^1].PartitionKey).AddDays(-1) : from.AddDays(-1);
                await onPage(page.Values, finished, token);
            }
        }

        async Task WriteBatchesAsync(IEnumerable<TableEntity> rows, TableTransactionActionType type, CancellationToken token)
        {
            var batches = rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(100)).ToList();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = writesParallel, CancellationToken = token }, async (batch, t) =>
            {
                await records.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(type, e, ETag.All)), t);
                Interlocked.Increment(ref writes);
            });
        }

        var expireFilter = TableClient.CreateQueryFilter($"ExpiresAt le {now}");
        await Parallel.ForEachAsync(Enumerable.Range(0, d.Sites), new ParallelOptions { MaxDegreeOfParallelism = sitesParallel, CancellationToken = ct }, async (i, token) =>
        {
            var site = d.SiteOf(i);
            var created = RetentionDays.Day(site.Created);
            if (job == "ExpireConsents")
            {
                // A range per validity in use, shortest first, from the day after its checkpoint to the last day that can
                // hold anything newly expired for it (as the app's days, one query instead of 8 a day). A range reads every
                // record with ExpiresAt <= now, whatever its validity, so it also finishes the days of the longer
                // validities it passes over: their checkpoints advance with it where they were contiguous with its start
                // (in a catch-up the longer validity then reads only its boundary day; a daily run reads ~1 day each).
                var months = site.ValidityMonthsInUse.ToList();
                var marks = new Dictionary<int, DateOnly?>();
                foreach (var m in months)
                {
                    marks[m] = await GetCheckpointAsync($"{site.Key.Value}-{m}", token);
                }

                DateOnly Next(int m) => marks[m] is { } c ? c.AddDays(1) : created;
                foreach (var months0 in months)
                {
                    var from = Next(months0);
                    var to = from.AddDays(-1);
                    while (RetentionDays.PartlyPast(to.AddDays(1), months0, now))
                    {
                        to = to.AddDays(1);
                    }

                    if (to < from)
                    {
                        continue;
                    }

                    var carried = months.Where(m => Next(m) >= from).ToList();
                    await RangeAsync(site.Key, from, to, expireFilter, ["PartitionKey", "RowKey", "State"], async (rows, finished, t) =>
                    {
                        var pending = rows.Where(r => r.GetString("State") != ConsentRetention.ExpiredState)
                            .Select(r => new TableEntity(r.PartitionKey, r.RowKey) { ["State"] = ConsentRetention.ExpiredState }).ToList();
                        await WriteBatchesAsync(pending, TableTransactionActionType.UpdateMerge, t);
                        Interlocked.Add(ref examined, rows.Count);
                        Interlocked.Add(ref changed, pending.Count);
                        foreach (var m in carried)
                        {
                            // A validity's checkpoint: the last day read whose every record of that validity has expired.
                            var mark = finished;
                            while (mark >= created && !RetentionDays.WhollyPast(mark, m, now))
                            {
                                mark = mark.AddDays(-1);
                            }

                            if (mark >= created && (marks[m] is not { } old || mark > old))
                            {
                                await SetCheckpointAsync($"{site.Key.Value}-{m}", mark, t);
                                marks[m] = mark;
                            }
                        }
                    }, token);
                }
            }
            else if (job == "PurgeRetention")
            {
                var mark = await GetCheckpointAsync(site.Key.Value, token);
                var from = RetentionDays.After(mark is { } c ? RetentionDays.Checkpoint(c) : null, created);
                var to = from.AddDays(-1);
                while (RetentionDays.WhollyPast(to.AddDays(1), site.Consent.RetentionMonths, now))
                {
                    to = to.AddDays(1);
                }

                if (to < from)
                {
                    return;
                }

                await RangeAsync(site.Key, from, to, null, ["PartitionKey", "RowKey", "ConsentId", "EventId"], async (rows, finished, t) =>
                {
                    // Index rows first (as the app): a stop half-way leaves records that the next run finds.
                    await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = writesParallel, CancellationToken = t }, async (row, t2) =>
                    {
                        if (row.GetGuid("ConsentId") is { } consentId && row.GetGuid("EventId") is { } eventId)
                        {
                            await index.DeleteEntityAsync(ConsentKeys.IndexPartition(site.Key, consentId), ConsentKeys.IndexRow(consentId, eventId), ETag.All, t2);
                            Interlocked.Increment(ref writes);
                        }
                    });
                    await WriteBatchesAsync(rows.Select(r => new TableEntity(r.PartitionKey, r.RowKey)), TableTransactionActionType.Delete, t);
                    Interlocked.Add(ref examined, rows.Count);
                    Interlocked.Add(ref changed, rows.Count);
                    if (finished >= from && (mark is not { } old || finished > old))
                    {
                        await SetCheckpointAsync(site.Key.Value, finished, t);
                        mark = finished;
                    }
                }, token);
            }
            else
            {
                throw new ArgumentException("--job must be ExpireConsents or PurgeRetention.");
            }
        });

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine(string.Create(Inv,
            $"PROTO job={job} now={now:O} seconds={seconds:0.00} processed={examined} changed={changed} records_per_s={changed / Math.Max(seconds, 0.001):0} range_queries={queries} pages={pages} writes={writes} checkpoint_writes={checkpointWrites}"));
        return 0;
    }

    /// <summary>The receive day of a Consents partition key "{site}-{yyyyMMdd}-{shard}".</summary>
    private static DateOnly DayOf(string partition) =>
        DateOnly.ParseExact(partition.AsSpan(partition.Length - 10, 8), "yyyyMMdd", Inv);
}
