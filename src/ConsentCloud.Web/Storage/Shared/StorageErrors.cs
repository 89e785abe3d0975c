using System.Text.Json;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Turns failed storage responses into <see cref="RequestFailedException"/> with the service's error code:
/// the <c>x-ms-error-code</c> header, else the OData JSON (<c>odata.error</c>) or the blob XML (<c>Error/Code</c>) body.
/// </summary>
internal sealed class StorageErrors : RequestFailedDetailsParser
{
    public static readonly StorageErrors Parser = new();

    public static RequestFailedException Exception(Response response) => new(response, null, Parser);

    public static ResponseError? Read(Response response) => Parser.TryParse(response, out var error, out _) ? error : null;

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        var (code, message) = ReadBody(response);
        if (response.Headers.TryGetValue("x-ms-error-code", out var header) && header.Length > 0)
        {
            code = header;
        }

        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }

    private static (string? Code, string? Message) ReadBody(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var first = content.ToMemory().Span.TrimStart(" \t\r\n\uFEFF"u8);
            return first.Length > 0 && first[0] == (byte)'<' ? ReadXml(content) : ReadJson(content);
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    private static (string? Code, string? Message) ReadJson(BinaryData content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !(root.TryGetProperty("odata.error", out var error) || root.TryGetProperty("error", out error)))
        {
            return (null, null);
        }

        var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
        string? message = null;
        if (error.TryGetProperty("message", out var m))
        {
            message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString()
                : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }

        return (code, message);
    }

    private static (string? Code, string? Message) ReadXml(BinaryData content)
    {
        var error = XDocument.Parse(content.ToString()).Root;
        return (error?.Element("Code")?.Value, error?.Element("Message")?.Value);
    }
}
