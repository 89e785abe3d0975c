using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>A container's ETag and last-modified time after creation.</summary>
public sealed record BlobContainerInfo(ETag ETag, DateTimeOffset LastModified);

/// <summary>A blob's new ETag and last-modified time after an upload.</summary>
public sealed record BlobContentInfo(ETag ETag, DateTimeOffset LastModified);

/// <summary>A blob as listed by <see cref="BlobContainerClient.GetBlobsAsync"/>.</summary>
public sealed record BlobItem(string Name, BlobItemProperties Properties);

public sealed record BlobItemProperties(ETag? ETag, DateTimeOffset? LastModified, long? ContentLength, string? ContentType);

/// <summary>A downloaded blob: its bytes and the headers that describe them.</summary>
public sealed record BlobDownloadResult(BinaryData Content, BlobDownloadDetails Details);

public sealed record BlobDownloadDetails(ETag ETag, DateTimeOffset LastModified, string? ContentType, string? CacheControl);

/// <summary>Standard HTTP headers stored with a blob and served back on download.</summary>
public sealed class BlobHttpHeaders
{
    public string? ContentType { get; set; }

    public string? CacheControl { get; set; }
}

/// <summary>
/// Conditions on a blob request: <see cref="MatchConditions.IfMatch"/> (412 when the blob changed),
/// <see cref="MatchConditions.IfNoneMatch"/> (<see cref="ETag.All"/> on upload: 409 when it exists;
/// the current ETag on download: 304), and the inherited date conditions.
/// </summary>
public sealed class BlobRequestConditions : RequestConditions
{
}

public sealed class BlobUploadOptions
{
    public BlobHttpHeaders? HttpHeaders { get; set; }

    public BlobRequestConditions? Conditions { get; set; }
}

public sealed class BlobDownloadOptions
{
    public BlobRequestConditions? Conditions { get; set; }
}
