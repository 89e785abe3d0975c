namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// Writes a cached public file: 304 on a matching If-None-Match, otherwise the pre-compressed variant the client
/// accepts (br, gzip, identity), each with its own strong ETag. Cacheable by browsers and a CDN for a short time and
/// revalidated after, so a publish is visible everywhere within a minute. CORS open: any page may read it.
/// </summary>
internal static class PublicFileResult
{
    /// <summary>max-age 15 s + stale-while-revalidate 15 s at the edge, + 10 s instance cache: under a minute end to end.</summary>
    public const string CacheControl = "public, max-age=15, stale-while-revalidate=15";

    public static Task WriteAsync(HttpContext context, CachedFile file, string vary = "Accept-Encoding")
    {
        var request = context.Request;
        var response = context.Response;
        var (body, encoding, etag) = ChooseEncoding(request.Headers.AcceptEncoding.ToString(), file);

        var headers = response.Headers;
        headers.CacheControl = CacheControl;
        headers.Vary = vary;
        headers.AccessControlAllowOrigin = "*";
        headers.XContentTypeOptions = "nosniff";
        headers.ETag = etag;

        if (Matches(request.Headers.IfNoneMatch.ToString(), file))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = file.ContentType;
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    private static (byte[] Body, string? Encoding, string ETag) ChooseEncoding(string acceptEncoding, CachedFile file)
    {
        if (acceptEncoding.Length > 0)
        {
            if (Accepts(acceptEncoding, "br"))
            {
                return (file.Brotli, "br", Variant(file.ETag, "br"));
            }

            if (Accepts(acceptEncoding, "gzip"))
            {
                return (file.Gzip, "gzip", Variant(file.ETag, "gz"));
            }
        }

        return (file.Identity, null, file.ETag);
    }

    private static bool Accepts(string acceptEncoding, string coding)
    {
        foreach (var item in acceptEncoding.Split(','))
        {
            var parts = item.Split(';', 2, StringSplitOptions.TrimEntries);
            if (parts[0].Equals(coding, StringComparison.OrdinalIgnoreCase))
            {
                // "br;q=0" means "not br".
                return parts.Length == 1 || !parts[1].StartsWith("q=", StringComparison.Ordinal) ||
                    !double.TryParse(parts[1][2..], System.Globalization.CultureInfo.InvariantCulture, out var q) || q > 0;
            }
        }

        return false;
    }

    private static string Variant(string etag, string suffix) => etag.Insert(etag.Length - 1, "-" + suffix);

    /// <summary>Any of the file's variants counts: a CDN may revalidate with the tag of another encoding.</summary>
    private static bool Matches(string ifNoneMatch, CachedFile file)
    {
        if (ifNoneMatch.Length == 0)
        {
            return false;
        }

        foreach (var raw in ifNoneMatch.Split(','))
        {
            var tag = raw.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                tag = tag[2..];
            }

            if (tag == "*" || tag == file.ETag || tag == Variant(file.ETag, "br") || tag == Variant(file.ETag, "gz"))
            {
                return true;
            }
        }

        return false;
    }
}
