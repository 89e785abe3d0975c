using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>
/// BillingSubscriptions: one row per agency (PartitionKey agency id). BillingEvents: one row per Stripe event id
/// processed (PartitionKey event id, RowKey "event", ProcessedAt), so a redelivery does nothing; rows older than
/// <see cref="PruneBillingEvents.KeepFor"/> are deleted by <see cref="PruneBillingEvents"/>.
/// </summary>
public sealed class SubscriptionStore(AppStorage storage, TimeProvider clock)
{
    private const string Row = "subscription";
    private const string EventRow = "event";
    private const int MaxAttempts = 5;

    /// <summary>Event rows deleted together (each row is its own partition: separate deletes, run side by side).</summary>
    public const int PruneBatch = 100;
    private TableClient Subscriptions => storage.Table(AppStorage.BillingSubscriptionsTable);
    private TableClient Events => storage.Table(AppStorage.BillingEventsTable);

    public async Task<AgencySubscription?> GetAsync(AgencyId agency, CancellationToken ct)
    {
        var found = await Subscriptions.GetEntityIfExistsAsync<TableEntity>(agency.Value, Row, cancellationToken: ct);
        return found.HasValue ? Read(agency, found.Value!) : null;
    }

    /// <summary>Every agency's subscription row (a scan of the table: one small row per agency that ever checked out).</summary>
    public async Task<IReadOnlyList<AgencySubscription>> ListAllAsync(CancellationToken ct)
    {
        var all = new List<AgencySubscription>();
        await foreach (var row in Subscriptions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row}"), cancellationToken: ct))
        {
            if (AgencyId.TryParse(row.PartitionKey, out var agency))
            {
                all.Add(Read(agency, row));
            }
        }

        return all;
    }

    /// <summary>Remembers the Stripe customer made for the agency (before its first checkout), unless one is already known.</summary>
    public Task RememberCustomerAsync(AgencyId agency, string customerId, CancellationToken ct) =>
        UpdateAsync(agency, current => current.CustomerId is null ? current with { CustomerId = customerId } : null, ct);

    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken ct) =>
        (await Events.GetEntityIfExistsAsync<TableEntity>(eventId, EventRow, cancellationToken: ct)).HasValue;

    /// <summary>Records the event as processed; false when it already was (a concurrent delivery of the same event).</summary>
    public async Task<bool> MarkProcessedAsync(string eventId, string type, CancellationToken ct)
    {
        try
        {
            await Events.AddEntityAsync(new TableEntity(eventId, EventRow) { ["Type"] = type, ["ProcessedAt"] = clock.GetUtcNow() }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the processed-event rows whose ProcessedAt is before <paramref name="before"/>, <see cref="PruneBatch"/>
    /// at a time, reporting each batch's count to <paramref name="deleted"/>. A row without ProcessedAt is left alone.
    /// </summary>
    public async Task PruneEventsAsync(DateTimeOffset before, Action<long> deleted, CancellationToken ct)
    {
        var batch = new List<TableEntity>(PruneBatch);
        var filter = TableClient.CreateQueryFilter($"ProcessedAt lt {before}");
        await foreach (var row in Events.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "RowKey"], ct))
        {
            batch.Add(row);
            if (batch.Count == PruneBatch)
            {
                await DeleteEventsAsync(batch, ct);
                deleted(batch.Count);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await DeleteEventsAsync(batch, ct);
            deleted(batch.Count);
        }
    }

    private Task DeleteEventsAsync(List<TableEntity> rows, CancellationToken ct) =>
        Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (row, token) => await Events.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, token));

    /// <summary>
    /// Read, change, write under the row's ETag (retrying when another event for the agency wrote in between).
    /// <paramref name="change"/> returns null to leave the row as it is.
    /// </summary>
    public async Task UpdateAsync(AgencyId agency, Func<AgencySubscription, AgencySubscription?> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await Subscriptions.GetEntityIfExistsAsync<TableEntity>(agency.Value, Row, cancellationToken: ct);
            var current = found.HasValue ? Read(agency, found.Value!) : new AgencySubscription(agency, null, null, null, null, null, null, null);
            if (change(current) is not { } updated || updated == current)
            {
                return;
            }

            try
            {
                if (found.HasValue)
                {
                    await Subscriptions.UpdateEntityAsync(Write(updated), found.Value!.ETag, TableUpdateMode.Replace, ct);
                }
                else
                {
                    await Subscriptions.AddEntityAsync(Write(updated), ct);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another event for this agency was stored first: apply ours to what it left.
            }
        }
    }

    private static AgencySubscription Read(AgencyId agency, TableEntity e) => new(
        agency,
        e.GetString("CustomerId"),
        e.GetString("SubscriptionId"),
        e.GetString("Status"),
        e.GetDateTimeOffset("StatusAt"),
        e.GetDateTimeOffset("PastDueSince"),
        e.GetString("LastInvoiceOutcome"),
        e.GetDateTimeOffset("LastInvoiceAt"))
    {
        PriceId = e.GetString("PriceId"),
        PlanName = e.GetString("PlanName"),
        PeriodStart = e.GetDateTimeOffset("PeriodStart"),
        StartedAt = e.GetDateTimeOffset("StartedAt"),
    };

    private static TableEntity Write(AgencySubscription s) => new(s.Agency.Value, Row)
    {
        ["CustomerId"] = s.CustomerId,
        ["SubscriptionId"] = s.SubscriptionId,
        ["Status"] = s.Status,
        ["StatusAt"] = s.StatusAt,
        ["PastDueSince"] = s.PastDueSince,
        ["LastInvoiceOutcome"] = s.LastInvoiceOutcome,
        ["LastInvoiceAt"] = s.LastInvoiceAt,
        ["PriceId"] = s.PriceId,
        ["PlanName"] = s.PlanName,
        ["PeriodStart"] = s.PeriodStart,
        ["StartedAt"] = s.StartedAt,
    };
}
