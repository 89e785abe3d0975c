using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// The scheduled jobs' work on consent records. A site's receive days are a contiguous key range of the Consents table
/// (PartitionKey "{site}-{yyyyMMdd}-{shard}", <see cref="ConsentKeys"/>), so a span of days is read with ONE range query
/// in key order, page by page (up to 1,000 rows), instead of a query per partition per day: nothing outside the days
/// asked for is read, and a page's writes finish before the next page is read, so memory stays at one page.
/// Writes go in transactions of at most 100 within one partition, <see cref="WritesInFlight"/> at a time; the storage
/// pipeline backs off on 503/429. A stop takes effect between transactions: a write once sent is seen through and
/// counted, and a day is reported finished only once every write of it is done.
/// </summary>
public sealed class ConsentRetention(AppStorage storage)
{
    public const string ExpiredState = "Expired";
    private const int WritesInFlight = 8;
    private TableClient Records => storage.Table(AppStorage.ConsentsTable);
    private TableClient Index => storage.Table(AppStorage.ConsentIndexTable);

    /// <summary>
    /// Marks the records of days <paramref name="from"/>..<paramref name="to"/> whose validity ended by
    /// <paramref name="now"/> (whatever their validity) as expired. After each page: <paramref name="counted"/>
    /// (expired records read, newly marked), then <paramref name="finished"/> with the last day wholly done.
    /// </summary>
    public Task ExpireAsync(SiteKey site, DateOnly from, DateOnly to, DateTimeOffset now, Action<long, long> counted, Func<DateOnly, CancellationToken, Task> finished, CancellationToken ct) =>
        ScanAsync(site, from, to, TableClient.CreateQueryFilter($"ExpiresAt le {now}"), ["PartitionKey", "RowKey", "State"], async (rows, token) =>
        {
            var pending = rows.Where(r => r.GetString("State") != ExpiredState)
                .Select(r => new TableEntity(r.PartitionKey, r.RowKey) { ["State"] = ExpiredState }).ToList();
            counted(rows.Count - pending.Count, 0);
            await WriteAsync(Records, pending, TableTransactionActionType.UpdateMerge, n => counted(n, n), token);
        }, finished, ct);

    /// <summary>
    /// Deletes every record of days <paramref name="from"/>..<paramref name="to"/> and the index rows that point at
    /// them. After each page: <paramref name="counted"/> per transaction, then <paramref name="finished"/>.
    /// </summary>
    public Task PurgeAsync(SiteKey site, DateOnly from, DateOnly to, Action<long> counted, Func<DateOnly, CancellationToken, Task> finished, CancellationToken ct) =>
        ScanAsync(site, from, to, null, ["PartitionKey", "RowKey", "ConsentId", "EventId"], async (rows, token) =>
        {
            // Index rows first: if the run stops half-way the day is not finished, so the next run finds the records
            // left and deletes them; the other order could leave index rows pointing at nothing, found by no run.
            // Rows of the legacy index layout (written before issue 20) are left to the site's weekly sweep. The index
            // rows of a page share the site's shard partitions, so they go in transactions too. A record's index row is
            // in the shard of the record's own partition key: the shard it was written with, under 2 shards or 8.
            var pointers = new List<TableEntity>(rows.Count);
            foreach (var row in rows)
            {
                if (row.GetGuid("ConsentId") is { } consentId && row.GetGuid("EventId") is { } eventId)
                {
                    pointers.Add(new TableEntity(ConsentKeys.IndexPartitionOfRecord(site, row.PartitionKey), ConsentKeys.IndexRow(consentId, eventId)));
                }
            }

            await DeleteMaybeGoneAsync(Index, pointers, token);
            await WriteAsync(Records, rows.Select(r => new TableEntity(r.PartitionKey, r.RowKey)).ToList(), TableTransactionActionType.Delete, counted, token);
        }, finished, ct);

    /// <summary>
    /// Deletes a site's index rows received before <paramref name="before"/> (every one of them when null). Once the
    /// purge has finished those days, such a row points at nothing: its record was purged, or was never written (the
    /// index row goes first and a decision whose record write then failed, and was not retried, leaves it alone).
    /// One range query over the site's index partitions ("{site}-{shard}", and "{site}-{consent id}" of the legacy
    /// layout), filtered on ReceivedAt, page by page;
    /// answers how many rows went.
    /// </summary>
    public async Task<long> SweepIndexAsync(SiteKey site, DateTimeOffset? before, CancellationToken ct)
    {
        var range = TableClient.CreateQueryFilter($"PartitionKey ge {site.Value + "-"} and PartitionKey lt {site.Value + "."}");
        var filter = before is { } cutoff ? $"{range} and {TableClient.CreateQueryFilter($"ReceivedAt lt {cutoff}")}" : range;
        long deleted = 0;
        await foreach (var page in Index.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct).AsPages())
        {
            // Continuation is by key, so deleting the rows already returned does not disturb the pages still to come.
            await WriteAsync(Index, page.Values.Select(r => new TableEntity(r.PartitionKey, r.RowKey)).ToList(), TableTransactionActionType.Delete,
                n => Interlocked.Add(ref deleted, n), ct);
        }

        return deleted;
    }

    /// <summary>The rows of a site's days in key order (day by day), a page at a time, each page's work done before the next is read.</summary>
    private async Task ScanAsync(SiteKey site, DateOnly from, DateOnly to, string? filter, IEnumerable<string> select,
        Func<IReadOnlyList<TableEntity>, CancellationToken, Task> onPage, Func<DateOnly, CancellationToken, Task> finished, CancellationToken ct)
    {
        if (to < from)
        {
            return;
        }

        var low = $"{site.Value}-{from:yyyyMMdd}";
        var high = $"{site.Value}-{to.AddDays(1):yyyyMMdd}";
        var range = TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}");
        var done = from.AddDays(-1);
        await foreach (var page in Records.QueryAsync<TableEntity>(filter is null ? range : $"{range} and {filter}", select: select, cancellationToken: ct).AsPages())
        {
            await onPage(page.Values, ct);
            // Rows come in key order: with more pages to come, the days before the last row's are done; at the end, all.
            var through = page.ContinuationToken is null ? to : page.Values.Count > 0 ? DayOf(page.Values[^1].PartitionKey).AddDays(-1) : done;
            if (through > done)
            {
                done = through;
                await finished(done, ct);
            }
        }
    }

    /// <summary>
    /// Transactions of ≤ 100 per partition, <see cref="WritesInFlight"/> at a time, each counted once committed. A
    /// partition with one row (most of them: records are sharded within a day) goes as a plain entity request: as
    /// atomic as a transaction of one, without the SDK building (and the service parsing) a multipart body for it.
    /// </summary>
    private static async Task WriteAsync(TableClient table, List<TableEntity> rows, TableTransactionActionType type, Action<long> committed, CancellationToken ct)
    {
        var batches = rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = WritesInFlight, CancellationToken = ct }, async (batch, _) =>
        {
            if (batch is [var single])
            {
                await WriteOneAsync(table, single, type);
            }
            else
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(type, e, ETag.All)), CancellationToken.None);
            }

            committed(batch.Length);
        });
    }

    /// <summary>
    /// Deletes rows some of which may be gone already (an index row erased meanwhile): in transactions of ≤ 100 per
    /// partition; a transaction refused because one of its rows is missing (404, and nothing of it was deleted) is done
    /// again row by row, where a missing row is no error.
    /// </summary>
    private static async Task DeleteMaybeGoneAsync(TableClient table, List<TableEntity> rows, CancellationToken ct)
    {
        var batches = rows.DistinctBy(r => (r.PartitionKey, r.RowKey)).GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = WritesInFlight, CancellationToken = ct }, async (batch, _) =>
        {
            if (batch.Length > 1)
            {
                try
                {
                    await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), CancellationToken.None);
                    return;
                }
                catch (TableTransactionFailedException e) when (e.Status == StatusCodes.Status404NotFound)
                {
                    // One row is gone: the others are deleted one by one below.
                }
            }

            foreach (var row in batch)
            {
                await WriteOneAsync(table, row, TableTransactionActionType.Delete);
            }
        });
    }

    /// <summary>One row's merge or delete, unconditional (ETag *); a delete of a row already gone answers 404 without throwing, as deleting is meant to.</summary>
    private static Task<Response> WriteOneAsync(TableClient table, TableEntity row, TableTransactionActionType type) => type switch
    {
        TableTransactionActionType.UpdateMerge => table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, CancellationToken.None),
        TableTransactionActionType.Delete => table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only merges and deletes are written here."),
    };

    /// <summary>The receive day of a Consents partition key "{site}-{yyyyMMdd}-{shard}".</summary>
    private static DateOnly DayOf(string partition) =>
        DateOnly.ParseExact(partition.AsSpan(partition.LastIndexOf('-') - 8, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
}
