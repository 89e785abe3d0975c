using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>What <see cref="BlobClient.DownloadIfChangedAsync"/> found.</summary>
public enum ConditionalDownloadStatus
{
    /// <summary>The blob changed (or no ETag was given): <see cref="ConditionalBlobDownload.Content"/> holds it.</summary>
    Downloaded = 0,

    /// <summary>The blob still has the given ETag; nothing was transferred.</summary>
    NotModified = 1,

    /// <summary>The blob (or its container) does not exist.</summary>
    NotFound = 2,
}

/// <summary>The non-throwing answer of a revalidating download, for caches.</summary>
public sealed record ConditionalBlobDownload(ConditionalDownloadStatus Status, BinaryData? Content, ETag? ETag, string? ContentType)
{
    public static ConditionalBlobDownload NotFound { get; } = new(ConditionalDownloadStatus.NotFound, null, null, null);
}
