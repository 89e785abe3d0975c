using System.Net.Http.Json;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Policies;
using Microsoft.Playwright;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// Issue 6: "a print stylesheet" (a printed policy is the policy, without the page's navigation), and pages that read on
/// a phone (WCAG 1.4.10 Reflow: no horizontal scrolling at 320 CSS pixels).
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class LayoutTests(BrowserFixture browser, PolicyWorld world) : IClassFixture<PolicyWorld>
{
    private static readonly Dictionary<string, string> RealPrivacyPolicies = new()
    {
        ["google-analytics"] = "https://business.safety.google/privacy/",
        ["hotjar"] = "https://www.hotjar.com/legal/policies/privacy/",
        ["linkedin"] = "https://www.linkedin.com/legal/privacy-policy",
        ["meta-pixel"] = "https://www.facebook.com/privacy/policy/",
        ["optimizely"] = "https://www.optimizely.com/legal/privacy-notice/",
    };

    [Theory]
    [InlineData("privacy")]
    [InlineData("cookies")]
    public async Task PrintingHidesTheLanguageSwitcherAndTheEarlierVersions(string kind)
    {
        var siteKey = await world.Once("two versions", TwoVersionsAsync);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.PolicyUrl(siteKey, kind, "da"));
        await Expect(LanguageSwitcher(page)).ToBeVisibleAsync();
        await Expect(Versions(page)).ToBeVisibleAsync();
        await Expect(Versions(page).Locator("a")).ToHaveAttributeAsync("href", $"/p/{siteKey}/{kind}/v/1?lang=da");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        await Expect(LanguageSwitcher(page)).ToBeHiddenAsync();
        await Expect(Versions(page)).ToBeHiddenAsync();
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Expect(page.Locator("header .meta")).ToBeVisibleAsync(); // "last updated" and the version stay on paper
        await ScreenshotAsync(page, $"{kind}-da-print");
    }

    [Theory]
    [InlineData("cookies", 320)]
    [InlineData("cookies", 375)]
    [InlineData("privacy", 320)]
    public async Task APhoneSizedViewportNeedsNoHorizontalScrolling(string kind, int width)
    {
        var siteKey = await world.SwedishSoftwareAsync();
        await using var context = await browser.NewContextAsync(Phone(width));
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.PolicyUrl(siteKey, kind, "sv"));

        if (kind == "cookies")
        {
            await Expect(page.Locator("main table")).ToHaveCountAsync(6); // a cookie table per service, and one for the banner's own storage
        }

        await ScreenshotAsync(page, $"{kind}-sv-{width}px");
        await AssertNoHorizontalScrollAsync(page, width);
    }

    /// <summary>
    /// The Swedish fixture's services with the privacy-policy addresses their providers really publish (the fixture
    /// has a short placeholder for each): the cookie policy shows each address in full, as the text of its link.
    /// </summary>
    [Fact]
    public async Task ThePhoneSizedCookiePolicyNeedsNoHorizontalScrollingWithRealPrivacyPolicyAddresses()
    {
        var siteKey = await world.Once("swedish with real addresses", () =>
        {
            var services = PolicyFixtures.SwedishSoftwareServices();
            foreach (var service in services)
            {
                service["privacyPolicyUrl"] = RealPrivacyPolicies[(string)service["id"]!];
            }

            return world.PublishAsync(PolicyFixtures.SwedishSoftware(), services);
        });
        await using var context = await browser.NewContextAsync(Phone(320));
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.PolicyUrl(siteKey, "cookies", "sv"));

        await Expect(page.Locator("main .service a[href='https://www.hotjar.com/legal/policies/privacy/']")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "cookies-sv-320px-real-addresses");
        await AssertNoHorizontalScrollAsync(page, 320);
    }

    [Fact]
    public async Task TheDeclarationEmbedNeedsNoHorizontalScrollingOnAPhone()
    {
        var siteKey = await world.SwedishSoftwareAsync();
        await using var context = await browser.NewContextAsync(Phone(320));
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.DeclarationPage(siteKey, withBanner: false, lang: "sv"));

        await Expect(Declaration(page).Locator("tr[data-service]")).ToHaveCountAsync(5);
        await ScreenshotAsync(page, "declaration-embed-sv-320px");
        await AssertNoHorizontalScrollAsync(page, 320);
    }

    private static BrowserNewContextOptions Phone(int width) => new()
    {
        Locale = "sv-SE",
        ViewportSize = new ViewportSize { Width = width, Height = 740 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
    };

    private static async Task AssertNoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.body.querySelectorAll("*")]
              .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
              .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " → " + Math.round(el.getBoundingClientRect().right) + "px")
              .slice(0, 10)
            """);
        Assert.True(scrollWidth <= width, $"The page scrolls sideways at {width}px: scrollWidth {scrollWidth}px; widest: {string.Join(", ", wide)}");
    }

    /// <summary>The Danish fixture published, then changed and published again: both policies at version 2, so each lists version 1.</summary>
    private async Task<string> TwoVersionsAsync()
    {
        var (agency, siteKey) = await PolicyFixtures.PublishedSiteAsync(world.App, PolicyFixtures.DanishStudio(), PolicyFixtures.DanishStudioServices());
        await PolicyFixtures.SetServicesAsync(agency, siteKey, [.. PolicyFixtures.DanishStudioServices().Where(s => (string)s["id"]! != "vimeo")]);
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), PolicyFixtures.Sections("Studio Lys ApS (revised)"))).EnsureSuccessStatusCode();
        await world.App.PublishAsync(agency, siteKey); // the banner, and with it both policies
        return siteKey;
    }
}
