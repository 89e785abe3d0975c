using Microsoft.AspNetCore.Routing.Patterns;

namespace ConsentCloud.Tests.Hosting;

/// <summary>The route matcher the hosting tests rely on, checked on the cases that matter to them.</summary>
public sealed class FunctionRouteTests
{
    [Theory]
    [InlineData("v1/{*path}", "/v1/sites/{siteKey}/config.json", true)]
    [InlineData("v1/{*path}", "/v1", true)]
    [InlineData("api/{*path}", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/revisions/{number:int}", true)]
    [InlineData("API/{*path}", "/api/v1/openapi.json", true)]
    [InlineData("api/{*path}", "/apiv1/openapi.json", false)]
    [InlineData("api/{*path}", "/{section}/openapi.json", false)]
    [InlineData("api/{*path}", "/{*path}", false)]
    [InlineData("api/{*path}", "/", false)]
    [InlineData("v1/{*path}", "/api/v1/agencies", false)]
    [InlineData("p/{slug}", "/p/{slug}", true)]
    [InlineData("p/{slug}", "/p/{slug}/print", false)]
    [InlineData("p/{slug}", "/p/{slug?}", false)]
    [InlineData("p/{slug}", "/p/{*rest}", false)]
    [InlineData("p/{slug?}", "/p", true)]
    [InlineData("p/{slug?}", "/p/{slug?}", true)]
    [InlineData("p/{id:int}", "/p/{name}", false)]
    [InlineData("p/{id:int}", "/p/{number:int}", true)]
    [InlineData("p/{slug}/print", "/p/{slug}", false)]
    public void AFunctionRouteCoversAnAppRouteOnlyWhenItMatchesEveryUrlOfIt(string functionRoute, string appRoute, bool covers)
    {
        var route = new FunctionRoute("Test", functionRoute, null);

        Assert.Equal(covers, route.Covers(RoutePatternFactory.Parse(appRoute)));
    }

    [Theory]
    [InlineData("api/{*path}", "/ExpireConsents", false)]
    [InlineData("api/{*path}", "/api", true)]
    [InlineData("api/{*path}", "/API/v1/x", true)]
    [InlineData("{*path}", "/ExpireConsents", true)]
    [InlineData("{name}", "/purgeretention", true)]
    [InlineData("{name:int}", "/PurgeRetention", true)]
    [InlineData("ExpireConsents", "/expireconsents", true)]
    [InlineData("ExpireConsents", "/ExpireConsents/", true)]
    [InlineData("jobs/{*path}", "/ExpireConsents", false)]
    public void AFunctionRouteMatchesAPathAsTheHostWouldIgnoringConstraints(string functionRoute, string path, bool matches)
    {
        var route = new FunctionRoute("Test", functionRoute, null);

        Assert.Equal(matches, route.CanMatch(path));
    }

    [Theory]
    [InlineData("v1/{*path}", true)]
    [InlineData("{*path}", false)]
    [InlineData("{section}/{*path}", false)]
    [InlineData("v{version}/{*path}", false)]
    public void AFunctionRouteStartsWithALiteralOnlyWhenItsFirstSegmentIsPlainText(string functionRoute, bool startsWithLiteral)
    {
        Assert.Equal(startsWithLiteral, new FunctionRoute("Test", functionRoute, null).StartsWithLiteral);
    }
}
