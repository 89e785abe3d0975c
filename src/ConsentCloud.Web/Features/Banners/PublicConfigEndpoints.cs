using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>GET /v1/sites/{siteKey}/config.json: the published banner configuration, from memory.</summary>
public static class PublicConfigEndpoints
{
    public static void MapPublicConfigEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sites/{siteKey}").WithTags("Public").ExcludeFromDescription();
        group.MapMethods("/config.json", [HttpMethods.Get, HttpMethods.Head], GetConfigAsync);
    }

    internal static CachedFile BuildConfig(byte[] bytes, Azure.ETag blobETag)
    {
        // The document carries its revision and content hash: together they name these bytes exactly.
        var document = PublishedConfig.FromUtf8(bytes);
        return CachedFile.Create(bytes, "application/json; charset=utf-8", blobETag, $"\"r{document.Revision}-{document.ContentHash[..32]}\"");
    }

    private static async Task GetConfigAsync(string siteKey, HttpContext context, PublishedFileCache cache)
    {
        var file = SiteKey.TryParse(siteKey, out var key)
            ? await cache.GetAsync(key, PublicArtefacts.ConfigFile, BuildConfig, context.RequestAborted)
            : null;
        if (file is null)
        {
            context.Response.Headers.CacheControl = "public, max-age=10";
            context.Response.Headers.AccessControlAllowOrigin = "*";
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "No published banner for this site key.").ExecuteAsync(context);
            return;
        }

        await PublicFileResult.WriteAsync(context, file);
    }
}
