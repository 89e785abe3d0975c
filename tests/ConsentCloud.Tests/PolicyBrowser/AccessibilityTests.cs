using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// Issue 6: "accessible (axe-core: no serious or critical violation)", "axe scan on both pages in two languages" — for
/// the Danish fixture (Studio Lys: YouTube, Vimeo, Google Maps, Calendly), and for the declaration embed.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, PolicyWorld world) : IClassFixture<PolicyWorld>
{
    [Theory]
    [InlineData("privacy", "da")]
    [InlineData("privacy", "en")]
    [InlineData("cookies", "da")]
    [InlineData("cookies", "en")]
    public async Task ThePolicyPageHasNoSeriousOrCriticalAxeViolations(string kind, string lang)
    {
        var siteKey = await world.DanishStudioAsync();
        // axe is added as a <script> tag, which the pages' CSP (no script-src) refuses: BypassCSP, for this scan only.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "da-DK", BypassCSP = true });
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.PolicyUrl(siteKey, kind, lang));

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await ScreenshotAsync(page, $"{kind}-{lang}");
        await AssertNoSeriousAxeViolationsAsync(page);
    }

    [Fact]
    public async Task TheDeclarationEmbedWithTheVisitorsConsentHasNoSeriousOrCriticalAxeViolations()
    {
        var siteKey = await world.DanishStudioAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.DeclarationPage(siteKey, withBanner: true));
        await SaveChoicesAsync(page, "preferences", "statistics");

        await Expect(DeclarationButton(page, "withdraw")).ToBeVisibleAsync();
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        await AssertNoSeriousAxeViolationsAsync(page, "#consentcloud-declaration");
    }
}
