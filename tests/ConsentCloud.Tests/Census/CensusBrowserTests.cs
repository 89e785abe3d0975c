using System.Collections.Concurrent;
using System.Text.Json;
using ConsentCloud.Tests.Banner;
using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Census;

/// <summary>
/// The live census end to end, in Chromium: banner.js of a site with the census on imports census.js, which sends one
/// beacon of names and hosts after the decision; the management API then lists what no service declares. Third
/// parties are answered through Playwright's routing; every request the browser makes is logged, so "never requested"
/// and "exactly one beacon" are checked, not assumed.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class CensusBrowserTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    private const string Widget = "https://cdn.widgets.example/w.js?token=SECRET-script";
    private const string Frame = "https://embed.videos.example/player/42?k=SECRET-frame";
    private const string Pixel = "https://pixel.tracker.example/p.gif?uid=SECRET-img";

    /// <summary>A page that writes first-party cookies and storage with secret values and loads three third parties.</summary>
    private const string Busy = """
        <script>
          document.cookie = "shop_cart=SECRET123; path=/";
          document.cookie = "last_seen_product=SECRET456; path=/";
          localStorage.setItem("wishlist_token", "SECRET789");
          sessionStorage.setItem("checkout_step", "SECRET000");
        </script>
        <script src="https://cdn.widgets.example/w.js?token=SECRET-script"></script>
        """;

    private const string BusyBody = """
        <iframe src="https://embed.videos.example/player/42?k=SECRET-frame" width="200" height="100"></iframe>
        <img src="https://pixel.tracker.example/p.gif?uid=SECRET-img" width="1" height="1" alt="">
        """;

    private sealed record Sent(string Method, string Url, string? Body);

    /// <summary>A context whose third-party requests are answered here; every request it makes is logged.</summary>
    private async Task<(IBrowserContext Context, ConcurrentQueue<Sent> Requests)> ContextAsync()
    {
        var requests = new ConcurrentQueue<Sent>();
        var context = await browser.NewContextAsync();
        context.Request += (_, r) => requests.Enqueue(new Sent(r.Method, r.Url, r.PostData));
        await context.RouteAsync(url => !url.StartsWith(world.App.BaseUrl, StringComparison.Ordinal) && !url.StartsWith(world.Site.BaseUrl, StringComparison.Ordinal), async route =>
        {
            var url = route.Request.Url;
            await route.FulfillAsync(url.StartsWith(Widget, StringComparison.Ordinal)
                ? new RouteFulfillOptions { Status = 200, ContentType = "text/javascript", Body = "window.widget = 1;" }
                : url.StartsWith(Pixel, StringComparison.Ordinal)
                    ? new RouteFulfillOptions { Status = 200, ContentType = "image/gif", BodyBytes = Convert.FromBase64String("R0lGODlhAQABAAAAACw=") }
                    : new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<p>video</p>" });
        });
        return (context, requests);
    }

    private Task<string> SiteAsync(double percent) => world.PublishedSiteAsync(d => d["censusPercent"] = percent);

    private static bool IsBeacon(Sent r, string siteKey) =>
        r.Method == "POST" && new Uri(r.Url).AbsolutePath == $"/v1/sites/{siteKey}/census";

    private static bool IsCensusScript(Sent r, string siteKey) =>
        r.Method == "GET" && new Uri(r.Url).AbsolutePath.StartsWith($"/v1/sites/{siteKey}/census/", StringComparison.Ordinal);

    /// <summary>Opens the busy page, accepts all, and waits for census.js's beacon (3 s after the decision) and a little more.</summary>
    private async Task<(Sent Beacon, IReadOnlyList<Sent> Requests)> AcceptAndWaitForBeaconAsync(string siteKey)
    {
        var (context, requests) = await ContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.Page(siteKey, head: Busy, body: BusyBody));
        await Expect(Dialog(page)).ToBeVisibleAsync();
        await AcceptAllAsync(page);
        await Expect(Dialog(page)).ToBeHiddenAsync();
        Assert.NotNull(await ConsentCookieAsync(context, world.Site.BaseUrl));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!requests.Any(r => IsBeacon(r, siteKey)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        // Long enough for a second beacon, were one sent.
        await Task.Delay(1500);
        var all = requests.ToList();
        var beacon = Assert.Single(all, r => IsBeacon(r, siteKey));
        return (beacon, all);
    }

    private static List<string> Names(JsonElement body, string list) =>
        body.GetProperty(list).EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public async Task AtOneHundredPercentOneBeaconOfNamesAndHostsWithoutValuesIsSentAfterTheDecisionAndTheUndeclaredCookieIsListed()
    {
        var siteKey = await SiteAsync(100);

        var (beacon, requests) = await AcceptAndWaitForBeaconAsync(siteKey);

        Assert.Contains(requests, r => IsCensusScript(r, siteKey));
        var text = beacon.Body ?? "";
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/player", text, StringComparison.Ordinal);
        Assert.DoesNotContain("?", text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Contains("shop_cart", Names(body, "cookies"));
        Assert.Contains("last_seen_product", Names(body, "cookies"));
        Assert.Contains("wishlist_token", Names(body, "localStorage"));
        Assert.Contains("checkout_step", Names(body, "sessionStorage"));
        Assert.Equal(["cdn.widgets.example", "embed.videos.example", "pixel.tracker.example"], Names(body, "hosts").Order());
        Assert.True(body.GetProperty("choices").GetProperty("marketing").GetBoolean());

        await CensusKit.FlushAsync(world.App);
        var report = await CensusKit.ReportAsync(world.Agency, siteKey);
        Assert.Equal(1, report.GetProperty("totals").GetProperty("views").GetInt64());
        Assert.NotNull(CensusKit.Find(report, "undeclared", "httpCookie", "shop_cart"));
        Assert.NotNull(CensusKit.Find(report, "undeclared", "localStorage", "wishlist_token"));
        Assert.NotNull(CensusKit.Find(report, "undeclared", "host", "cdn.widgets.example"));
    }

    [Fact]
    public async Task UnderAStrictNonceOnlyContentSecurityPolicyCensusJsLoadsWithTheBannersNonceAndItsBeaconIsSent()
    {
        var siteKey = await SiteAsync(100);
        const string Nonce = "cc-nonce-4f1e2d";
        // Only scripts with the nonce run; the census must come in through banner.js's own import, not a new tag.
        var page = world.Site.Put($"/{siteKey}/csp.html", $$"""
            <!doctype html>
            <html lang="da">
            <head>
            <meta http-equiv="Content-Security-Policy" content="script-src 'nonce-{{Nonce}}'; connect-src {{world.App.BaseUrl}}; object-src 'none'; base-uri 'none'">
            <script nonce="{{Nonce}}">
              window.violations = [];
              document.addEventListener("securitypolicyviolation", e => window.violations.push(e.violatedDirective + " " + e.blockedURI));
            </script>
            <script nonce="{{Nonce}}" src="{{world.BannerScriptUrl(siteKey)}}"></script>
            <meta charset="utf-8">
            <title>Bageriet Hansen</title>
            <script nonce="{{Nonce}}">document.cookie = "shop_cart=SECRET123; path=/";</script>
            <script nonce="{{Nonce}}" src="{{Widget}}"></script>
            <script src="https://cdn.refused.example/no-nonce.js"></script>
            </head>
            <body><main><h1>Bageriet Hansen</h1></main></body>
            </html>
            """);
        var (context, requests) = await ContextAsync();
        await using var _ = context;
        var tab = await context.NewPageAsync();

        await tab.GotoAsync(page);
        await Expect(Dialog(tab)).ToBeVisibleAsync();
        await AcceptAllAsync(tab);
        await Expect(Dialog(tab)).ToBeHiddenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!requests.Any(r => IsBeacon(r, siteKey)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Contains(requests, r => IsCensusScript(r, siteKey));
        var beacon = Assert.Single(requests, r => IsBeacon(r, siteKey));
        var body = JsonDocument.Parse(beacon.Body!).RootElement;
        Assert.Contains("shop_cart", Names(body, "cookies"));
        Assert.Contains("cdn.widgets.example", Names(body, "hosts"));
        // The policy is really enforced (the tag without the nonce was refused), and refused nothing of ours.
        var violations = await tab.EvaluateAsync<string[]>("() => window.violations");
        Assert.Contains(violations, v => v.Contains("cdn.refused.example", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains(world.App.BaseUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheBannersOwnCookieAndStorageAreNeverReported()
    {
        var siteKey = await SiteAsync(100);

        var (beacon, _) = await AcceptAndWaitForBeaconAsync(siteKey);

        var body = JsonDocument.Parse(beacon.Body!).RootElement;
        Assert.DoesNotContain("cc_", beacon.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain(CookieName, Names(body, "cookies"));
        Assert.DoesNotContain("cc_outbox", Names(body, "localStorage"));
        await CensusKit.FlushAsync(world.App);
        var report = await CensusKit.ReportAsync(world.Agency, siteKey);
        Assert.Null(CensusKit.Find(report, "undeclared", "httpCookie", CookieName));
        Assert.Null(CensusKit.Find(report, "undeclared", "localStorage", "cc_outbox"));
    }

    [Fact]
    public async Task WithTheCensusOffBannerJsHasNoLoaderAndCensusJsIsNeverRequested()
    {
        var siteKey = await SiteAsync(0);
        var script = await world.Public.GetStringAsync($"/v1/sites/{siteKey}/banner.js");
        Assert.DoesNotContain("census", script, StringComparison.Ordinal);
        Assert.False((await world.ConfigAsync(siteKey)).TryGetProperty("census", out var _));

        var (context, requests) = await ContextAsync();
        await using var __ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey, head: Busy, body: BusyBody));
        await AcceptAllAsync(page);
        await Expect(Dialog(page)).ToBeHiddenAsync();
        await Task.Delay(4500); // past census.js's 3 s, had it loaded

        Assert.DoesNotContain(requests, r => new Uri(r.Url).AbsolutePath.Contains("/census", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheCensusOnBannerJsEndsWithTheLoaderOfTheCurrentCensusJs()
    {
        var siteKey = await SiteAsync(100);

        var script = await world.Public.GetStringAsync($"/v1/sites/{siteKey}/banner.js");

        Assert.Contains($"import(new URL(\"census/{ConsentCloud.Web.Features.Census.CensusScript.Version}.js\",s.src).href)", script, StringComparison.Ordinal);
        Assert.Equal(1, (await world.ConfigAsync(siteKey)).GetProperty("census").GetDouble());
    }
}
