using System.Globalization;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// ConsentStats: PartitionKey = site key, RowKey = "{yyyyMMdd}-w-{writer}" (what one app instance counted at ingest
/// that day, its running total, rewritten whole at each flush: an idempotent upsert, no read, no contention between
/// instances) or "{yyyyMMdd}-r" (the day recounted from the raw records by <see cref="RecountStatistics"/>, which then
/// stands for the day alone). A range of days is one key-range query inside the site's partition: a year is a few
/// hundred small rows, never a raw record.
/// </summary>
public sealed class StatisticsStore(AppStorage storage)
{
    private const string RecountSuffix = "-r";
    private const string WriterInfix = "-w-";
    private TableClient Table => storage.Table(AppStorage.ConsentStatsTable);

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public Task WriteCountedAsync(SiteKey site, DateOnly day, string writer, DayCounts counts, CancellationToken ct) =>
        Table.UpsertEntityAsync(Entity(site, Day(day) + WriterInfix + writer, day, counts), TableUpdateMode.Replace, ct);

    public Task WriteRecountAsync(SiteKey site, DateOnly day, DayCounts counts, CancellationToken ct) =>
        Table.UpsertEntityAsync(Entity(site, Day(day) + RecountSuffix, day, counts), TableUpdateMode.Replace, ct);

    /// <summary>The counts of each day of the range that has any: the recount where there is one, else the instances' sum.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, DayCounts>> ReadAsync(SiteKey site, ReportRange range, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {site.Value} and RowKey ge {Day(range.From)} and RowKey lt {Day(range.To.AddDays(1))}");
        var counted = new Dictionary<DateOnly, DayCounts>();
        var recounted = new Dictionary<DateOnly, DayCounts>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (!DateOnly.TryParseExact(row.RowKey.AsSpan(0, Math.Min(8, row.RowKey.Length)), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            var counts = DayCounts.FromJson(row.GetString("Counts"));
            if (row.RowKey.EndsWith(RecountSuffix, StringComparison.Ordinal))
            {
                recounted[day] = counts;
            }
            else if (counted.TryGetValue(day, out var sum))
            {
                sum.Add(counts);
            }
            else
            {
                counted[day] = counts;
            }
        }

        foreach (var (day, counts) in recounted)
        {
            counted[day] = counts;
        }

        return counted;
    }

    /// <summary>Removes a site's statistics (when the site itself is purged).</summary>
    public async Task DeleteAllAsync(SiteKey site, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            rows.Add(row);
        }

        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)), ct);
        }
    }

    private static TableEntity Entity(SiteKey site, string rowKey, DateOnly day, DayCounts counts) => new(site.Value, rowKey)
    {
        ["Day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Total"] = counts.Total,
        ["Counts"] = counts.ToJson(),
    };
}
