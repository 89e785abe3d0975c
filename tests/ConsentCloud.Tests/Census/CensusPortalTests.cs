using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Portal;
using ConsentCloud.Tests.Portal.Sites;

namespace ConsentCloud.Tests.Census;

/// <summary>
/// The portal's "Cookie census" page through HTTP: what beacons reported, listed beside the draft; "Add to draft" and the
/// sampling rate change the draft only; bad input is a readable page with 400 that changes nothing; a Client viewer has
/// no census.
/// </summary>
public sealed class CensusPortalTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Census(string siteKey) => $"/portal/sites/{siteKey}/census";

    private async Task<SitePagesWorld> WorldWithBeaconAsync()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var beacon = CensusKit.Beacon(new Dictionary<string, bool> { ["statistics"] = true, ["marketing"] = false }, cookies: ["shop_cart", "_hjSessionUser_1"], local: ["wishlist_token"]);
        Assert.Equal(HttpStatusCode.NoContent, (await CensusKit.SendAsync(app, world.SiteA1, beacon)).StatusCode);
        await CensusKit.FlushAsync(app);
        return world;
    }

    private static async Task<JsonObject> DraftAsync(SitePagesWorld world) => await CensusKit.DraftAsync(world.A, world.SiteA1);

    private static async Task<string> PublishedAsync(SitePagesWorld world) =>
        await world.Anonymous.Http.GetStringAsync($"/v1/sites/{world.SiteA1}/config.json");

    [Fact]
    public async Task ThePageListsWhatABeaconReportedAndNoSiteDeclares()
    {
        var world = await WorldWithBeaconAsync();

        var response = await world.Member.GetAsync(Census(world.SiteA1));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"census-totals\" data-views=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"HttpCookie\" data-name=\"shop_cart\"", html, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"LocalStorage\" data-name=\"wishlist_token\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"catalogue\" value=\"hotjar\"", html, StringComparison.Ordinal); // _hjSessionUser_* is Hotjar's
    }

    [Fact]
    public async Task AddServicePutsTheCatalogueServiceInTheDraftOnly()
    {
        var world = await WorldWithBeaconAsync();
        var published = await PublishedAsync(world);

        var response = await world.Member.PostFormAsync(Census(world.SiteA1) + "?handler=AddService", new() { ["catalogue"] = "hotjar" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Census(world.SiteA1) + "?done=added", response.Headers.Location!.OriginalString);
        Assert.Contains((await DraftAsync(world))["services"]!.AsArray(), s => (string?)s!["id"] == "hotjar");
        Assert.Equal(published, await PublishedAsync(world));
        var after = WebUtility.HtmlDecode(await world.Member.GetStringAsync(response.Headers.Location.OriginalString));
        Assert.Contains("id=\"census-done\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-name=\"_hjSessionUser_1\"", after.Split("id=\"before-consent\"")[0], StringComparison.Ordinal); // declared now
    }

    [Fact]
    public async Task AddNamePutsTheCookieOnAServiceOfTheDraft()
    {
        var world = await WorldWithBeaconAsync();
        await CensusKit.AddCatalogueAsync(world.A, world.SiteA1, "google-analytics");

        var response = await world.Member.PostFormAsync(Census(world.SiteA1) + "?handler=AddName", new()
        {
            ["Name.Kind"] = "httpCookie", ["Name.Name"] = "shop_cart", ["Name.Lifetime"] = "13mo", ["Name.Service"] = "google-analytics",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var analytics = (await DraftAsync(world))["services"]!.AsArray().Single(s => (string?)s!["id"] == "google-analytics")!;
        var cookie = analytics["cookies"]!.AsArray().Single(c => (string?)c!["name"] == "shop_cart")!;
        Assert.Equal("13mo", (string?)cookie["lifetime"]);
    }

    [Theory]
    [InlineData("AddName", "Name.Kind", "cookie-jar")]
    [InlineData("AddName", "Name.Lifetime", "forever")]
    [InlineData("AddName", "Name.Name", "shop cart")]
    [InlineData("Sampling", "percent", "abc")]
    [InlineData("Sampling", "percent", "150")]
    [InlineData("AddService", "catalogue", "no-such-service")]
    public async Task BadInputIsAReadablePageWith400AndChangesNothing(string handler, string field, string value)
    {
        var world = await WorldWithBeaconAsync();
        await CensusKit.AddCatalogueAsync(world.A, world.SiteA1, "google-analytics");
        var before = (await DraftAsync(world)).ToJsonString();
        var form = handler switch
        {
            "AddName" => new Dictionary<string, string> { ["Name.Kind"] = "httpCookie", ["Name.Name"] = "shop_cart", ["Name.Lifetime"] = "13mo", ["Name.Service"] = "google-analytics" },
            "Sampling" => new Dictionary<string, string>(),
            _ => new Dictionary<string, string>(),
        };
        form[field] = value;

        var response = await world.Member.PostFormAsync(Census(world.SiteA1) + "?handler=" + handler, form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"census-error\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>", html.Split("id=\"census-error\"")[1].Split("</div>")[0], StringComparison.Ordinal);
        Assert.Contains("id=\"census-totals\"", html, StringComparison.Ordinal); // the page, with its lists, not a bare error
        Assert.Equal(before, (await DraftAsync(world)).ToJsonString());
    }

    [Fact]
    public async Task SamplingSetsTheDraftsRateAndPublishingMakesItLive()
    {
        var world = await WorldWithBeaconAsync();

        var response = await world.Member.PostFormAsync(Census(world.SiteA1) + "?handler=Sampling", new() { ["percent"] = "2,5" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2.5, (double)(await DraftAsync(world))["censusPercent"]!);
        Assert.Equal(0.01, JsonDocument.Parse(await PublishedAsync(world)).RootElement.GetProperty("census").GetDouble());
        await app.PublishAsync(world.A, world.SiteA1);
        Assert.Equal(0.025, JsonDocument.Parse(await PublishedAsync(world)).RootElement.GetProperty("census").GetDouble());
    }

    [Fact]
    public async Task AClientViewerHasNoCensusPageAndNoLinkToIt()
    {
        var world = await WorldWithBeaconAsync();

        var page = await world.ViewerOfA1.GetAsync(Census(world.SiteA1));
        var post = await world.ViewerOfA1.PostFormAsync(Census(world.SiteA1) + "?handler=AddService", new() { ["catalogue"] = "hotjar" }, tokenFrom: $"/portal/sites/{world.SiteA1}");

        Assert.True(page.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"GET answered {(int)page.StatusCode}");
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"POST answered {(int)post.StatusCode}");
        Assert.DoesNotContain("/census", await world.ViewerOfA1.GetStringAsync($"/portal/sites/{world.SiteA1}"), StringComparison.Ordinal);
        Assert.DoesNotContain((await DraftAsync(world))["services"]!.AsArray(), s => (string?)s!["id"] == "hotjar");
    }
}
