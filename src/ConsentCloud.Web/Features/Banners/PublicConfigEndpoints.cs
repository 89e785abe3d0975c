using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// The files a website loads, from memory: GET /v1/sites/{siteKey}/config.json (the published configuration) and
/// GET /v1/sites/{siteKey}/banner.js (the banner code with that configuration inside: one request, no second round
/// trip before the banner can decide), and GET /v1/sites/{siteKey}/declaration.js (the cookie declaration embed).
/// </summary>
public static class PublicConfigEndpoints
{
    internal static readonly PublicFile Config = new("config.json", PublicArtefacts.ConfigFile, BuildConfig);
    internal static readonly PublicFile Banner = new("banner.js", PublicArtefacts.ConfigFile, (bytes, etag) => BuildScript(ScriptBundle.Banner, "b", bytes, etag));
    internal static readonly PublicFile Declaration = new("declaration.js", PublicArtefacts.ConfigFile, (bytes, etag) => BuildScript(ScriptBundle.Declaration, "d", bytes, etag));
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapPublicConfigEndpoints(this IEndpointRouteBuilder app)
    {
        // The hot path of every page view on every client site: routed, then answered at once (no authentication,
        // authorisation, rate limiting or validation middleware runs for these), errors still become ProblemDetails.
        // Plain request delegates over the singleton cache (issue 20): no parameter binding, and no per-request DI
        // scope, which resolving a service from RequestServices would create.
        var cache = app.ServiceProvider.GetRequiredService<PublishedFileCache>();
        var group = app.MapGroup("/v1/sites/{siteKey}");
        group.WithTags("Public").ExcludeFromDescription().ShortCircuit().DisableValidation();
        foreach (var file in (PublicFile[])[Config, Banner, Declaration])
        {
            group.MapMethods("/" + file.Name, GetOrHead, context => ServeAsync(context.Request.RouteValues["siteKey"] as string, file, context, cache));
        }
    }

    internal static CachedFile BuildConfig(byte[] bytes, Azure.ETag blobETag)
    {
        // The document carries its revision and content hash: together they name these bytes exactly.
        var document = PublishedConfig.FromUtf8(bytes);
        return CachedFile.Create(bytes, "application/json; charset=utf-8", blobETag, $"\"r{document.Revision}-{document.ContentHash[..32]}\"");
    }

    private static CachedFile BuildScript(ScriptBundle bundle, string tag, byte[] configBytes, Azure.ETag blobETag)
    {
        var document = PublishedConfig.FromUtf8(configBytes);
        // The banner's own words go in at serve time, in the site's languages (BannerWords); the declaration has its own.
        var composed = bundle == ScriptBundle.Banner ? bundle.Compose(BannerWords.AddTo(ConsentModeSignals.Complete(configBytes), document.Languages)) : bundle.Compose(configBytes);
        // The live census: banner.js of a site with it on ends with census.js's loader (Features/Census/CensusScript.cs).
        var census = tag == "b" ? Census.CensusScript.Loader(document.Census) : "";
        return CachedFile.Create(Census.CensusScript.Append(composed, census), "text/javascript; charset=utf-8", blobETag,
            $"\"{tag}{document.Revision}-{document.ContentHash[..24]}-{bundle.CodeHash}{(census.Length > 0 ? "-" + Census.CensusScript.Version : "")}\"");
    }

    private static async Task ServeAsync(string? siteKey, PublicFile kind, HttpContext context, PublishedFileCache cache)
    {
        var started = PublicFileTelemetry.Start();
        var file = SiteKey.TryParse(siteKey, out var key) ? await cache.GetAsync(key, kind, context.RequestAborted) : null;
        if (file is null)
        {
            context.Response.Headers.CacheControl = "public, max-age=10";
            context.Response.Headers.AccessControlAllowOrigin = "*";
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "No published banner for this site key.").ExecuteAsync(context);
            PublicFileTelemetry.Served(kind, null, StatusCodes.Status404NotFound, started);
            return;
        }

        await PublicFileResult.WriteAsync(context, file);
        PublicFileTelemetry.Served(kind, key, context.Response.StatusCode, started);
    }
}
