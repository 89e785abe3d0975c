using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Hosting;

/// <summary>A JSON document kept whole in one blob, its ETag guarding concurrent edits (drafts).</summary>
public static class JsonBlob
{
    public static async Task<(T Value, ETag ETag)?> ReadAsync<T>(BlobClient blob, CancellationToken ct)
    {
        try
        {
            var response = await blob.DownloadContentAsync(ct);
            var value = JsonSerializer.Deserialize<T>(response.Value.Content.ToMemory().Span, PublishedConfig.Json)
                ?? throw new InvalidDataException($"Empty document in {blob.Name}.");
            return (value, response.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the document; with <paramref name="ifMatch"/>, only over that version (412 otherwise).</summary>
    public static async Task<ETag> WriteAsync<T>(BlobClient blob, T value, ETag? ifMatch, CancellationToken ct)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = ifMatch is { } etag ? new BlobRequestConditions { IfMatch = etag } : null,
        };
        return (await blob.UploadAsync(BinaryData.FromObjectAsJson(value, PublishedConfig.Json), options, ct)).Value.ETag;
    }
}
