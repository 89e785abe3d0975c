using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// The banner with the keyboard alone (WCAG 2.2 AA): focus moves into it when it opens and back when it closes, Tab
/// reaches every control in a sensible order, Enter and Space work them, and focus is always visible.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class KeyboardTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task BothLayersCanBeWorkedWithTheKeyboardAlone()
    {
        var siteKey = await world.PublishedSiteAsync(BannerWorld.AddUsualServices);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey, body: """<p><button type="button" id="order">Bestil kage</button> <a href="#" id="settings" data-cc-open>Cookieindstillinger</a></p>"""));

        // First layer: focused when shown; links, then accept, reject, customise; no trap (box layout).
        var first = Dialog(page);
        await Expect(first).ToBeFocusedAsync();
        await TabToAsync(page, first.Locator(".cc-ln a").First);
        await TabToAsync(page, first.Locator(".cc-ln a").Last);
        await TabToAsync(page, Button(page, "accept"));
        await AssertFocusVisibleAsync(page);
        await TabToAsync(page, Button(page, "reject"));
        await TabToAsync(page, Button(page, "customise"));
        await AssertFocusVisibleAsync(page);
        await TabToAsync(page, page.Locator("#order"));
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(Button(page, "customise")).ToBeFocusedAsync();

        // Second layer: Enter on customise opens it, focused; Space toggles a category; Tab wraps inside it; Enter saves.
        await page.Keyboard.PressAsync("Enter");
        await Expect(Preferences(page)).ToBeFocusedAsync();
        await Expect(Category(page, "necessary")).ToBeCheckedAsync();
        await Expect(Category(page, "necessary")).ToBeDisabledAsync();
        foreach (var id in new[] { "preferences", "statistics", "marketing" })
        {
            await Expect(Category(page, id)).Not.ToBeCheckedAsync();
        }

        await TabToAsync(page, Button(page, "close"));
        await TabUntilAsync(page, Category(page, "statistics"));
        await AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Space");
        await Expect(Category(page, "statistics")).ToBeCheckedAsync();
        await TabUntilAsync(page, Button(page, "save"));
        await TabToAsync(page, Button(page, "close"));
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(Button(page, "save")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(Dialog(page)).ToHaveCountAsync(0);
        var consent = await ConsentAsync(page);
        Assert.Equal("custom", consent?.GetProperty("method").GetString());
        Assert.Equal(Choices("statistics"), ChoicesOf(consent!.Value.GetProperty("choices")));
        // Focus had been nowhere before the banner opened: it goes to the floating button, not back to <body>.
        await Expect(page.Locator("#consentcloud .cc-f")).ToBeFocusedAsync();

        // Reopened from the page's own link with Enter: focus goes in, the saved choice shows, Space on reject
        // withdraws, and focus returns to the link.
        await TabUntilAsync(page, page.Locator("#settings"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(Preferences(page)).ToBeFocusedAsync();
        await Expect(Category(page, "statistics")).ToBeCheckedAsync();
        await TabUntilAsync(page, Button(page, "reject"));
        await page.Keyboard.PressAsync("Space");

        await Expect(Dialog(page)).ToHaveCountAsync(0);
        await Expect(page.Locator("#settings")).ToBeFocusedAsync();
        Assert.Equal("withdraw", (await ConsentAsync(page))?.GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("reject")]
    public async Task AfterAKeyboardDecisionOnTheFirstLayerFocusMovesToTheFloatingButtonNotToTheBody(string action)
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey));
        await Expect(Dialog(page)).ToBeFocusedAsync();
        var floating = page.Locator("#consentcloud .cc-f");
        await Expect(floating).ToBeHiddenAsync(); // nothing decided yet

        await TabUntilAsync(page, Button(page, action));
        await page.Keyboard.PressAsync("Enter");

        await Expect(Dialog(page)).ToHaveCountAsync(0);
        await Expect(floating).ToBeFocusedAsync();
        await AssertFocusVisibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"banner-floating-button-focused-{action}");
        // and the next Enter reopens the preferences from there (the button hides while they are open)
        await page.Keyboard.PressAsync("Enter");
        await Expect(Preferences(page)).ToBeFocusedAsync();
        await Expect(floating).ToBeHiddenAsync();
    }

    [Fact]
    public async Task EscapeClosesThePreferencesAndFocusReturnsToWhatOpenedThem()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey));
        await RejectAllAsync(page);

        var floating = page.Locator("#consentcloud .cc-f");
        await floating.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Preferences(page)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");

        await Expect(Dialog(page)).ToHaveCountAsync(0);
        await Expect(floating).ToBeFocusedAsync();
        Assert.Equal("rejectAll", (await ConsentAsync(page))?.GetProperty("method").GetString());
    }

    [Fact]
    public async Task TheModalLayoutKeepsFocusInsideTheFirstLayer()
    {
        var siteKey = await world.PublishedSiteAsync(draft =>
        {
            draft["appearance"]!["layout"] = "modal";
            draft["appearance"]!["position"] = "center";
        });
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey, body: """<button type="button" id="order">Bestil kage</button>"""));

        await Expect(Dialog(page)).ToHaveAttributeAsync("aria-modal", "true");
        await Expect(Dialog(page)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(Button(page, "customise")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(Dialog(page).Locator(".cc-ln a").First).ToBeFocusedAsync();
    }

    /// <summary>One Tab, and focus must be on <paramref name="target"/>.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        await page.Keyboard.PressAsync("Tab");
        await Expect(target).ToBeFocusedAsync();
    }

    /// <summary>Tab until <paramref name="target"/> has focus (at most 20 presses).</summary>
    private static async Task TabUntilAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {target}");
    }

    /// <summary>The focused element shows it: :focus-visible matches and draws an outline.</summary>
    private static async Task AssertFocusVisibleAsync(IPage page)
    {
        var (visible, outline) = (await page.EvaluateAsync<bool>("() => document.activeElement.matches(':focus-visible')"),
            await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"));
        Assert.True(visible, "the focused control does not match :focus-visible");
        Assert.Equal("solid 3px", outline);
    }
}
