using System.Globalization;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>One container, named after Azure.Storage.Blobs' BlobContainerClient.</summary>
public sealed class BlobContainerClient
{
    private readonly StorageHttp _http;

    internal BlobContainerClient(StorageHttp http, string name)
    {
        ValidateName(name);
        _http = http;
        Name = name;
    }

    public string Name { get; }

    public Uri Uri => new($"{_http.Endpoint}/{Name}");

    public BlobClient GetBlobClient(string blobName) => new(_http, Name, blobName);

    /// <summary>Creates the container; returns null when it already exists.</summary>
    public async Task<Response<BlobContainerInfo>?> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var response = await _http.SendAsync(_http.Create(RequestMethod.Put, $"{Name}?restype=container"), [201, 409], cancellationToken);
        return response.Status == 201
            ? Response.FromValue(new BlobContainerInfo(response.Headers.ETag ?? default, BlobProtocol.LastModified(response)), response)
            : StorageErrors.Read(response)?.Code == "ContainerAlreadyExists" ? null : throw StorageErrors.Exception(response);
    }

    /// <summary>Deletes the container; false when it did not exist.</summary>
    public async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        var response = await _http.SendAsync(_http.Create(RequestMethod.Delete, $"{Name}?restype=container"), [202, 404], cancellationToken);
        return Response.FromValue(response.Status == 202, response);
    }

    /// <summary>
    /// Lists blobs (optionally under a name prefix), following <c>NextMarker</c>. The page size hint of
    /// <c>AsPages(pageSizeHint: n)</c> becomes <c>maxresults</c> (the service caps it at 5,000).
    /// </summary>
    public AsyncPageable<BlobItem> GetBlobsAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        new StoragePageable<BlobItem>((marker, pageSize, ct) => GetBlobsPageAsync(prefix, marker, pageSize, ct), cancellationToken);

    private async Task<Page<BlobItem>> GetBlobsPageAsync(string? prefix, string? marker, int? pageSize, CancellationToken cancellationToken)
    {
        var query = $"{Name}?restype=container&comp=list";
        if (!string.IsNullOrEmpty(prefix))
        {
            query += "&prefix=" + Uri.EscapeDataString(prefix);
        }

        if (!string.IsNullOrEmpty(marker))
        {
            query += "&marker=" + Uri.EscapeDataString(marker);
        }

        if (pageSize is { } size)
        {
            query += "&maxresults=" + size.ToString(CultureInfo.InvariantCulture);
        }

        var response = await _http.SendAsync(_http.Create(RequestMethod.Get, query), [200], cancellationToken);
        var (blobs, nextMarker) = BlobListXml.Read(response.Content);
        return Page<BlobItem>.FromValues(blobs, nextMarker, response);
    }

    /// <summary>Container names: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && name[0] != '-' && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException($"Container name '{name}' is invalid: use 3-63 lowercase letters, digits and single hyphens.", nameof(name));
        }
    }
}
