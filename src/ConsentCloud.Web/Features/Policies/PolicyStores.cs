using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>The draft of a site's agency-written sections: blob "drafts/{agency}/{site}.policies.json", ETag-guarded.</summary>
public sealed class PolicyDraftStore(AppStorage storage)
{
    private BlobClient Blob(AgencyId agency, SiteKey site) =>
        storage.Container(AppStorage.DraftsContainer).GetBlobClient($"{agency.Value}/{site.Value}.policies.json");

    public async Task<(PolicyDraft Draft, ETag ETag)?> GetAsync(AgencyId agency, SiteKey site, CancellationToken ct) =>
        await JsonBlob.ReadAsync<PolicyDraft>(Blob(agency, site), ct);

    public Task<ETag> SaveAsync(AgencyId agency, SiteKey site, PolicyDraft draft, ETag? ifMatch, CancellationToken ct) =>
        JsonBlob.WriteAsync(Blob(agency, site), draft, ifMatch, ct);

    public async Task DeleteAsync(AgencyId agency, SiteKey site, CancellationToken ct) => await Blob(agency, site).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
}

/// <summary>A published version of one policy of a site.</summary>
/// <param name="EffectiveFrom">The day the version takes effect (versions from before it was recorded: their publish day).</param>
public sealed record PolicyVersion(PolicyKind Kind, int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy, int BannerRevision, IReadOnlyList<string> Languages, DateOnly EffectiveFrom);

/// <summary>
/// PolicyVersions table: PartitionKey "{site}-{kind}", RowKey int.MaxValue − number (newest first). The pages
/// themselves are static HTML in the public container (see <see cref="PolicyPages"/>).
/// </summary>
public sealed class PolicyVersionStore(AppStorage storage)
{
    private TableClient Table => storage.Table(AppStorage.PolicyVersionsTable);

    private static string Partition(SiteKey site, PolicyKind kind) => $"{site.Value}-{kind.ToString().ToLowerInvariant()}";

    private static string Row(int number) => (int.MaxValue - number).ToString("D10", CultureInfo.InvariantCulture);

    public async Task AddAsync(AgencyId agency, SiteKey site, PolicyVersion version, CancellationToken ct) =>
        await Table.AddEntityAsync(new TableEntity(Partition(site, version.Kind), Row(version.Number))
        {
            ["Agency"] = agency.Value,
            ["Number"] = version.Number,
            ["ContentHash"] = version.ContentHash,
            ["PublishedAt"] = version.PublishedAt,
            ["PublishedBy"] = version.PublishedBy,
            ["BannerRevision"] = version.BannerRevision,
            ["Languages"] = string.Join(',', version.Languages),
            ["EffectiveFrom"] = version.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, ct);

    /// <summary>Versions newest first (at most <paramref name="max"/>).</summary>
    public async Task<IReadOnlyList<PolicyVersion>> ListAsync(AgencyId agency, SiteKey site, PolicyKind kind, int max, CancellationToken ct)
    {
        var versions = new List<PolicyVersion>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(site, kind)}"), maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            if (row.GetString("Agency") != agency.Value || versions.Count >= max)
            {
                break;
            }

            var publishedAt = row.GetDateTimeOffset("PublishedAt") ?? default;
            var effectiveFrom = DateOnly.TryParseExact(row.GetString("EffectiveFrom"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : DateOnly.FromDateTime(publishedAt.UtcDateTime);
            versions.Add(new PolicyVersion(kind, row.GetInt32("Number") ?? 0, row.GetString("ContentHash") ?? "", publishedAt,
                row.GetString("PublishedBy") ?? "", row.GetInt32("BannerRevision") ?? 0, (row.GetString("Languages") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), effectiveFrom));
        }

        return versions;
    }

    public async Task<int> DeleteAllAsync(SiteKey site, CancellationToken ct)
    {
        var count = 0;
        foreach (var kind in Enum.GetValues<PolicyKind>())
        {
            var rows = new List<TableEntity>();
            await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(site, kind)}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            {
                rows.Add(row);
            }

            foreach (var batch in rows.Chunk(100))
            {
                await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), ct);
            }

            count += rows.Count;
        }

        return count;
    }
}
