using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>One block blob, named after Azure.Storage.Blobs' BlobClient; content is uploaded and downloaded whole.</summary>
public sealed class BlobClient
{
    private const int MaxNameLength = 1024;
    private readonly StorageHttp _http;
    private readonly string _path;

    internal BlobClient(StorageHttp http, string containerName, string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length > MaxNameLength)
        {
            throw new ArgumentException($"Blob names are at most {MaxNameLength} characters.", nameof(blobName));
        }

        _http = http;
        BlobContainerName = containerName;
        Name = blobName;
        _path = $"{containerName}/{BlobProtocol.EscapeName(blobName)}";
    }

    public string Name { get; }

    public string BlobContainerName { get; }

    public Uri Uri => new($"{_http.Endpoint}/{_path}");

    /// <summary>Uploads, failing with 409 <c>BlobAlreadyExists</c> unless <paramref name="overwrite"/>.</summary>
    public Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, bool overwrite = false, CancellationToken cancellationToken = default) =>
        UploadAsync(content, new BlobUploadOptions { Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);

    /// <summary>
    /// Uploads with headers and conditions: <c>IfNoneMatch = ETag.All</c> fails with 409 when the blob exists,
    /// a stale <c>IfMatch</c> with 412. Without conditions an existing blob is replaced.
    /// </summary>
    public async Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, BlobUploadOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = _http.Create(RequestMethod.Put, _path);
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        var contentType = options?.HttpHeaders?.ContentType ?? "application/octet-stream";
        request.Headers.SetValue("Content-Type", contentType);
        request.Headers.SetValue("x-ms-blob-content-type", contentType);
        if (options?.HttpHeaders?.CacheControl is { } cacheControl)
        {
            request.Headers.SetValue("x-ms-blob-cache-control", cacheControl);
        }

        BlobProtocol.SetConditions(request, options?.Conditions);
        request.Content = RequestContent.Create(content);
        var response = await _http.SendAsync(request, [201], cancellationToken);
        return Response.FromValue(new BlobContentInfo(response.Headers.ETag ?? default, BlobProtocol.LastModified(response)), response);
    }

    public Task<Response<BlobDownloadResult>> DownloadContentAsync() => DownloadContentAsync(null, CancellationToken.None);

    public Task<Response<BlobDownloadResult>> DownloadContentAsync(CancellationToken cancellationToken) => DownloadContentAsync(null, cancellationToken);

    /// <summary>
    /// Downloads the whole blob. Like the real SDK, every non-200 answer throws <see cref="RequestFailedException"/>:
    /// 404 when missing, 412 for a failed IfMatch, and 304 when <c>Conditions.IfNoneMatch</c> is the current ETag
    /// (use <see cref="DownloadIfChangedAsync"/> to revalidate without exceptions).
    /// </summary>
    public async Task<Response<BlobDownloadResult>> DownloadContentAsync(BlobDownloadOptions? options, CancellationToken cancellationToken = default)
    {
        var request = _http.Create(RequestMethod.Get, _path);
        BlobProtocol.SetConditions(request, options?.Conditions);
        var response = await _http.SendAsync(request, [200], cancellationToken);
        return Response.FromValue(new BlobDownloadResult(response.Content, Details(response)), response);
    }

    /// <summary>
    /// Revalidates a cached copy: NotModified when the blob still has <paramref name="ifNoneMatch"/>, NotFound when
    /// it (or its container) is gone, else Downloaded with the content and its new ETag. Other failures still throw.
    /// </summary>
    public async Task<ConditionalBlobDownload> DownloadIfChangedAsync(ETag? ifNoneMatch, CancellationToken cancellationToken = default)
    {
        var request = _http.Create(RequestMethod.Get, _path);
        BlobProtocol.SetConditions(request, new BlobRequestConditions { IfNoneMatch = ifNoneMatch });
        var response = await _http.SendAsync(request, [200, 304, 404], cancellationToken);
        return response.Status switch
        {
            200 => new ConditionalBlobDownload(ConditionalDownloadStatus.Downloaded, response.Content, response.Headers.ETag, response.Headers.ContentType),
            304 => new ConditionalBlobDownload(ConditionalDownloadStatus.NotModified, null, response.Headers.ETag ?? ifNoneMatch, null),
            _ => ConditionalBlobDownload.NotFound,
        };
    }

    /// <summary>Deletes the blob (and its snapshots); false when it did not exist.</summary>
    public async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        var request = _http.Create(RequestMethod.Delete, _path);
        request.Headers.SetValue("x-ms-delete-snapshots", "include");
        var response = await _http.SendAsync(request, [202, 404], cancellationToken);
        return Response.FromValue(response.Status == 202, response);
    }

    public async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        var response = await _http.SendAsync(_http.Create(RequestMethod.Head, _path), [200, 404], cancellationToken);
        return Response.FromValue(response.Status == 200, response);
    }

    private static BlobDownloadDetails Details(Response response) => new(
        response.Headers.ETag ?? default,
        BlobProtocol.LastModified(response),
        response.Headers.ContentType,
        response.Headers.TryGetValue("Cache-Control", out var cacheControl) ? cacheControl : null);
}
