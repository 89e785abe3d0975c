using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// Consent proof records and the per-visitor index over them. Every method takes the site (the tenant of a record);
/// partition keys begin with it, so no query can reach another site's records.
/// </summary>
public sealed class ConsentLog(AppStorage storage, ConsentCommitter committer)
{
    /// <summary>A visitor's history is bounded: decisions past this many are not listed (they are still erased).</summary>
    public const int MaxHistory = 500;

    private TableClient Records => storage.Table(AppStorage.ConsentsTable);
    private TableClient Index => storage.Table(AppStorage.ConsentIndexTable);

    /// <summary>
    /// A report that arrives this long after its decision may be the banner's retry of a first attempt stored before
    /// issue 20, under the legacy index layout, or while there were 8 shards: those partitions are checked first (a
    /// point read each), so it is not stored twice.
    /// </summary>
    public static readonly TimeSpan LegacyRetryAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Stores a decision once per event id. The index row is written first and fixes where the record goes; the
    /// record follows. Both are group-committed with the other decisions bound for their partitions
    /// (<see cref="ConsentCommitter"/>). A retry of the same event finds the index row and completes or confirms the
    /// same record, so no decision is stored twice and none is left reachable only half-way. Answers the stored record
    /// and whether this call created it, only once the record is stored. When too many decisions are being stored
    /// already, fails (503) before writing anything.
    /// </summary>
    public async Task<(ConsentRecord Record, bool Created)> AppendAsync(ConsentRecord record, CancellationToken ct)
    {
        using var slot = committer.Reserve();
        TableEntity? existing = null;
        if (record.DecidedAt < record.ReceivedAt - LegacyRetryAge)
        {
            var legacy = await Index.GetEntityIfExistsAsync<TableEntity>(ConsentKeys.LegacyIndexPartition(record.Site, record.ConsentId), ConsentKeys.LegacyIndexRow(record.EventId), cancellationToken: ct);
            existing = legacy.HasValue ? legacy.Value : null;
            if (existing is null && ConsentKeys.EarlierIndexPartition(record.Site, record.ConsentId) is { } earlierPartition)
            {
                var earlier = await Index.GetEntityIfExistsAsync<TableEntity>(earlierPartition, ConsentKeys.IndexRow(record.ConsentId, record.EventId), cancellationToken: ct);
                existing = earlier.HasValue ? earlier.Value : null;
            }
        }

        if (existing is null && !await committer.InsertAsync(Index, record.ToIndexEntity()))
        {
            existing = (await Index.GetEntityAsync<TableEntity>(ConsentKeys.IndexPartition(record.Site, record.ConsentId), ConsentKeys.IndexRow(record.ConsentId, record.EventId), cancellationToken: ct)).Value;
        }

        if (existing is not null)
        {
            // The first attempt's receive time holds; so does a decision time the banner sent (the retry carries the
            // same), while one that defaulted to the receive time moves with it, and the expiry with that.
            var first = existing.GetDateTimeOffset("ReceivedAt") ?? record.ReceivedAt;
            record = record.DecidedAt == record.ReceivedAt
                ? record with { ReceivedAt = first, DecidedAt = first, ExpiresAt = first + (record.ExpiresAt - record.ReceivedAt) }
                : record with { ReceivedAt = first };
            var stored = await Records.GetEntityIfExistsAsync<TableEntity>(existing.GetString("RecordPartition")!, existing.GetString("RecordRow")!, cancellationToken: ct);
            if (stored.HasValue)
            {
                return (stored.Value!.ToRecord(record.Site), false);
            }
        }

        // Not cancelled with the request from here: the record may share a transaction with other visitors' decisions.
        ct.ThrowIfCancellationRequested();
        return (record, await committer.InsertAsync(Records, record.ToEntity()));
    }

    /// <summary>
    /// Every decision recorded for a consent id, oldest first: its index rows (a key range, and the legacy partition), then point reads. Decisions received
    /// in the same instant keep the order they were stored in (the index row's storage timestamp).
    /// </summary>
    public async Task<IReadOnlyList<ConsentRecord>> HistoryAsync(SiteKey site, Guid consentId, CancellationToken ct)
    {
        var records = new List<(ConsentRecord Record, DateTimeOffset? Stored)>();
        await foreach (var pointer in IndexRowsAsync(site, consentId, ct))
        {
            if (records.Count >= MaxHistory)
            {
                break;
            }

            var row = await Records.GetEntityIfExistsAsync<TableEntity>(pointer.GetString("RecordPartition")!, pointer.GetString("RecordRow")!, cancellationToken: ct);
            if (row.HasValue)
            {
                records.Add((row.Value!.ToRecord(site), pointer.Timestamp));
            }
        }

        return records.OrderBy(r => r.Record.ReceivedAt).ThenBy(r => r.Stored).Select(r => r.Record).ToList();
    }

    /// <summary>On a decision's row: when a later withdrawal of its consent id covered it (the withdrawal's receive time).</summary>
    public const string WithdrawnAtProperty = "WithdrawnAt";

    /// <summary>
    /// After a withdrawal is stored: marks the consent id's earlier decisions as withdrawn (a merge of
    /// <see cref="WithdrawnAtProperty"/>), so a download that reads them by day, without their history, tells their
    /// state. A visitor has a handful of decisions; answers how many were marked.
    /// </summary>
    public async Task<int> MarkWithdrawnAsync(SiteKey site, Guid consentId, DateTimeOffset withdrawnAt, CancellationToken ct)
    {
        var marked = 0;
        await foreach (var pointer in IndexRowsAsync(site, consentId, ct))
        {
            if (marked >= MaxHistory)
            {
                break;
            }

            if (pointer.GetDateTimeOffset("ReceivedAt") is { } received && received <= withdrawnAt)
            {
                var patch = new TableEntity(pointer.GetString("RecordPartition")!, pointer.GetString("RecordRow")!) { [WithdrawnAtProperty] = withdrawnAt };
                try
                {
                    await Records.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, ct);
                    marked++;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // An index row whose record was never completed (or was erased): nothing to mark.
                }
            }
        }

        return marked;
    }

    /// <summary>Erases every record of a consent id and then its index rows (GDPR Art. 17). Answers how many records went.</summary>
    public async Task<int> EraseAsync(SiteKey site, Guid consentId, CancellationToken ct)
    {
        var pointers = new List<TableEntity>();
        await foreach (var pointer in IndexRowsAsync(site, consentId, ct))
        {
            pointers.Add(pointer);
        }

        var erased = 0;
        foreach (var pointer in pointers)
        {
            var response = await Records.DeleteEntityAsync(pointer.GetString("RecordPartition")!, pointer.GetString("RecordRow")!, ETag.All, ct);
            erased += response.Status == 404 ? 0 : 1;
        }

        foreach (var batch in pointers.GroupBy(p => p.PartitionKey, StringComparer.Ordinal).SelectMany(partition => partition.Chunk(100)))
        {
            await Index.SubmitTransactionAsync(batch.Select(p => new TableTransactionAction(TableTransactionActionType.Delete, p, ETag.All)), ct);
        }

        return erased;
    }

    /// <summary>
    /// A consent id's index rows: its key range of its shard's partition (and of its partition while there were 8
    /// shards, when that differs), then its partition of the legacy layout.
    /// </summary>
    private async IAsyncEnumerable<TableEntity> IndexRowsAsync(SiteKey site, Guid consentId, [EnumeratorCancellation] CancellationToken ct)
    {
        var (from, to) = ConsentKeys.IndexRowsOf(consentId);
        foreach (var partition in (string?[])[ConsentKeys.IndexPartition(site, consentId), ConsentKeys.EarlierIndexPartition(site, consentId)])
        {
            if (partition is null)
            {
                continue;
            }

            await foreach (var row in Index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: ct))
            {
                yield return row;
            }
        }

        await foreach (var row in Index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ConsentKeys.LegacyIndexPartition(site, consentId)}"), cancellationToken: ct))
        {
            yield return row;
        }
    }
}
