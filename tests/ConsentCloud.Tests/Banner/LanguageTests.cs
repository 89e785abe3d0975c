using ConsentCloud.Tests.Browser;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// The banner speaks the page's language (&lt;html lang&gt;) among the site's languages, else the browser's, else the
/// site's default, with the site's own texts for it.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class LanguageTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Theory]
    [InlineData("da", "da")]
    [InlineData("nb", "nb")]
    [InlineData("sv", "sv")]
    [InlineData("fi", "fi")]
    [InlineData("en", "en")]
    [InlineData("sv-FI", "sv")]
    [InlineData("nn", "nb")]
    [InlineData("de", "da")] // not among the site's languages: the browser's (da-DK)
    public async Task EveryLanguageRendersItsOwnTexts(string pageLang, string shown)
    {
        var siteKey = await world.SharedSiteAsync();
        var texts = (await world.ConfigAsync(siteKey)).GetProperty("texts").GetProperty(shown);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.Page(siteKey, lang: pageLang));

        await Expect(page.Locator("#consentcloud")).ToHaveAttributeAsync("lang", shown);
        await Expect(page.Locator("#cc-title")).ToHaveTextAsync(texts.GetProperty("title").GetString()!);
        await Expect(page.Locator("#cc-desc")).ToHaveTextAsync(texts.GetProperty("body").GetString()!);
        await Expect(Button(page, "accept")).ToHaveTextAsync(texts.GetProperty("acceptAll").GetString()!);
        await Expect(Button(page, "reject")).ToHaveTextAsync(texts.GetProperty("rejectAll").GetString()!);
        await Expect(Button(page, "customise")).ToHaveTextAsync(texts.GetProperty("customise").GetString()!);
        await Expect(page.Locator(".cc-ln a").First).ToHaveAttributeAsync("href", $"{world.App.BaseUrl}/p/{siteKey}/cookies?lang={shown}");

        await Button(page, "customise").ClickAsync();
        await Expect(Button(page, "save")).ToHaveTextAsync(texts.GetProperty("save").GetString()!);
        var statistics = texts.GetProperty("categories").GetProperty("statistics");
        await Expect(page.Locator("label[for='cc-k-statistics']")).ToHaveTextAsync(statistics.GetProperty("name").GetString()!);
        await Expect(page.Locator("#cc-kd-statistics")).ToHaveTextAsync(statistics.GetProperty("description").GetString()!);
    }

    [Fact]
    public async Task WithoutAPageLanguageTheBrowsersLanguageIsUsedAndOtherwiseTheSitesDefault()
    {
        var key = await world.PublishedSiteAsync();
        var config = await world.ConfigAsync(key);
        var url = world.Page(key, lang: "");

        await using (var swedish = await browser.NewContextAsync(new() { Locale = "sv-SE" }))
        {
            var page = await swedish.NewPageAsync();
            await page.GotoAsync(url);
            await Expect(Button(page, "accept")).ToHaveTextAsync(config.GetProperty("texts").GetProperty("sv").GetProperty("acceptAll").GetString()!);
        }

        await using var german = await browser.NewContextAsync(new() { Locale = "de-DE" });
        var germanPage = await german.NewPageAsync();
        await germanPage.GotoAsync(url);
        await Expect(germanPage.Locator("#consentcloud")).ToHaveAttributeAsync("lang", "da");
        await Expect(Button(germanPage, "accept")).ToHaveTextAsync(config.GetProperty("texts").GetProperty("da").GetProperty("acceptAll").GetString()!);
    }
}
