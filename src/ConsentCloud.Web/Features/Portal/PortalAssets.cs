using System.Security.Cryptography;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>
/// The portal's stylesheet (hand-written, no CDN), embedded in the assembly and served from memory under /portal so the
/// portal's HTTP function covers it. Its URL carries a content hash, so it can be cached for a year.
/// </summary>
public static class PortalAssets
{
    public const string Path = "/portal/assets";
    private static readonly Lazy<(byte[] Bytes, string Hash)> Css = new(() =>
    {
        using var stream = typeof(PortalAssets).Assembly.GetManifestResourceStream("ConsentCloud.Portal.css")
            ?? throw new InvalidOperationException("The portal stylesheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
    });

    /// <summary>The stylesheet's URL for the layout: /portal/assets/portal.css?v={content hash}.</summary>
    public static string StylesheetUrl => $"{Path}/portal.css?v={Css.Value.Hash}";

    public static void MapPortalAssets(this IEndpointRouteBuilder app) =>
        app.MapGet(Path + "/portal.css", (HttpContext http) =>
        {
            var (bytes, hash) = Css.Value;
            var etag = $"\"{hash}\"";
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.ETag = etag;
            return http.Request.Headers.IfNoneMatch == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(bytes, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
}
