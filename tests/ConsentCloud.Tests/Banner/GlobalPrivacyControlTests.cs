using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// Global Privacy Control: a browser that says "do not sell or share" gets no banner and a recorded gpc decision that
/// denies marketing (and, nobody having been asked, every optional category); the visitor may still opt in.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class GlobalPrivacyControlTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task WithGpcTheBannerStaysHiddenAndAGpcDecisionDenyingMarketingIsRecorded()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await GpcContextAsync();
        var page = await context.NewPageAsync();

        var report = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(world.Page(siteKey)), IsReport);

        Assert.Equal(201, report.Status);
        await Expect(page.Locator("#consentcloud")).ToBeAttachedAsync();
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => ConsentCloud.isGranted('marketing')"));
        var cookie = await RequireConsentCookieAsync(context, page.Url);
        Assert.Equal("gpc", cookie.GetProperty("method").GetString());
        Assert.True(cookie.GetProperty("gpc").GetBoolean());
        Assert.Equal(Choices(), ChoicesOf(cookie.GetProperty("choices")));

        var history = await world.HistoryAsync(siteKey, cookie.GetProperty("consentId").GetString()!);
        var current = history.GetProperty("current");
        Assert.Equal("gpc", current.GetProperty("method").GetString());
        Assert.True(current.GetProperty("gpc").GetBoolean());
        Assert.False(current.GetProperty("choices").GetProperty("marketing").GetBoolean());

        var update = (await DataLayerAsync(page)).Single(e => e.TryGetProperty("arguments", out var a) && a[1].GetString() == "update");
        Assert.Equal("denied", update.GetProperty("arguments")[2].GetProperty("ad_storage").GetString());
    }

    [Fact]
    public async Task AVisitorWithGpcCanStillOptInFromThePreferences()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await GpcContextAsync();
        var page = await context.NewPageAsync();
        await page.RunAndWaitForResponseAsync(() => page.GotoAsync(world.Page(siteKey, body: "<a href=\"#\" data-cc-open>Cookieindstillinger</a>")), IsReport);

        await page.GetByText("Cookieindstillinger", new() { Exact = true }).ClickAsync();
        await Expect(Preferences(page)).ToBeVisibleAsync();
        await Expect(Category(page, "marketing")).Not.ToBeCheckedAsync();
        await page.RunAndWaitForResponseAsync(() => AcceptAllAsync(page), IsReport);

        var cookie = await RequireConsentCookieAsync(context, page.Url);
        Assert.Equal("acceptAll", cookie.GetProperty("method").GetString());
        Assert.True(cookie.GetProperty("gpc").GetBoolean());

        // The explicit choice holds on the next page view: not narrowed back by GPC.
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => ConsentCloud.isGranted('marketing')"));
        var history = await world.HistoryAsync(siteKey, cookie.GetProperty("consentId").GetString()!);
        Assert.Equal(["gpc", "acceptAll"], history.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("method").GetString()));
    }

    [Fact]
    public async Task AnEarlierGrantOfMarketingMadeWithoutGpcIsNarrowedWhenGpcIsTurnedOn()
    {
        var siteKey = await world.PublishedSiteAsync();
        var url = world.Page(siteKey);
        IReadOnlyList<BrowserContextCookiesResult> cookies;
        await using (var before = await browser.NewContextAsync())
        {
            var page = await before.NewPageAsync();
            await page.GotoAsync(url);
            await page.RunAndWaitForResponseAsync(() => SaveChoicesAsync(page, "statistics", "marketing"), IsReport);
            cookies = await before.CookiesAsync([url]);
        }

        await using var context = await GpcContextAsync();
        await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, SameSite = c.SameSite }));
        var gpcPage = await context.NewPageAsync();
        await gpcPage.RunAndWaitForResponseAsync(() => gpcPage.GotoAsync(url), IsReport);

        await Expect(Dialog(gpcPage)).ToHaveCountAsync(0);
        var cookie = await RequireConsentCookieAsync(context, url);
        Assert.Equal("gpc", cookie.GetProperty("method").GetString());
        Assert.Equal(Choices("statistics"), ChoicesOf(cookie.GetProperty("choices")));
        var history = await world.HistoryAsync(siteKey, cookie.GetProperty("consentId").GetString()!);
        Assert.Equal(["custom", "gpc"], history.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("method").GetString()));
    }

    [Fact]
    public async Task GpcIsDecidedBeforeAStoredAcceptAllIsAppliedSoNoMarketingScriptRunsEvenWithTheTagAtTheEndOfBody()
    {
        var siteKey = await world.PublishedSiteAsync();
        var url = world.Page(siteKey, bannerLast: true, body: """
            <script type="text/plain" data-category="marketing">document.documentElement.dataset.marketing = "ran";</script>
            <script type="text/plain" data-category="statistics">document.documentElement.dataset.statistics = "ran";</script>
            """);
        IReadOnlyList<BrowserContextCookiesResult> cookies;
        await using (var before = await browser.NewContextAsync())
        {
            var page = await before.NewPageAsync();
            await page.GotoAsync(url);
            await page.RunAndWaitForResponseAsync(() => AcceptAllAsync(page), IsReport);
            cookies = await before.CookiesAsync([url]);
        }

        await using var context = await GpcContextAsync();
        await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, SameSite = c.SameSite }));
        var gpcPage = await context.NewPageAsync();
        await gpcPage.RunAndWaitForResponseAsync(() => gpcPage.GotoAsync(url), IsReport);

        await Expect(gpcPage.Locator("html")).ToHaveAttributeAsync("data-statistics", "ran");
        Assert.Null(await gpcPage.Locator("html").GetAttributeAsync("data-marketing"));
        var updates = (await DataLayerAsync(gpcPage)).Where(e => e.TryGetProperty("arguments", out var a) && a[1].GetString() == "update").ToList();
        Assert.Equal(["denied"], updates.Select(u => u.GetProperty("arguments")[2].GetProperty("ad_storage").GetString()));
        Assert.Equal("gpc", (await RequireConsentCookieAsync(context, url)).GetProperty("method").GetString());
    }

    /// <summary>A browser with Global Privacy Control on (as Firefox, Brave or an extension sets it).</summary>
    private async Task<IBrowserContext> GpcContextAsync()
    {
        var context = await browser.NewContextAsync();
        await context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });");
        return context;
    }

    private static bool IsReport(IResponse response) =>
        response.Request.Method == "POST" && response.Url.EndsWith("/consents", StringComparison.Ordinal);
}
