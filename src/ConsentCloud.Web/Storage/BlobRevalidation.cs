using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ConsentCloud.Web.Storage;

/// <summary>What <see cref="BlobRevalidation.DownloadIfChangedAsync"/> found.</summary>
public enum ConditionalDownloadStatus
{
    /// <summary>The blob changed (or no ETag was given): <see cref="ConditionalBlobDownload.Content"/> holds it.</summary>
    Downloaded = 0,

    /// <summary>The blob still has the given ETag; nothing was transferred.</summary>
    NotModified = 1,

    /// <summary>The blob (or its container) does not exist.</summary>
    NotFound = 2,
}

/// <summary>The answer of a revalidating download, for caches: the three outcomes a cache expects are values.</summary>
public sealed record ConditionalBlobDownload(ConditionalDownloadStatus Status, BinaryData? Content, ETag? ETag, string? ContentType)
{
    public static ConditionalBlobDownload NotFound { get; } = new(ConditionalDownloadStatus.NotFound, null, null, null);
}

public static class BlobRevalidation
{
    /// <summary>
    /// Revalidates a cached copy with <c>If-None-Match</c>: NotModified when the blob still has
    /// <paramref name="ifNoneMatch"/>, NotFound when it (or its container) is gone, else Downloaded with the content
    /// and its new ETag. The SDK answers a 304 with a response that has no value and a 404 with an exception; both become
    /// values here, and every other failure still throws.
    /// </summary>
    public static async Task<ConditionalBlobDownload> DownloadIfChangedAsync(this BlobClient blob, ETag? ifNoneMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            var options = new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ifNoneMatch } };
            var response = await blob.DownloadContentAsync(options, cancellationToken);
            if (!response.HasValue || response.GetRawResponse().Status == 304)
            {
                return new ConditionalBlobDownload(ConditionalDownloadStatus.NotModified, null, ifNoneMatch, null);
            }

            var result = response.Value;
            return new ConditionalBlobDownload(ConditionalDownloadStatus.Downloaded, result.Content, result.Details.ETag, result.Details.ContentType);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return ConditionalBlobDownload.NotFound;
        }
    }
}
