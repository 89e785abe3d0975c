using System.Globalization;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Billing.Usage;

/// <summary>
/// One agency's day, settled: of its <see cref="Decisions"/>, <see cref="Value"/> were above the plan's included volume
/// and reported to the Stripe meter as the event <see cref="Identifier"/> (null when there were none and nothing was
/// sent), at <see cref="ReportedAt"/>.
/// </summary>
public sealed record UsageReport(AgencyId Agency, DateOnly Day, long Value, string? Identifier, DateTimeOffset ReportedAt)
{
    public long Decisions { get; init; }
}

/// <summary>
/// BillingUsageReports: PartitionKey = agency id, RowKey = the UTC day (yyyyMMdd); Value, Identifier, ReportedAt. A row
/// is written only after Stripe accepted the day's meter event (or the day had no decisions), so a day without a row is
/// still to be reported, and a day with one is never reported again. An agency's days are one small partition.
/// </summary>
public sealed class UsageReportStore(AppStorage storage)
{
    private TableClient Table => storage.Table(AppStorage.BillingUsageReportsTable);

    public static string DayKey(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The agency's settled days between <paramref name="from"/> and <paramref name="to"/>, both included.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, UsageReport>> ReadAsync(AgencyId agency, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {agency.Value} and RowKey ge {DayKey(from)} and RowKey le {DayKey(to)}");
        var reports = new Dictionary<DateOnly, UsageReport>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (DateOnly.TryParseExact(row.RowKey, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                reports[day] = new UsageReport(agency, day, row.GetInt64("Value") ?? 0, row.GetString("Identifier"), row.GetDateTimeOffset("ReportedAt") ?? default)
                {
                    Decisions = row.GetInt64("Decisions") ?? 0,
                };
            }
        }

        return reports;
    }

    /// <summary>Settles the day (a replace: writing the same day again after a crash leaves one row).</summary>
    public Task WriteAsync(UsageReport report, CancellationToken ct) =>
        Table.UpsertEntityAsync(new TableEntity(report.Agency.Value, DayKey(report.Day))
        {
            ["Value"] = report.Value,
            ["Decisions"] = report.Decisions,
            ["Identifier"] = report.Identifier,
            ["ReportedAt"] = report.ReportedAt,
        }, TableUpdateMode.Replace, ct);
}
