using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>An agency's sites. Every read goes through the agency's partition, so a site is invisible to other agencies.</summary>
public sealed class SiteStore(AppStorage storage)
{
    private TableClient Sites => storage.Table(AppStorage.SitesTable);
    private TableClient Keys => storage.Table(AppStorage.SiteKeysTable);

    /// <summary>The key index is written first: a site row never exists without it.</summary>
    public async Task CreateAsync(Site site, CancellationToken ct)
    {
        await Keys.AddEntityAsync(new TableEntity(site.Key.Value, "") { ["Agency"] = site.Agency.Value }, ct);
        await Sites.AddEntityAsync(site.ToEntity(), ct);
    }

    public async Task<(Site Site, ETag ETag)?> GetAsync(AgencyId agency, SiteKey key, CancellationToken ct)
    {
        var row = await Sites.GetEntityIfExistsAsync<TableEntity>(agency.Value, key.Value, cancellationToken: ct);
        return row.HasValue && row.Value!.ToSite() is { Deleted: null } site ? (site, row.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<Site>> ListAsync(AgencyId agency, CancellationToken ct)
    {
        var sites = new List<Site>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {agency.Value}");
        await foreach (var row in Sites.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.ToSite() is { Deleted: null } site)
            {
                sites.Add(site);
            }
        }

        return sites;
    }

    /// <summary>Every site of every agency, deleted ones too: for the scheduled jobs (a scan of the Sites table).</summary>
    public async Task<IReadOnlyList<Site>> ListEverySiteAsync(CancellationToken ct)
    {
        var all = new List<Site>();
        await foreach (var row in Sites.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            all.Add(row.ToSite());
        }

        return all;
    }

    /// <summary>Removes a site for good (the retention job, after the grace period): the row, then its key.</summary>
    public async Task DeleteForGoodAsync(AgencyId agency, SiteKey key, CancellationToken ct)
    {
        await Sites.DeleteEntityAsync(agency.Value, key.Value, ETag.All, ct);
        await Keys.DeleteEntityAsync(key.Value, "", ETag.All, ct);
    }

    /// <summary>Replaces the site; with an ETag, only if nobody changed it since (412 otherwise).</summary>
    public async Task<ETag> UpdateAsync(Site site, ETag ifMatch, CancellationToken ct)
    {
        var response = await Sites.UpdateEntityAsync(site.ToEntity(), ifMatch == default ? ETag.All : ifMatch, TableUpdateMode.Replace, ct);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Records the newest published revision on the site row (a merge: settings edits are not disturbed).</summary>
    public async Task MarkPublishedAsync(AgencyId agency, SiteKey key, int revision, DateTimeOffset when, CancellationToken ct)
    {
        var patch = new TableEntity(agency.Value, key.Value) { ["LatestRevision"] = revision, ["PublishedAt"] = when };
        await Sites.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, ct);
    }

    /// <summary>The agency that owns a site key, for public endpoints; null for unknown keys.</summary>
    public async Task<AgencyId?> FindAgencyAsync(SiteKey key, CancellationToken ct)
    {
        var row = await Keys.GetEntityIfExistsAsync<TableEntity>(key.Value, "", cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("Agency") is { } agency ? new AgencyId(agency) : null;
    }
}
