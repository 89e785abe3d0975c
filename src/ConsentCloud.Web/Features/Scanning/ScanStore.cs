using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// SiteScans: PartitionKey = site key, RowKey = scan id (inverted request time first, so a site's newest scan is its
/// first row), the owning agency in every row and checked on every read (the tenant stays explicit); the findings as
/// JSON in chunks of at most <see cref="ChunkLength"/> characters ("Data0", "Data1", …), as Census does. A site keeps
/// its last <see cref="Kept"/> scans. The agency's rate rows live beside them: PartitionKey = "agency:{id}", one row
/// per scan started, for an hour. A site's domain checks too: PartitionKey = "domains:{site key}", RowKey = the domain
/// (one row per domain, its last check), and RowKey "!checked" for when "Check domains" last ran.
/// </summary>
public sealed class ScanStore(AppStorage storage)
{
    public const int Kept = 10;
    public const int ChunkLength = 30_000;
    public const int MaxChunks = 15;
    private const string AgencyPartition = "agency:";
    private const string DomainsPartition = "domains:";
    private const string CheckedRow = "!checked";

    private static readonly System.Buffers.SearchValues<char> Base32 = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz234567");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private TableClient Table => storage.Table(AppStorage.SiteScansTable);

    /// <summary>A new scan id: 19 digits of inverted time (newest sorts first), then 6 random characters.</summary>
    public static string NewId(DateTimeOffset now) =>
        (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + Ids.New()[..6];

    public static bool IsId(string? id) =>
        id is { Length: 25 } && id.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0 && id.AsSpan(19).IndexOfAnyExcept(Base32) < 0;

    public async Task CreateAsync(AgencyId agency, SiteScan scan, CancellationToken ct)
    {
        await Table.AddEntityAsync(ToEntity(agency, scan), ct);
        await PruneAsync(new SiteKey(scan.SiteKey), ct);
    }

    public async Task SaveAsync(AgencyId agency, SiteScan scan, CancellationToken ct) =>
        await Table.UpsertEntityAsync(ToEntity(agency, scan), TableUpdateMode.Replace, ct);

    public async Task<SiteScan?> GetAsync(AgencyId agency, SiteKey site, string scanId, CancellationToken ct)
    {
        if (!IsId(scanId))
        {
            return null;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(site.Value, scanId, cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("Agency") == agency.Value ? ToScan(row.Value) : null;
    }

    /// <summary>The site's scans, newest first (at most <see cref="Kept"/>).</summary>
    public async Task<IReadOnlyList<SiteScan>> ListAsync(AgencyId agency, SiteKey site, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {site.Value} and Agency eq {agency.Value}");
        var scans = new List<SiteScan>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Kept, cancellationToken: ct))
        {
            scans.Add(ToScan(row));
            if (scans.Count == Kept)
            {
                break;
            }
        }

        return scans;
    }

    /// <summary>Scans the agency started since <paramref name="since"/> (up to <paramref name="max"/>), and the time the oldest of them was started.</summary>
    public async Task<(int Count, DateTimeOffset? Oldest)> StartedSinceAsync(AgencyId agency, DateTimeOffset since, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AgencyPartition + agency.Value} and RowKey lt {Inverted(since)}");
        var count = 0;
        DateTimeOffset? oldest = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: max, select: ["RowKey", "StartedAt"], cancellationToken: ct))
        {
            count++;
            oldest = row.GetDateTimeOffset("StartedAt");
            if (count >= max)
            {
                break;
            }
        }

        return (count, oldest);
    }

    /// <summary>Notes a scan start against the agency's hourly allowance; rows older than a day go at the same time.</summary>
    public async Task RecordStartAsync(AgencyId agency, string scanId, DateTimeOffset now, CancellationToken ct)
    {
        var partition = AgencyPartition + agency.Value;
        await Table.AddEntityAsync(new TableEntity(partition, scanId) { ["StartedAt"] = now }, ct);
        var old = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {Inverted(now.AddDays(-1))}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(old, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            rows.Add(row);
        }

        await DeleteAsync(rows, ct);
    }

    /// <summary>Removes a site's scans and domain checks (a deleted site); answers the number of scans removed.</summary>
    public async Task<int> DeleteAllAsync(SiteKey site, CancellationToken ct)
    {
        var removed = 0;
        foreach (var partition in new[] { site.Value, DomainsPartition + site.Value })
        {
            var rows = new List<TableEntity>();
            await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            {
                rows.Add(row);
            }

            await DeleteAsync(rows, ct);
            removed = partition == site.Value ? rows.Count : removed;
        }

        return removed;
    }

    /// <summary>The site's last check of each domain, by domain.</summary>
    public async Task<Dictionary<string, DomainCheck>> DomainChecksAsync(AgencyId agency, SiteKey site, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DomainsPartition + site.Value} and Agency eq {agency.Value} and RowKey ne {CheckedRow}");
        var checks = new Dictionary<string, DomainCheck>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            checks[row.RowKey] = new DomainCheck(
                row.RowKey,
                row.GetBoolean("Verified") ?? false,
                Enum.TryParse<VerificationMethod>(row.GetString("Method"), out var method) ? method : null,
                row.GetDateTimeOffset("CheckedAt") ?? default,
                Enum.TryParse<SkipReason>(row.GetString("Reason"), out var reason) ? reason : null,
                row.GetString("Detail"));
        }

        return checks;
    }

    public async Task SaveDomainCheckAsync(AgencyId agency, SiteKey site, DomainCheck check, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(DomainsPartition + site.Value, check.Domain)
        {
            ["Agency"] = agency.Value,
            ["Verified"] = check.Verified,
            ["Method"] = check.Method?.ToString(),
            ["CheckedAt"] = check.CheckedAt,
            ["Reason"] = check.Reason?.ToString(),
            ["Detail"] = check.Detail is { Length: > 1000 } detail ? detail[..1000] : check.Detail,
        }, TableUpdateMode.Replace, ct);

    /// <summary>When "Check domains" last ran for the site, or null.</summary>
    public async Task<DateTimeOffset?> LastDomainCheckAsync(AgencyId agency, SiteKey site, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(DomainsPartition + site.Value, CheckedRow, cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("Agency") == agency.Value ? row.Value.GetDateTimeOffset("CheckedAt") : null;
    }

    public async Task RecordDomainCheckAsync(AgencyId agency, SiteKey site, DateTimeOffset now, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(DomainsPartition + site.Value, CheckedRow) { ["Agency"] = agency.Value, ["CheckedAt"] = now }, TableUpdateMode.Replace, ct);

    /// <summary>Deletes the checks of domains the site no longer has.</summary>
    public async Task ForgetDomainChecksAsync(AgencyId agency, SiteKey site, IReadOnlyCollection<string> keep, CancellationToken ct)
    {
        var gone = (await DomainChecksAsync(agency, site, ct)).Keys.Where(d => !keep.Contains(d))
            .Select(d => new TableEntity(DomainsPartition + site.Value, d)).ToList();
        await DeleteAsync(gone, ct);
    }

    private async Task PruneAsync(SiteKey site, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            rows.Add(row);
        }

        await DeleteAsync(rows.Skip(Kept).ToList(), ct);
    }

    private async Task DeleteAsync(List<TableEntity> rows, CancellationToken ct)
    {
        // One partition per call site: batches of 100, as an entity group transaction requires.
        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), ct);
        }
    }

    private static string Inverted(DateTimeOffset time) => (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(AgencyId agency, SiteScan scan)
    {
        var entity = new TableEntity(scan.SiteKey, scan.Id)
        {
            ["Agency"] = agency.Value,
            ["Status"] = scan.Status.ToString(),
            ["RequestedAt"] = scan.RequestedAt,
            ["StartedAt"] = scan.StartedAt,
            ["FinishedAt"] = scan.FinishedAt,
            ["PagesScanned"] = scan.PagesScanned,
            ["Progress"] = scan.Progress,
            ["ErrorReason"] = scan.ErrorReason?.ToString(),
            ["Error"] = scan.Error is { Length: > 2000 } error ? error[..2000] : scan.Error,
        };
        if (scan.Findings is { } findings)
        {
            var json = JsonSerializer.Serialize(findings, Json);
            if (json.Length > ChunkLength * MaxChunks)
            {
                // Bounded lists keep this far away; should it happen, the pages seen per service go first.
                json = JsonSerializer.Serialize(findings with { Services = findings.Services.Select(s => s with { Pages = s.Pages.Take(1).ToList() }).ToList(), Skipped = [] }, Json);
            }

            for (var i = 0; i * ChunkLength < json.Length && i < MaxChunks; i++)
            {
                entity["Data" + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - i * ChunkLength));
            }
        }

        return entity;
    }

    private static SiteScan ToScan(TableEntity row)
    {
        var json = string.Concat(Enumerable.Range(0, MaxChunks).Select(i => row.GetString("Data" + i.ToString(CultureInfo.InvariantCulture))).TakeWhile(c => c is not null));
        return new SiteScan(
            row.RowKey,
            row.PartitionKey,
            Enum.TryParse<ScanStatus>(row.GetString("Status"), out var status) ? status : ScanStatus.Failed,
            row.GetDateTimeOffset("RequestedAt") ?? default,
            row.GetDateTimeOffset("StartedAt"),
            row.GetDateTimeOffset("FinishedAt"),
            row.GetInt32("PagesScanned") ?? 0,
            row.GetInt32("Progress") ?? 0,
            Enum.TryParse<SkipReason>(row.GetString("ErrorReason"), out var reason) ? reason : null,
            row.GetString("Error"),
            json.Length > 0 ? JsonSerializer.Deserialize<ScanFindings>(json, Json) : null);
    }
}
