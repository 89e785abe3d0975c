using System.Globalization;
using System.Text;
using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Blob Shared Key: signs the verb, the standard headers (empty Content-Length when 0), the <c>x-ms-*</c> headers
/// (lower-case, sorted, <c>name:value\n</c>) and <c>/account/path</c> with the sorted query parameters
/// (<c>\nname:value</c>). Runs per retry, so each attempt is re-dated.
/// </summary>
internal sealed class BlobSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] SignedHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        var signature = credential.ComputeSignature(StringToSign(credential.AccountName, request));
        request.Headers.SetValue("Authorization", $"SharedKey {credential.AccountName}:{signature}");
    }

    internal static string StringToSign(string accountName, Request request)
    {
        var text = new StringBuilder(request.Method.Method).Append('\n');
        foreach (var name in SignedHeaders)
        {
            text.Append(name == "Content-Length" ? ContentLength(request) : Header(request, name)).Append('\n');
        }

        foreach (var header in request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            text.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        text.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = HttpUtility.ParseQueryString(uri.Query);
        foreach (var name in query.AllKeys.OfType<string>().OrderBy(k => k.ToLowerInvariant(), StringComparer.Ordinal))
        {
            var values = query.GetValues(name) ?? [];
            text.Append('\n').Append(name.ToLowerInvariant()).Append(':').Append(string.Join(',', values.Order(StringComparer.Ordinal)));
        }

        return text.ToString();
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

    private static string ContentLength(Request request) =>
        request.Content is { } content && content.TryComputeLength(out var length) && length > 0
            ? length.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
}
