using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>The response to one action of a transaction, read from the <c>multipart/mixed</c> batch response.</summary>
internal sealed class BatchPartResponse(int status, string reasonPhrase, IReadOnlyList<HttpHeader> headers, BinaryData body) : Response
{
    public override int Status => status;

    public override string ReasonPhrase => reasonPhrase;

    public override bool IsError => status >= 400;

    public override Stream? ContentStream { get; set; } = body.ToStream();

    public override string ClientRequestId { get; set; } = string.Empty;

    public override BinaryData Content => body;

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        var found = headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        values = found.Count > 0 ? found : null;
        return values is not null;
    }

    protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => headers;
}
