using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// Automatic blocking (issue 19): with it on, scripts and iframes from the declared services' URLs (the catalogue's
/// patterns) neither load nor run before consent, however the page adds them, and run in document order after it.
/// The third parties are served by the test through Playwright's routing, which also is the network log: every
/// request the page makes to them is recorded, so "not fetched" is checked, not assumed.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class AutoBlockingTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    private const string Gtag = "https://www.googletagmanager.com/gtag/js?id=G-TEST1";
    private const string Pixel = "https://connect.facebook.net/en_US/fbevents.js";
    private const string Unrelated = "https://cdn.unrelated.example/lib.js";
    private const string Video = "https://www.youtube-nocookie.com/embed/abc123";

    private static void Declare(JsonObject draft, bool on)
    {
        draft["services"] = new JsonArray(
            BannerWorld.Service("google-analytics", "Google Analytics", "statistics", ("_ga", "2y")),
            BannerWorld.Service("meta-pixel", "Meta Pixel", "marketing", ("_fbp", "3mo")),
            BannerWorld.Service("youtube", "YouTube", "marketing", ("YSC", "session")));
        draft["autoBlocking"] = on;
    }

    /// <summary>A context whose third-party requests are answered here and logged.</summary>
    private async Task<(IBrowserContext Context, ConcurrentQueue<string> Requests)> ContextAsync()
    {
        var requests = new ConcurrentQueue<string>();
        var context = await browser.NewContextAsync();
        await context.RouteAsync(url => !url.StartsWith(world.App.BaseUrl, StringComparison.Ordinal) && !url.StartsWith(world.Site.BaseUrl, StringComparison.Ordinal), async route =>
        {
            var url = route.Request.Url;
            requests.Enqueue(url);
            var name = url.StartsWith(Gtag, StringComparison.Ordinal) ? "gtag" : url.StartsWith(Pixel, StringComparison.Ordinal) ? "pixel" : url.StartsWith(Unrelated, StringComparison.Ordinal) ? "unrelated" : "other";
            await route.FulfillAsync(url.Contains("/embed/", StringComparison.Ordinal)
                ? new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<p>video</p>" }
                : new RouteFulfillOptions { Status = 200, ContentType = "text/javascript", Body = $"window.record('{name}');" });
        });
        return (context, requests);
    }

    [Fact]
    public async Task ScriptsOfDeclaredServicesInTheHtmlDoNotRunBeforeConsentAndRunInDocumentOrderAfterIt()
    {
        var siteKey = await world.PublishedSiteAsync(d => Declare(d, on: true));
        var url = world.Page(siteKey, head: Recorder + $"""
            <script src="{Gtag}"></script>
            <script src="{Unrelated}"></script>
            <script src="{Pixel}"></script>
            """);
        var (context, requests) = await ContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(Dialog(page)).ToBeVisibleAsync();

        // The unrelated third party runs untouched; the declared ones are held as the manual markup would hold them.
        Assert.Equal("unrelated", await RanAsync(page));
        Assert.Equal(2, await page.Locator("script[type='text/plain'][data-service]").CountAsync());

        await AcceptAllAsync(page);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "unrelated gtag pixel");
        Assert.Contains(requests, r => r.StartsWith(Pixel, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScriptsAddedByOtherScriptsAndByATagManagerAreNeitherFetchedNorRunBeforeConsentAndAnInjectedIframeIsHeld()
    {
        var siteKey = await world.PublishedSiteAsync(d => Declare(d, on: true));
        // A tag-manager-like loader on the site's own host injects the others, the ways plugins do.
        var loader = world.File(siteKey, "tags.js", $$"""
            const a = document.createElement("script");
            a.async = true;
            a.src = "{{Gtag}}";
            document.head.appendChild(a);
            const b = document.createElement("script");
            b.setAttribute("src", "{{Pixel}}");
            document.head.insertBefore(b, document.head.firstChild);
            const box = document.createElement("div");
            box.innerHTML = '<iframe id="video" width="560" height="315" src="{{Video}}"></iframe>';
            document.body.append(box);
            const c = document.createElement("script");
            c.src = "{{Unrelated}}";
            document.body.append(c);
            """);
        var url = world.Page(siteKey, head: Recorder, body: $"<script src=\"{loader}\"></script>");
        var (context, requests) = await ContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(Dialog(page)).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "unrelated");
        await SettleAsync(page);

        // The iframe given through innerHTML was held in an inert template before it was connected: never requested.
        Assert.DoesNotContain(requests, r => r.StartsWith(Gtag, StringComparison.Ordinal) || r.StartsWith(Pixel, StringComparison.Ordinal) || r.StartsWith(Video, StringComparison.Ordinal));
        await Expect(page.Locator(".cc-ph")).ToHaveCountAsync(1);
        Assert.Null(await page.Locator("#video").GetAttributeAsync("src"));

        await AcceptAllAsync(page);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", new System.Text.RegularExpressions.Regex("^unrelated( gtag| pixel){2}$"));
        await Expect(page.Locator("#video")).ToHaveAttributeAsync("src", Video);
        Assert.Contains(requests, r => r.StartsWith(Video, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATemplatesInnerHtmlKeepsItsIframeForTheFrameworkAndItsCloneInThePageIsHeldUntilConsent()
    {
        var siteKey = await world.PublishedSiteAsync(d => Declare(d, on: true));
        // As Lit and other template-based frameworks do: markup into a <template>'s innerHTML, then a clone of its content.
        var loader = world.File(siteKey, "template.js", $$"""
            const tpl = document.createElement("template");
            tpl.innerHTML = '<figure><iframe class="clip" width="560" height="315" src="{{Video}}"></iframe></figure>';
            document.documentElement.dataset.inTemplate = String(tpl.content.querySelector("iframe.clip")?.getAttribute("src"));
            document.body.append(tpl.content.cloneNode(true));
            """);
        var url = world.Page(siteKey, body: $"<script src=\"{loader}\"></script>");
        var (context, requests) = await ContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(Dialog(page)).ToBeVisibleAsync();
        await SettleAsync(page);

        // The template's own content is the framework's and keeps its markup as written.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-in-template", Video);
        // The clone in the page is held before consent (the observer stops it once it is connected).
        await Expect(page.Locator("iframe.clip")).ToHaveCountAsync(1);
        Assert.Null(await page.Locator("iframe.clip").GetAttributeAsync("src"));
        await Expect(page.Locator(".cc-ph")).ToHaveCountAsync(1);

        await AcceptAllAsync(page);
        await Expect(page.Locator("iframe.clip")).ToHaveAttributeAsync("src", Video);
        Assert.Contains(requests, r => r.StartsWith(Video, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyTheGrantedServicesScriptsRunAndManualMarkupKeepsItsOwnCategory()
    {
        var siteKey = await world.PublishedSiteAsync(d => Declare(d, on: true));
        // Marked by hand as "preferences": autoblock leaves it to that marking, although its URL is Meta Pixel's.
        var url = world.Page(siteKey, head: Recorder + $"""
            <script src="{Gtag}"></script>
            <script type="text/plain" data-category="preferences" src="{Pixel}"></script>
            """);
        var (context, requests) = await ContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await SaveChoicesAsync(page, "statistics", "preferences");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "gtag pixel");
    }

    [Fact]
    public async Task WithAutomaticBlockingOffNothingIsHeldAndThePublishedConfigurationHasNoPatterns()
    {
        var siteKey = await world.PublishedSiteAsync(d => Declare(d, on: false));
        var url = world.Page(siteKey, head: Recorder + $"""<script src="{Gtag}"></script>""");
        var (context, _) = await ContextAsync();
        await using var __ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "gtag");
        Assert.False((await world.ConfigAsync(siteKey)).TryGetProperty("blocking", out _));
    }

    [Fact]
    public async Task ThePublishedConfigurationCarriesThePatternsOfDeclaredOptionalServicesOnly()
    {
        var siteKey = await world.PublishedSiteAsync(d => Declare(d, on: true));
        var blocking = (await world.ConfigAsync(siteKey)).GetProperty("blocking").EnumerateArray()
            .Select(p => (Pattern: p[0].GetString()!, Service: p[1].GetString()!)).ToList();

        Assert.Contains(("connect.facebook.net", "meta-pixel"), blocking);
        Assert.Contains(("www.googletagmanager.com/gtag/js?id=G-", "google-analytics"), blocking);
        Assert.Contains(("youtube-nocookie.com/embed", "youtube"), blocking);
        Assert.Equal(["google-analytics", "meta-pixel", "youtube"], blocking.Select(b => b.Service).Distinct().Order());
        Assert.All((await world.ConfigAsync(siteKey)).GetProperty("services").EnumerateArray(), s => Assert.False(s.TryGetProperty("urlPatterns", out _)));
    }
}
