using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Hosting;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// The scheduled jobs' work on consent records, a day of a site at a time: a day is a fixed set of partitions
/// (<see cref="ConsentKeys.PartitionsOfDay"/>), so nothing outside the days asked for is read. Writes go in batches of
/// at most 100 within one partition; the storage pipeline backs off on 503/429.
/// </summary>
public sealed class ConsentRetention(AppStorage storage)
{
    public const string ExpiredState = "Expired";
    private const int Parallelism = 8;
    private TableClient Records => storage.Table(AppStorage.ConsentsTable);
    private TableClient Index => storage.Table(AppStorage.ConsentIndexTable);

    /// <summary>
    /// Marks the day's decisions whose validity ended by <paramref name="now"/> as expired, telling
    /// <paramref name="counted"/> (expired records read, newly marked) after each committed step.
    /// </summary>
    public async Task ExpireDayAsync(SiteKey site, DateOnly day, DateTimeOffset now, Action<long, long> counted, CancellationToken ct)
    {
        await Parallel.ForEachAsync(ConsentKeys.PartitionsOfDay(site, day), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (partition, token) =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ExpiresAt le {now}");
            var pending = new List<TableEntity>();
            var examined = 0L;
            await foreach (var row in Records.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "State"], cancellationToken: token))
            {
                examined++;
                if (row.GetString("State") != ExpiredState)
                {
                    pending.Add(new TableEntity(row.PartitionKey, row.RowKey) { ["State"] = ExpiredState });
                }
            }

            counted(examined - pending.Count, 0);
            foreach (var batch in pending.Chunk(100))
            {
                // A stop takes effect between batches: a write once sent is seen through and counted.
                token.ThrowIfCancellationRequested();
                await Records.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, e, ETag.All)), CancellationToken.None);
                counted(batch.Length, batch.Length);
            }
        });
    }

    /// <summary>Deletes every record of the day and the index rows that point at them, telling <paramref name="counted"/> after each batch.</summary>
    public async Task PurgeDayAsync(SiteKey site, DateOnly day, Action<long> counted, CancellationToken ct)
    {
        await Parallel.ForEachAsync(ConsentKeys.PartitionsOfDay(site, day), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (partition, token) =>
        {
            var rows = new List<TableEntity>();
            await foreach (var row in Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey", "ConsentId", "EventId"], cancellationToken: token))
            {
                rows.Add(row);
            }

            // Index rows first: if the run stops half-way the day is not checkpointed, so the next run finds the records
            // left and deletes them; the other order could leave index rows pointing at nothing, found by no run.
            foreach (var row in rows)
            {
                if (row.GetGuid("ConsentId") is { } consentId && row.GetGuid("EventId") is { } eventId)
                {
                    await Index.DeleteEntityAsync(ConsentKeys.IndexPartition(site, consentId), ConsentKeys.IndexRow(eventId), ETag.All, token);
                }
            }

            foreach (var batch in rows.Chunk(100))
            {
                token.ThrowIfCancellationRequested();
                await Records.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), CancellationToken.None);
                counted(batch.Length);
            }
        });
    }
}
