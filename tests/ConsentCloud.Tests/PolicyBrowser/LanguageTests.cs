using System.Text.RegularExpressions;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Web.Features.Policies.Texts;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// Issue 6: "visitors read them in five languages" — each page in da, nb, sv, fi and en, reached by clicking through the
/// page's own language switcher, and the link to the other policy keeps the language.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class LanguageTests(BrowserFixture browser, PolicyWorld world) : IClassFixture<PolicyWorld>
{
    private static readonly string[] LanguageNames = ["Dansk", "Norsk", "Svenska", "Suomi", "English"];

    [Theory]
    [InlineData("privacy")]
    [InlineData("cookies")]
    public async Task ThePageRendersInEveryLanguageReachedThroughItsLanguageSwitcher(string kind)
    {
        var siteKey = await world.DanishStudioAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.PolicyUrl(siteKey, kind, "da"));

        var switcher = LanguageSwitcher(page);
        await Expect(switcher).ToHaveAttributeAsync("aria-label", PolicyTexts.Get("da", "page.language"));
        await Expect(switcher.Locator("a")).ToHaveTextAsync(LanguageNames);
        foreach (var lang in Languages.Skip(1).Append("da"))
        {
            await switcher.Locator($"a[hreflang=\"{lang}\"]").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/p/{siteKey}/{kind}\\?lang={lang}$"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            var title = PolicyTexts.Get(lang, kind == "privacy" ? "privacy.title" : "cookies.title");
            await Expect(page.Locator("main h1")).ToHaveTextAsync(title);
            await Expect(page).ToHaveTitleAsync($"{title} – Studio Lys ApS");
            await Expect(switcher).ToHaveAttributeAsync("aria-label", PolicyTexts.Get(lang, "page.language"));
            await Expect(switcher.Locator("a[aria-current='page']")).ToHaveAttributeAsync("hreflang", lang);
            await Expect(page.Locator($"link[rel='alternate'][hreflang='{lang}']")).ToHaveAttributeAsync("href", $"/p/{siteKey}/{kind}?lang={lang}");
        }
    }

    [Theory]
    [InlineData("privacy", "fi")]
    [InlineData("cookies", "nb")]
    public async Task TheLinkToTheOtherPolicyKeepsTheLanguage(string kind, string lang)
    {
        var siteKey = await world.DanishStudioAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.PolicyUrl(siteKey, kind, lang));
        var other = kind == "privacy" ? "cookies" : "privacy";

        await page.Locator("footer a", new() { HasText = PolicyTexts.Get(lang, $"page.otherPolicy.{other}") }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/p/{siteKey}/{other}\\?lang={lang}$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
        await Expect(page.Locator("main h1")).ToHaveTextAsync(PolicyTexts.Get(lang, $"{other}.title"));
    }
}
