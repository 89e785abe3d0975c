using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// When the banner asks again: a decision that has expired, or one made on a revision older than the newest that
/// requires renewed consent. A republish that does not require it leaves decisions standing.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class AskAgainTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task AValidDecisionIsNotAskedForAgain()
    {
        await using var visitor = await DecidedAsync();
        var page = visitor.Page;

        await page.ReloadAsync();

        await Expect(page.Locator("#consentcloud")).ToBeAttachedAsync();
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        await Expect(page.Locator("#consentcloud .cc-f")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnExpiredDecisionIsAskedForAgainKeepingTheConsentId()
    {
        await using var visitor = await DecidedAsync();
        var (_, context, page, consent) = visitor;
        var expired = JsonNode.Parse(consent.GetRawText())!.AsObject();
        expired["decidedAt"] = DateTimeOffset.UtcNow.AddMonths(-13).ToString("O", CultureInfo.InvariantCulture);
        expired["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        // The browser keeps the cookie (its own expiry is a month away); the decision inside it has run out.
        await page.EvaluateAsync("value => { document.cookie = 'cc_consent=' + encodeURIComponent(value) + ';path=/;max-age=2592000;SameSite=Lax'; }", expired.ToJsonString());
        Assert.Equal(expired["expiresAt"]!.GetValue<string>(), (await RequireConsentCookieAsync(context, page.Url)).GetProperty("expiresAt").GetString());

        await page.ReloadAsync();

        await Expect(Dialog(page)).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => ConsentCloud.isGranted('statistics')"));
        Assert.Null(await ConsentAsync(page));
        await RejectAllAsync(page);
        var renewed = await RequireConsentCookieAsync(context, page.Url);
        Assert.Equal(consent.GetProperty("consentId").GetString(), renewed.GetProperty("consentId").GetString());
    }

    [Fact]
    public async Task ARevisionThatRequiresRenewalAsksAgain()
    {
        await using var visitor = await DecidedAsync();
        var (siteKey, context, page, consent) = visitor;

        var published = await world.PublishAsync(siteKey, requireRenewal: true);
        Assert.Equal(2, published.GetProperty("number").GetInt32());
        await page.ReloadAsync();

        await Expect(Dialog(page)).ToBeVisibleAsync();
        Assert.Null(await ConsentAsync(page));
        await AcceptAllAsync(page);
        var renewed = await RequireConsentCookieAsync(context, page.Url);
        Assert.Equal(2, renewed.GetProperty("revision").GetInt32());
        Assert.Equal(consent.GetProperty("consentId").GetString(), renewed.GetProperty("consentId").GetString());

        await page.ReloadAsync();
        await Expect(page.Locator("#consentcloud .cc-f")).ToBeVisibleAsync();
        await Expect(Dialog(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ARevisionThatDoesNotRequireRenewalKeepsTheDecision()
    {
        await using var visitor = await DecidedAsync();
        var (siteKey, _, page, _) = visitor;
        await world.EditDraftAsync(siteKey, draft => draft["texts"]!["da"]!["title"] = "Dit valg, vores ansvar");

        var published = await world.PublishAsync(siteKey, requireRenewal: false);
        Assert.Equal(2, published.GetProperty("number").GetInt32());
        await page.ReloadAsync();

        await Expect(page.Locator("#consentcloud .cc-f")).ToBeVisibleAsync();
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => ConsentCloud.isGranted('statistics')"));
        // The new revision is the one being served (the floating button opens its texts).
        await page.Locator("#consentcloud .cc-f").ClickAsync();
        await Expect(page.Locator("#cc-title")).ToHaveTextAsync("Dit valg, vores ansvar");
    }

    private readonly Dictionary<string, string> siteOfConsent = [];

    private string SiteKeyOf(JsonElement consent) => siteOfConsent[consent.GetProperty("consentId").GetString()!];

    /// <summary>A visitor who accepted everything on revision 1 of a new site, on a page that always loads the current banner.js.</summary>
    private async Task<Visitor> DecidedAsync()
    {
        var siteKey = await world.PublishedSiteAsync();
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // banner.js may be cached for 15 s (Cache-Control); a route turns off Chromium's HTTP cache for this page, so a
        // reload right after a publish gets the new revision, as it would a minute later.
        await page.RouteAsync("**/banner.js", route => route.ContinueAsync());
        await page.GotoAsync(world.Page(siteKey));
        await AcceptAllAsync(page);
        var consent = await RequireConsentCookieAsync(context, page.Url);
        Assert.Equal(1, consent.GetProperty("revision").GetInt32());
        return new Visitor(siteKey, context, page, consent);
    }

    private sealed record Visitor(string SiteKey, IBrowserContext Context, IPage Page, JsonElement Consent) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Context.DisposeAsync();
    }
}
