using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Reads a <c>$batch</c> response: the outer 202 carries a changeset whose parts are HTTP responses, one per
/// action on success, or a single error part whose message starts with the failing action's index (<c>"1:..."</c>).
/// </summary>
internal static partial class TableTransactionResponse
{
    public static IReadOnlyList<Response> Read(Response batchResponse)
    {
        var boundary = Boundary(batchResponse.Headers.ContentType)
            ?? throw new InvalidOperationException("The transaction response is not multipart/mixed.");
        var parts = new List<Response>();
        foreach (var part in SplitParts(batchResponse.Content.ToString(), boundary))
        {
            var (headers, body) = SplitHeaders(part);
            var innerBoundary = Boundary(Header(headers, "Content-Type"));
            if (innerBoundary is null)
            {
                parts.Add(ParseHttpResponse(body));
                continue;
            }

            parts.AddRange(SplitParts(body, innerBoundary).Select(p => ParseHttpResponse(SplitHeaders(p).Body)));
        }

        return parts;
    }

    /// <summary>Throws <see cref="TableTransactionFailedException"/> when any part failed.</summary>
    public static void ThrowIfFailed(IReadOnlyList<Response> parts)
    {
        var failed = parts.FirstOrDefault(p => p.Status >= 400);
        if (failed is null)
        {
            return;
        }

        var match = StorageErrors.Read(failed)?.Message is { } message ? IndexPrefix().Match(message) : Match.Empty;
        int? index = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        throw new TableTransactionFailedException(failed, index);
    }

    private static List<string> SplitParts(string body, string boundary)
    {
        var parts = new List<string>();
        var segments = body.Split("--" + boundary);
        foreach (var segment in segments.Skip(1))
        {
            if (segment.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            parts.Add(TrimLineEnd(segment.TrimStart('\r', '\n')));
        }

        return parts;
    }

    private static (List<HttpHeader> Headers, string Body) SplitHeaders(string part)
    {
        var normalized = part.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? normalized : normalized[..end];
        var body = end < 0 ? string.Empty : normalized[(end + 2)..];
        var headers = new List<HttpHeader>();
        foreach (var line in head.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new HttpHeader(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return (headers, body);
    }

    private static BatchPartResponse ParseHttpResponse(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        var statusLine = (newline < 0 ? message : message[..newline]).Trim();
        var pieces = statusLine.Split(' ', 3);
        if (pieces.Length < 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidOperationException("A transaction response part has no HTTP status line.");
        }

        var (headers, body) = SplitHeaders(newline < 0 ? string.Empty : message[(newline + 1)..]);
        return new BatchPartResponse(status, pieces.Length > 2 ? pieces[2] : string.Empty, headers, BinaryData.FromString(TrimLineEnd(body)));
    }

    private static string? Boundary(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = BoundaryParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value.Trim('"') : null;
    }

    private static string? Header(List<HttpHeader> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string TrimLineEnd(string text) => text.TrimEnd('\r', '\n');

    [GeneratedRegex(@"boundary=([^;\s]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoundaryParameter();

    [GeneratedRegex(@"^(\d+):", RegexOptions.CultureInvariant)]
    private static partial Regex IndexPrefix();
}
