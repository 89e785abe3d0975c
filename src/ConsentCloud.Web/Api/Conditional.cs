using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Api;

/// <summary>
/// Optimistic concurrency over HTTP. Storage ETags are wrapped in an opaque strong tag of our own (base64url of the
/// storage tag) so clients see one stable format whatever the store, and an If-Match that is not one of our
/// tags fails with 412 instead of reaching storage.
/// </summary>
public static partial class Conditional
{
    public static string ToHeader(ETag storage) =>
        $"\"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storage.ToString()))}\"";

    public static void SetETag(HttpContext http, ETag storage) => http.Response.Headers.ETag = ToHeader(storage);

    /// <summary>
    /// The storage ETag the client's If-Match names (null without the header). False when the header is there but is
    /// not a tag we issued: the caller answers 412 without asking storage.
    /// </summary>
    public static bool TryGetIfMatch(HttpContext http, out ETag? storage)
    {
        storage = null;
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        return value.Length == 0 || TryParse(value, out storage);
    }

    /// <summary>The storage ETag of one of our tags (from If-Match, or a form's hidden field); false for anything else.</summary>
    public static bool TryParse(string value, out ETag? storage)
    {
        storage = null;
        var inner = (value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value).Trim('"');
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(inner));
            storage = StorageTag().IsMatch(decoded) ? new ETag(decoded) : null;
            return storage is not null;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The shapes Table storage (a timestamp) and Blob storage (a hex number) give their ETags.</summary>
    [GeneratedRegex("""^(W/"datetime'\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}(\.\d{1,7})?Z'"|"?0x[0-9A-F]{1,32}"?)$""")]
    private static partial Regex StorageTag();

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else", detail: detail);
}
