using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// The files visitors' browsers fetch, written at publish time to the public container ("sites/{key}/config.json").
/// The public endpoints read only these: no table lookups on the hot path.
/// </summary>
public sealed class PublicArtefacts(AppStorage storage)
{
    public const string ConfigFile = "config.json";

    internal BlobClient Blob(SiteKey site, string file) =>
        storage.Container(AppStorage.PublicContainer).GetBlobClient($"sites/{site.Value}/{file}");

    /// <summary>Writes the file and answers its blob ETag (for the cache's later revalidation).</summary>
    public async Task<ETag> WriteConfigAsync(SiteKey site, byte[] document, CancellationToken ct)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } };
        return (await Blob(site, ConfigFile).UploadAsync(new BinaryData(document), options, ct)).Value.ETag;
    }

    /// <summary>Writes a static HTML page (policies) and answers its blob ETag.</summary>
    public async Task<ETag> WritePageAsync(SiteKey site, string file, byte[] html, CancellationToken ct)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } };
        return (await Blob(site, file).UploadAsync(new BinaryData(html), options, ct)).Value.ETag;
    }

    /// <summary>Stops the banner (a deleted site): its configuration goes; pages stay until the site is purged.</summary>
    public async Task DeleteConfigAsync(SiteKey site, CancellationToken ct) => await Blob(site, ConfigFile).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);

    /// <summary>Every public file of a site (its config, and its policy pages, current and earlier).</summary>
    public async Task DeleteAllAsync(SiteKey site, CancellationToken ct)
    {
        var container = storage.Container(AppStorage.PublicContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"sites/{site.Value}/" }, ct))
        {
            names.Add(blob.Name);
        }

        foreach (var name in names)
        {
            await container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
        }
    }

    /// <summary>The current bytes, only if they differ from <paramref name="known"/>.</summary>
    internal Task<ConditionalBlobDownload> ReadIfChangedAsync(SiteKey site, string file, ETag? known, CancellationToken ct) =>
        Blob(site, file).DownloadIfChangedAsync(known, ct);
}
