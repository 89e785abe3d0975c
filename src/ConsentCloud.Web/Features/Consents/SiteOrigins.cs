using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// Which page is calling: the Origin header's host, or the Referer's when a browser sends no Origin. Only a site's own
/// domains may record or read its consents from a browser, and CORS answers only them.
/// </summary>
public static class SiteOrigins
{
    public static string? CallerHost(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var source = origin.Length > 0 ? origin : request.Headers.Referer.ToString();
        return source.Length is > 0 and <= 2048 && source != "null" && Uri.TryCreate(source, UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.IdnHost
            : null;
    }

    public static bool IsAllowed(Site site, HttpRequest request) =>
        CallerHost(request) is { } host && Domains.Matches(site.Domains, host);

    /// <summary>CORS: echo the caller's origin (never "*": the answers are the visitor's own data; never "null").</summary>
    public static void AllowCors(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length is > 0 and <= 2048 && origin != "null")
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
        }

        context.Response.Headers.Vary = "Origin";
    }
}
