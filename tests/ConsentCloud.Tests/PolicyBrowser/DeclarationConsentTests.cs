using ConsentCloud.Tests.Browser;
using static ConsentCloud.Tests.Banner.BannerPage;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// Issue 6: "the declaration embed shows the visitor's real consent state after a decision in the banner" — on a client's
/// page (another origin), with the banner first in &lt;head&gt; and the embed in the body, as an agency would set it up.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class DeclarationConsentTests(BrowserFixture browser, PolicyWorld world) : IClassFixture<PolicyWorld>
{
    private static readonly string[] CustomThenWithdraw = ["custom", "withdraw"];

    [Fact]
    public async Task TheDeclarationShowsTheDecisionMadeInTheBannerAndItsWithdrawButtonRecordsAWithdrawal()
    {
        var siteKey = await world.DanishStudioAsync();
        var url = world.DeclarationPage(siteKey, withBanner: true);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);

        var declaration = Declaration(page);
        await Expect(declaration.Locator(".ccd-no")).ToHaveTextAsync("Der er endnu ikke registreret noget valg.");
        await Expect(declaration.Locator("tr[data-service]")).ToHaveCountAsync(4);

        // Statistics only, in the banner's second layer.
        var decided = await page.RunAndWaitForResponseAsync(() => SaveChoicesAsync(page, "statistics"), IsReport);
        Assert.Equal(201, decided.Status);

        await Expect(DeclaredState(page, "necessary")).ToHaveAttributeAsync("data-granted", "true");
        await Expect(DeclaredState(page, "statistics")).ToHaveAttributeAsync("data-granted", "true");
        await Expect(DeclaredState(page, "statistics")).ToHaveTextAsync("Accepteret");
        await Expect(DeclaredState(page, "preferences")).ToHaveAttributeAsync("data-granted", "false");
        await Expect(DeclaredState(page, "marketing")).ToHaveAttributeAsync("data-granted", "false");
        await Expect(DeclaredState(page, "marketing")).ToHaveTextAsync("Afvist");
        await Expect(declaration.Locator(".ccd-live")).ToHaveTextAsync("Dit valg er gemt.");
        var cookie = await RequireConsentCookieAsync(context, url);
        var consentId = cookie.GetProperty("consentId").GetString()!;
        await Expect(declaration.Locator(".ccd-id code")).ToHaveTextAsync(consentId);
        await Expect(declaration.Locator(".ccd-at time")).ToHaveAttributeAsync("datetime", cookie.GetProperty("decidedAt").GetString()!);
        await Expect(declaration.Locator(".ccd-exp time")).ToHaveAttributeAsync("datetime", cookie.GetProperty("expiresAt").GetString()!);
        var history = await world.HistoryAsync(siteKey, consentId);
        Assert.Equal(consentId, history.GetProperty("consentId").GetString());
        Assert.Equal("custom", history.GetProperty("current").GetProperty("method").GetString());
        Assert.Equal(Choices("statistics"), ChoicesOf(history.GetProperty("current").GetProperty("choices")));
        await BrowserFixture.ScreenshotAsync(page, "policy-declaration-embed-da");

        // The visitor comes back to it later (the app's clock is the test's: without this both records share a time).
        world.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var withdrawn = await page.RunAndWaitForResponseAsync(() => DeclarationButton(page, "withdraw").ClickAsync(), IsReport);
        Assert.Equal(201, withdrawn.Status);

        await Expect(DeclaredState(page, "statistics")).ToHaveAttributeAsync("data-granted", "false");
        await Expect(DeclaredState(page, "necessary")).ToHaveAttributeAsync("data-granted", "true");
        await Expect(declaration.Locator(".ccd-live")).ToHaveTextAsync("Dit samtykke er trukket tilbage.");
        await Expect(DeclarationButton(page, "withdraw")).ToHaveCountAsync(0);
        await Expect(DeclarationButton(page, "change")).ToBeFocusedAsync();
        await Expect(declaration.Locator(".ccd-id code")).ToHaveTextAsync(consentId);
        var after = await RequireConsentCookieAsync(context, url);
        Assert.Equal("withdraw", after.GetProperty("method").GetString());
        Assert.Equal(consentId, after.GetProperty("consentId").GetString());
        history = await world.HistoryAsync(siteKey, consentId);
        var methods = history.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("method").GetString()).ToArray();
        Assert.Equal(CustomThenWithdraw, methods);
        var current = history.GetProperty("current");
        Assert.Equal(Choices(), ChoicesOf(current.GetProperty("choices")));
        Assert.Equal("withdrawn", current.GetProperty("state").GetString());
        await BrowserFixture.ScreenshotAsync(page, "policy-declaration-embed-da-withdrawn");
    }

    [Fact]
    public async Task WithoutTheBannerTheDeclarationReadsTheConsentCookieAndOffersNoButtons()
    {
        var siteKey = await world.DanishStudioAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.DeclarationPage(siteKey, withBanner: true));
        await page.RunAndWaitForResponseAsync(() => AcceptAllAsync(page), IsReport);
        var consentId = (await RequireConsentCookieAsync(context, page.Url)).GetProperty("consentId").GetString()!;

        // Another page of the same site, in English, with only the embed.
        await page.GotoAsync(world.DeclarationPage(siteKey, withBanner: false, lang: "en"));

        var declaration = Declaration(page);
        await Expect(declaration).ToHaveAttributeAsync("lang", "en");
        await Expect(declaration.Locator(".ccd-id code")).ToHaveTextAsync(consentId);
        await Expect(DeclaredState(page, "marketing")).ToHaveTextAsync("Granted");
        await Expect(declaration.Locator(".ccd-b")).ToHaveCountAsync(0);
        await Expect(declaration.Locator(".ccd-nb")).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => 'ConsentCloud' in window"));
        await BrowserFixture.ScreenshotAsync(page, "policy-declaration-embed-en-without-banner");
    }
}
