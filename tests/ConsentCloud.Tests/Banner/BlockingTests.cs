using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// Blocked content: scripts marked type="text/plain" data-category (inline and src) and iframes with data-src stay
/// inert until their category is granted, then run in document order; the same for elements added later.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class BlockingTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task StatisticsScriptsDoNotRunBeforeConsentAndRunInDocumentOrderAfterAcceptAll()
    {
        var siteKey = await world.PublishedSiteAsync();
        var (url, external) = StatisticsPage(siteKey);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(Dialog(page)).ToBeVisibleAsync();

        Assert.Empty(await RanAsync(page));
        Assert.False(world.WasRequested(external), "the blocked src script was fetched before consent");
        Assert.Equal(3, await page.Locator("script[type='text/plain'][data-category]").CountAsync());

        await AcceptAllAsync(page);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "inline-1 src inline-2");
        Assert.True(world.WasRequested(external));
        Assert.Equal(0, await page.Locator("script[type='text/plain'][data-category]").CountAsync());
    }

    [Fact]
    public async Task RejectAllKeepsStatisticsScriptsBlockedNowAndOnTheNextPageView()
    {
        var siteKey = await world.PublishedSiteAsync();
        var (url, external) = StatisticsPage(siteKey);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);

        await RejectAllAsync(page);
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        Assert.Equal("rejectAll", (await ConsentAsync(page))?.GetProperty("method").GetString());

        await page.ReloadAsync();
        Assert.Equal("rejectAll", (await ConsentAsync(page))?.GetProperty("method").GetString());
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        Assert.Empty(await RanAsync(page));
        Assert.False(world.WasRequested(external), "the blocked src script was fetched after reject all");
        Assert.Equal(3, await page.Locator("script[type='text/plain'][data-category]").CountAsync());
    }

    [Fact]
    public async Task ScriptsAddedByThePageLaterStayBlockedUntilTheirCategoryIsGranted()
    {
        var siteKey = await world.PublishedSiteAsync();
        var external = world.File(siteKey, "late.js", "window.record('late-src');");
        var url = world.Page(siteKey, head: Recorder, body: $$"""
            <script>
              addEventListener("load", () => {
                const inline = document.createElement("script");
                inline.type = "text/plain";
                inline.dataset.category = "statistics";
                inline.text = "window.record('late-inline')";
                const src = document.createElement("script");
                src.type = "text/plain";
                src.dataset.category = "statistics";
                src.src = "{{external}}";
                const box = document.createElement("div");
                box.append(inline, src);
                document.body.append(box);
              });
            </script>
            """);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(page.Locator("script[type='text/plain'][data-category]")).ToHaveCountAsync(2);
        Assert.Empty(await RanAsync(page));
        Assert.False(world.WasRequested(external));

        await AcceptAllAsync(page);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "late-inline late-src");

        // Granted now: one more added by the page runs at once.
        await page.EvaluateAsync("""
            () => {
              const s = document.createElement("script");
              s.type = "text/plain";
              s.dataset.category = "statistics";
              s.text = "window.record('after-consent')";
              document.body.append(s);
            }
            """);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "late-inline late-src after-consent");
    }

    [Fact]
    public async Task AnEmbeddedVideoShowsAPlaceholderUntilTheVisitorAllowsThatServiceWhichIsRecordedAsProof()
    {
        var siteKey = await world.PublishedSiteAsync(BannerWorld.AddUsualServices);
        var video = world.File(siteKey, "video.html", "<!doctype html><title>Video</title><p id=v>Videoen spiller</p>", "text/html; charset=utf-8");
        var url = world.Page(siteKey, body: $"""
            <iframe data-src="{world.Site.BaseUrl}{video}" data-category="marketing" data-service="youtube" title="Sådan bager vi" width="560" height="315"></iframe>
            """);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(url);
        var placeholder = page.Locator(".cc-ph");
        await Expect(placeholder).ToBeVisibleAsync();
        await Expect(placeholder).ToContainTextAsync("Indhold fra YouTube (Google Ireland Limited) vises først, når du tillader det.");
        await Expect(placeholder.Locator("[data-cc-allow='youtube']")).ToHaveTextAsync("Tillad YouTube");
        await Expect(page.Locator("iframe")).ToBeHiddenAsync();
        Assert.Null(await page.Locator("iframe").GetAttributeAsync("src"));
        Assert.False(world.WasRequested(video));
        Assert.InRange((await placeholder.BoundingBoxAsync())!.Width, 559, 561);
        await SettleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "banner-placeholder");

        var report = await page.RunAndWaitForResponseAsync(() => placeholder.Locator("[data-cc-allow='youtube']").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/consents", StringComparison.Ordinal));

        await Expect(placeholder).ToHaveCountAsync(0);
        await Expect(page.Locator("iframe")).ToBeVisibleAsync();
        await Expect(page.FrameLocator("iframe").Locator("#v")).ToHaveTextAsync("Videoen spiller");
        Assert.True(world.WasRequested(video));
        // A decision like any other: YouTube granted on its own, marketing (and everything else optional) still denied.
        Assert.Equal(201, report.Status);
        var consent = (await ConsentAsync(page))!.Value;
        Assert.Equal("custom", consent.GetProperty("method").GetString());
        Assert.Equal(Choices(), ChoicesOf(consent.GetProperty("choices")));
        Assert.True(consent.GetProperty("services").GetProperty("youtube").GetBoolean());
        Assert.False(await page.EvaluateAsync<bool>("() => ConsentCloud.isGranted('marketing')"));
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        var current = (await world.HistoryAsync(siteKey, consent.GetProperty("consentId").GetString()!)).GetProperty("current");
        Assert.True(current.GetProperty("services").GetProperty("youtube").GetBoolean());
        Assert.False(current.GetProperty("services").GetProperty("google-analytics").GetBoolean());
        Assert.False(current.GetProperty("choices").GetProperty("marketing").GetBoolean());

        // It holds on the next page view: the video loads at once, without a placeholder.
        await page.ReloadAsync();
        await Expect(page.FrameLocator("iframe").Locator("#v")).ToHaveTextAsync("Videoen spiller");
        await Expect(page.Locator(".cc-ph")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task GrantingMarketingFromThePlaceholdersSettingsButtonLoadsTheVideo()
    {
        var siteKey = await world.PublishedSiteAsync(BannerWorld.AddUsualServices);
        var video = world.File(siteKey, "video.html", "<!doctype html><title>Video</title><p id=v>Videoen spiller</p>", "text/html; charset=utf-8");
        var url = world.Page(siteKey, body: $"""<iframe data-src="{world.Site.BaseUrl}{video}" data-category="marketing" data-service="youtube" title="Video"></iframe>""");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);

        await page.Locator(".cc-ph [data-cc-open]").ClickAsync();
        await Expect(Preferences(page)).ToBeVisibleAsync();
        await Category(page, "marketing").CheckAsync();
        await Button(page, "save").ClickAsync();

        await Expect(page.Locator(".cc-ph")).ToHaveCountAsync(0);
        await Expect(page.FrameLocator("iframe").Locator("#v")).ToHaveTextAsync("Videoen spiller");
        Assert.Equal(Choices("marketing"), ChoicesOf((await ConsentAsync(page))!.Value.GetProperty("choices")));
    }

    [Fact]
    public async Task AScriptInTwoCategoriesRunsOnlyWhenBothAreGranted()
    {
        var siteKey = await world.PublishedSiteAsync();
        var url = world.Page(siteKey, head: $"""
            {Recorder}
            <script type="text/plain" data-category="statistics marketing">window.record("both")</script>
            <script type="text/plain" data-category="statistics">window.record("statistics")</script>
            """);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);

        await SaveChoicesAsync(page, "statistics");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "statistics");

        await page.EvaluateAsync("() => ConsentCloud.showPreferences()");
        await SaveChoicesAsync(page, "statistics", "marketing");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ran", "statistics both");
    }

    /// <summary>Blocked scripts append their name to html[data-ran], so the order they ran in can be read (and waited for).</summary>
    /// <summary>Two inline statistics scripts around an external one that the website serves.</summary>
    private (string Url, string External) StatisticsPage(string siteKey)
    {
        var external = world.File(siteKey, "stats.js", "window.record('src');");
        var url = world.Page(siteKey, head: $"""
            {Recorder}
            <script type="text/plain" data-category="statistics">window.record("inline-1")</script>
            <script type="text/plain" data-category="statistics" data-service="google-analytics" src="{external}"></script>
            <script type="text/plain" data-category="statistics">window.record("inline-2")</script>
            """);
        return (url, external);
    }
}
