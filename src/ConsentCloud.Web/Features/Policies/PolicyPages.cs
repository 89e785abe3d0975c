using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Policies.Texts;
using ConsentCloud.Web.Features.Sites;
using Microsoft.Net.Http.Headers;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>
/// /p/{siteKey}/privacy and /p/{siteKey}/cookies (and /v/{n} for earlier versions): the static pages rendered at
/// publish time, served from memory like the banner's files, with a strict CSP (no script at all), in the language
/// asked for (?lang=), else the browser's (Accept-Language) among the site's, else the site's default.
/// </summary>
public static class PolicyPages
{
    internal static PublicFile Current(PolicyKind kind, string language) =>
        new($"{PolicyRenderer.Slug(kind)}/current/{language}", $"policies/{PolicyRenderer.Slug(kind)}/current/{language}.html", BuildPage);

    private static PublicFile Version(PolicyKind kind, int number, string language) =>
        new($"{PolicyRenderer.Slug(kind)}/{number}/{language}", $"policies/{PolicyRenderer.Slug(kind)}/{number}/{language}.html", BuildPage);

    private static CachedFile BuildPage(byte[] html, Azure.ETag blobETag) =>
        CachedFile.Create(html, "text/html; charset=utf-8", blobETag, $"\"{Convert.ToHexStringLower(SHA256.HashData(html))[..32]}\"");

    public static void MapPolicyPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/p").ExcludeFromDescription();
        pages.MapMethods("/assets/policy.{hash}.css", [HttpMethods.Get, HttpMethods.Head], ServeStyles);
        pages.MapMethods("/{siteKey}/{kind}", [HttpMethods.Get, HttpMethods.Head], (string siteKey, string kind, string? lang, HttpContext http, SiteDirectory sites, PublishedFileCache cache) =>
            ServeAsync(siteKey, kind, null, lang, http, sites, cache));
        pages.MapMethods("/{siteKey}/{kind}/v/{number:int}", [HttpMethods.Get, HttpMethods.Head], (string siteKey, string kind, int number, string? lang, HttpContext http, SiteDirectory sites, PublishedFileCache cache) =>
            ServeAsync(siteKey, kind, number, lang, http, sites, cache));
    }

    private static async Task ServeAsync(string siteKey, string kindText, int? number, string? lang, HttpContext http, SiteDirectory sites, PublishedFileCache cache)
    {
        PolicyKind? kind = kindText switch { "privacy" => PolicyKind.Privacy, "cookies" => PolicyKind.Cookies, _ => null };
        var site = kind is not null && SiteKey.TryParse(siteKey, out var key) ? await sites.FindAsync(key, http.RequestAborted) : null;
        var language = site is null ? null : ChooseLanguage(site, lang, http.Request.Headers.AcceptLanguage.ToString());
        var file = site is null || language is null || number is < 1
            ? null
            : await cache.GetAsync(site.Key, number is { } n ? Version(kind!.Value, n, language) : Current(kind!.Value, language), http.RequestAborted);
        SecurityHeaders(http, site);
        if (file is null)
        {
            await NotFoundAsync(http, language ?? FromAcceptLanguage(http.Request.Headers.AcceptLanguage.ToString(), PolicyTexts.Languages) ?? "en");
            return;
        }

        http.Response.Headers.ContentLanguage = language;
        if (number is { } earlier)
        {
            // Earlier versions never change: cache them long, and say on the page that it is not the current one.
            var published = PublishedAt(file.Identity);
            var html = PolicyRenderer.AsEarlierVersion(Encoding.UTF8.GetString(file.Identity), site!.Key.Value, kind!.Value, language!, earlier, published);
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(html, http.RequestAborted);
            return;
        }

        await PublicFileResult.WriteAsync(http, file, "Accept-Encoding, Accept-Language");
    }

    /// <summary>?lang= must be one of the site's languages (else 404); otherwise the browser's preference, else the default.</summary>
    public static string? ChooseLanguage(Site site, string? requested, string acceptLanguage) =>
        requested is { Length: > 0 }
            ? site.Languages.Contains(requested) ? requested : null
            : FromAcceptLanguage(acceptLanguage, site.Languages) ?? site.DefaultLanguage;

    private static string? FromAcceptLanguage(string header, IReadOnlyList<string> offered)
    {
        if (header.Length is 0 or > 512 || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values))
        {
            return null;
        }

        foreach (var value in values.OrderByDescending(v => v.Quality ?? 1))
        {
            var tag = value.Value.ToString().ToLowerInvariant();
            var primary = tag.Split('-')[0];
            var mapped = primary is "no" or "nn" ? "nb" : primary;
            if (value.Quality is not 0 && offered.Contains(mapped))
            {
                return mapped;
            }
        }

        return null;
    }

    private static void SecurityHeaders(HttpContext http, Site? site)
    {
        var frameAncestors = site is null ? "'none'" : string.Join(' ', site.Domains.Select(d => $"https://{d} http://{d}"));
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {frameAncestors}";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XContentTypeOptions = "nosniff";
    }

    private static async Task NotFoundAsync(HttpContext http, string language)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.Headers.CacheControl = "public, max-age=10";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(PolicyRenderer.NotFound(PolicyTexts.Languages.Contains(language) ? language : "en"), http.RequestAborted);
    }

    private static Task ServeStyles(HttpContext http)
    {
        http.Response.ContentType = "text/css; charset=utf-8";
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.Headers.ETag = $"\"{PolicyStyles.Hash}\"";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.WriteAsync(PolicyStyles.Css);
    }

    /// <summary>The publication time recorded in a page (its meta tag, <see cref="PolicyRenderer.PublishedMeta"/>), for the earlier-version notice.</summary>
    private static DateTimeOffset PublishedAt(byte[] html)
    {
        var text = Encoding.UTF8.GetString(html);
        var at = text.IndexOf(PolicyRenderer.PublishedMeta, StringComparison.Ordinal);
        var start = at + PolicyRenderer.PublishedMeta.Length;
        var end = at >= 0 ? text.IndexOf('"', start) : -1;
        return end > start && DateTimeOffset.TryParseExact(text.AsSpan(start, end - start), PolicyRenderer.PublishedFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : default;
    }
}
