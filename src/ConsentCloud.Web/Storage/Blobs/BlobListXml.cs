using System.Globalization;
using System.Xml.Linq;
using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>Reads the <c>EnumerationResults</c> XML of List Blobs.</summary>
internal static class BlobListXml
{
    public static (List<BlobItem> Blobs, string? NextMarker) Read(BinaryData xml)
    {
        using var stream = xml.ToStream();
        var root = XDocument.Load(stream).Root ?? throw new InvalidOperationException("The blob list response is empty.");
        var blobs = root.Element("Blobs")?.Elements("Blob").Select(ReadBlob).ToList() ?? [];
        var next = root.Element("NextMarker")?.Value;
        return (blobs, string.IsNullOrEmpty(next) ? null : next);
    }

    private static BlobItem ReadBlob(XElement blob)
    {
        var properties = blob.Element("Properties");
        string? Value(string name) => properties?.Element(name)?.Value is { Length: > 0 } value ? value : null;

        return new BlobItem(
            blob.Element("Name")?.Value ?? string.Empty,
            new BlobItemProperties(
                Value("Etag") is { } etag ? new ETag(etag) : null,
                Value("Last-Modified") is { } modified ? DateTimeOffset.Parse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
                Value("Content-Length") is { } length ? long.Parse(length, CultureInfo.InvariantCulture) : null,
                Value("Content-Type")));
    }
}
