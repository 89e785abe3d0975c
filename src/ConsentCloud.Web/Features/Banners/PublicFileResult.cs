using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// Writes a cached public file: 304 on a matching If-None-Match, otherwise the pre-compressed variant the client
/// accepts (br, gzip, identity), each with its own strong ETag. Cacheable by browsers and a CDN for a short time and
/// revalidated after, so a publish is visible everywhere within a minute. CORS open: any page may read it.
/// This is the hot path of every website's page view: headers are parsed with spans and their values prebuilt.
/// </summary>
internal static class PublicFileResult
{
    /// <summary>max-age 15 s + stale-while-revalidate 15 s at the edge, + 10 s instance cache: under a minute end to end.</summary>
    public const string CacheControl = "public, max-age=15, stale-while-revalidate=15";

    private static readonly StringValues CacheControlValue = CacheControl;
    private static readonly StringValues VaryEncoding = "Accept-Encoding";
    private static readonly StringValues AnyOrigin = "*";
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues Br = "br";
    private static readonly StringValues Gzip = "gzip";

    public static Task WriteAsync(HttpContext context, CachedFile file) => WriteAsync(context, file, VaryEncoding);

    public static Task WriteAsync(HttpContext context, CachedFile file, StringValues vary) => WriteAsync(context, file, vary, CacheControlValue);

    /// <param name="cacheControl">The caching of this file (census.js at its versioned URL: a year, immutable).</param>
    public static Task WriteAsync(HttpContext context, CachedFile file, StringValues vary, StringValues cacheControl)
    {
        var request = context.Request;
        var response = context.Response;
        var acceptEncoding = request.Headers.AcceptEncoding;
        var (body, encoding, etag) =
            Accepts(acceptEncoding, "br") ? (file.Brotli, Br, file.BrotliETag)
            : Accepts(acceptEncoding, "gzip") ? (file.Gzip, Gzip, file.GzipETag)
            : (file.Identity, StringValues.Empty, file.ETag);

        var headers = response.Headers;
        headers.CacheControl = cacheControl;
        headers.Vary = vary;
        headers.AccessControlAllowOrigin = AnyOrigin;
        headers.XContentTypeOptions = NoSniff;
        headers.ETag = etag;

        if (Matches(request.Headers.IfNoneMatch, file))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        headers.ContentType = file.ContentType;
        if (!StringValues.IsNullOrEmpty(encoding))
        {
            headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>Whether Accept-Encoding allows <paramref name="coding"/> ("br;q=0" means no).</summary>
    private static bool Accepts(StringValues values, string coding)
    {
        foreach (var value in values)
        {
            foreach (var range in (value ?? "").AsSpan().Split(','))
            {
                var item = (value ?? "").AsSpan()[range];
                var semicolon = item.IndexOf(';');
                if (!(semicolon < 0 ? item : item[..semicolon]).Trim().Equals(coding, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var parameter = semicolon < 0 ? [] : item[(semicolon + 1)..].Trim();
                return !parameter.StartsWith("q=", StringComparison.Ordinal) ||
                    !double.TryParse(parameter[2..], CultureInfo.InvariantCulture, out var q) || q > 0;
            }
        }

        return false;
    }

    /// <summary>Any of the file's variants counts: a CDN may revalidate with the tag of another encoding.</summary>
    private static bool Matches(StringValues values, CachedFile file)
    {
        foreach (var value in values)
        {
            foreach (var range in (value ?? "").AsSpan().Split(','))
            {
                var tag = (value ?? "").AsSpan()[range].Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal))
                {
                    tag = tag[2..];
                }

                if (tag is "*" || tag.SequenceEqual(file.ETag) || tag.SequenceEqual(file.BrotliETag) || tag.SequenceEqual(file.GzipETag))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
