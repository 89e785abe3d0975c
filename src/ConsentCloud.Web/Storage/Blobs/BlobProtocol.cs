using System.Globalization;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>Blob service protocol constants and the conditional headers.</summary>
internal static class BlobProtocol
{
    public const string ServiceVersion = "2021-08-06";

    public static readonly IReadOnlyList<KeyValuePair<string, string>> Headers = [new("x-ms-version", ServiceVersion)];

    public static void SetConditions(Request request, RequestConditions? conditions)
    {
        if (conditions?.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", ifMatch.ToString("H"));
        }

        if (conditions?.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.SetValue("If-None-Match", ifNoneMatch.ToString("H"));
        }

        if (conditions?.IfModifiedSince is { } since)
        {
            request.Headers.SetValue("If-Modified-Since", since.ToString("R", CultureInfo.InvariantCulture));
        }

        if (conditions?.IfUnmodifiedSince is { } unmodified)
        {
            request.Headers.SetValue("If-Unmodified-Since", unmodified.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    public static DateTimeOffset LastModified(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lastModified)
            ? lastModified
            : default;

    /// <summary>Escapes each segment of a blob name, keeping its slashes.</summary>
    public static string EscapeName(string blobName) =>
        string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));
}
