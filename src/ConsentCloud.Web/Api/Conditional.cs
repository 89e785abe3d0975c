using System.Buffers.Text;
using System.Text;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Api;

/// <summary>
/// Optimistic concurrency over HTTP. Storage ETags are wrapped in an opaque strong tag of our own (base64url of the
/// storage tag) so clients see one stable format whatever the store, and an If-Match that is not one of our
/// tags fails with 412 instead of reaching storage.
/// </summary>
public static class Conditional
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
        if (value.Length == 0)
        {
            return true;
        }

        var inner = (value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value).Trim('"');
        try
        {
            storage = new ETag(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(inner)));
            return storage.Value.ToString().Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else", detail: detail);
}
