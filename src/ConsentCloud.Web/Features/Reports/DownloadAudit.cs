using System.Globalization;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// One download of consent proof: who (<see cref="Access.Caller.AuditName"/>: never a token), when, which site, what
/// (an export of a range, with its format and filter, or the proof page of one consent id).
/// </summary>
public sealed record DownloadAuditEntry(
    DateTimeOffset At, string Who, string SiteKey, string Kind, DateOnly? From, DateOnly? To, string Format, string? Filter, Guid? ConsentId)
{
    public const string ExportKind = "export";
    public const string ProofKind = "proof";
}

/// <summary>
/// DownloadAudit: PartitionKey = agency id, RowKey = inverted time (19 digits) + a random suffix, so an agency's log is
/// one partition read newest first, and no agency's query can reach another's rows.
/// </summary>
public sealed class DownloadAudit(AppStorage storage)
{
    public const int MaxList = 500;
    private TableClient Table => storage.Table(AppStorage.DownloadAuditTable);

    /// <summary>Written before the download starts: a download that cannot be recorded is not served.</summary>
    public Task RecordAsync(AgencyId agency, DownloadAuditEntry entry, CancellationToken ct)
    {
        var row = (DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Ids.New()[..8];
        return Table.AddEntityAsync(new TableEntity(agency.Value, row)
        {
            ["At"] = entry.At,
            ["Who"] = entry.Who,
            ["Site"] = entry.SiteKey,
            ["Kind"] = entry.Kind,
            ["From"] = entry.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["To"] = entry.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Format"] = entry.Format,
            ["Filter"] = entry.Filter,
            ["ConsentId"] = entry.ConsentId,
        }, ct);
    }

    /// <summary>The newest <paramref name="max"/> entries of the agency.</summary>
    public async Task<IReadOnlyList<DownloadAuditEntry>> ListAsync(AgencyId agency, int max, CancellationToken ct)
    {
        var entries = new List<DownloadAuditEntry>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {agency.Value}"), maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            if (entries.Count >= max)
            {
                break;
            }

            entries.Add(new DownloadAuditEntry(
                row.GetDateTimeOffset("At") ?? default, row.GetString("Who") ?? "", row.GetString("Site") ?? "", row.GetString("Kind") ?? "",
                Day(row.GetString("From")), Day(row.GetString("To")), row.GetString("Format") ?? "", row.GetString("Filter"), row.GetGuid("ConsentId")));
        }

        return entries;
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
