using System.Text.Json;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Hosting;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// axe-core (npm, installed in .ci/tools by the test command) finds no serious or critical violation in any layout of
/// the first layer, in the preferences, or in an iframe placeholder; plus the dialog semantics axe cannot judge.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    private static readonly string AxePath = Path.Combine(RepoPaths.Root, ".ci", "tools", "node_modules", "axe-core", "axe.min.js");

    [Theory]
    [InlineData("bar", "bottom")]
    [InlineData("box", "bottomLeft")]
    [InlineData("modal", "center")]
    public async Task TheFirstLayerHasNoSeriousAccessibilityViolationsInEveryLayout(string layout, string position)
    {
        var siteKey = await world.PublishedSiteAsync(draft =>
        {
            BannerWorld.AddUsualServices(draft);
            draft["appearance"]!["layout"] = layout;
            draft["appearance"]!["position"] = position;
        });
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey, body: VideoEmbed));

        var dialog = Dialog(page);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToHaveClassAsync($"cc-d cc-{layout} cc-{position}");
        await Expect(dialog).ToHaveAttributeAsync("role", "dialog");
        await Expect(dialog).ToHaveAttributeAsync("aria-modal", layout == "modal" ? "true" : "false");
        await Expect(dialog).ToHaveAccessibleNameAsync("Vi respekterer dit valg");
        await Expect(dialog).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("^Vi bruger cookies"));
        await AssertEquallyProminentAsync(page);
        await SettleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"banner-first-layer-{layout}");

        await AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task ThePreferencesHaveNoSeriousAccessibilityViolations()
    {
        var siteKey = await world.PublishedSiteAsync(BannerWorld.AddUsualServices);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey, body: VideoEmbed));
        await AcceptAllAsync(page);

        // Reopened after a decision: the consent id shows too; every service's details open.
        await page.EvaluateAsync("() => ConsentCloud.showPreferences()");
        var preferences = Preferences(page);
        await Expect(preferences).ToBeVisibleAsync();
        await Expect(preferences).ToHaveAttributeAsync("aria-modal", "true");
        await Expect(preferences.Locator(".cc-id")).ToContainTextAsync("Samtykke-ID: ");
        foreach (var summary in await preferences.Locator("summary").AllAsync())
        {
            await summary.ClickAsync();
        }

        await Expect(preferences.Locator(".cc-s")).ToHaveCountAsync(2);
        await Expect(preferences.Locator(".cc-s", new() { HasText = "YouTube" })).ToContainTextAsync("VISITOR_INFO1_LIVE");
        await SettleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "banner-second-layer");

        await AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task TheEntryAnimationIsOffWhenTheVisitorPrefersReducedMotion()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "da-DK", ReducedMotion = ReducedMotion.Reduce });
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey));

        await Expect(Dialog(page)).ToBeVisibleAsync();
        Assert.Equal("none", await Dialog(page).EvaluateAsync<string>("el => getComputedStyle(el).animationName"));
    }

    private const string VideoEmbed = """
        <iframe data-src="about:blank" data-category="marketing" data-service="youtube" title="Sådan bager vi"></iframe>
        """;

    /// <summary>Accept and reject look the same (EDPB taskforce): size, colours, weight.</summary>
    private static async Task AssertEquallyProminentAsync(IPage page)
    {
        const string Look = "el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height), s.backgroundColor, s.color, s.fontWeight, s.fontSize].join(' '); }";
        Assert.Equal(await Button(page, "accept").EvaluateAsync<string>(Look), await Button(page, "reject").EvaluateAsync<string>(Look));
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxePath });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ["violations"] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary) })));
            }
            """);
        var violations = JsonDocument.Parse(json).RootElement;
        Assert.True(violations.GetArrayLength() == 0, $"axe-core found serious or critical violations: {violations}");
    }
}
