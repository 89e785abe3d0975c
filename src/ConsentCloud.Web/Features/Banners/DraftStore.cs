using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// A site's draft banner: one blob per site under its agency ("{agency}/{site}.json"), so concurrent editors are
/// caught by the blob's ETag (If-Match) and the path itself is scoped by the tenant.
/// </summary>
public sealed class DraftStore(AppStorage storage)
{
    private BlobClient Blob(AgencyId agency, SiteKey site) =>
        storage.Container(AppStorage.DraftsContainer).GetBlobClient($"{agency.Value}/{site.Value}.json");

    public async Task<(BannerConfig Config, ETag ETag)?> GetAsync(AgencyId agency, SiteKey site, CancellationToken ct) =>
        await JsonBlob.ReadAsync<BannerConfig>(Blob(agency, site), ct);

    public async Task DeleteAsync(AgencyId agency, SiteKey site, CancellationToken ct) => await Blob(agency, site).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);

    /// <summary>Saves the draft; with <paramref name="ifMatch"/>, only over that version (412 otherwise).</summary>
    public Task<ETag> SaveAsync(AgencyId agency, SiteKey site, BannerConfig config, ETag? ifMatch, CancellationToken ct) =>
        JsonBlob.WriteAsync(Blob(agency, site), config, ifMatch, ct);
}
