using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// Consent per service inside a category: a switch per service in the preferences (the category's switch sets them
/// all), kept in the cookie and the proof, applied by the blocker to <c>data-service</c> content; the runtime API
/// that grants a category or a service; and each cookie's own purpose in the service details.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ServiceConsentTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task AServiceSwitchedOffInsideAGrantedCategoryStaysBlockedAndIsRecordedInTheProof()
    {
        var siteKey = await world.PublishedSiteAsync(WithStatisticsServices);
        var url = world.Page(siteKey, body: """
            <script type="text/plain" data-category="statistics" data-service="google-analytics">document.documentElement.dataset.ga = "ran";</script>
            <script type="text/plain" data-category="statistics" data-service="hotjar">document.documentElement.dataset.hotjar = "ran";</script>
            <script type="text/plain" data-category="statistics">document.documentElement.dataset.statistics = "ran";</script>
            """);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Button(page, "customise").ClickAsync();
        var statistics = page.Locator(".cc-k").Filter(new() { Has = Category(page, "statistics") });
        await statistics.Locator("summary").ClickAsync();
        await Expect(ServiceSwitch(page, "google-analytics")).Not.ToBeCheckedAsync();

        // The category's switch sets all its services'; one is then switched off again.
        await Category(page, "statistics").CheckAsync();
        await Expect(ServiceSwitch(page, "google-analytics")).ToBeCheckedAsync();
        await Expect(ServiceSwitch(page, "hotjar")).ToBeCheckedAsync();
        await ServiceSwitch(page, "hotjar").UncheckAsync();
        await BrowserFixture.ScreenshotAsync(page, "banner-service-switches");
        await Expect(page.Locator("label[for='cc-s-hotjar']")).ToHaveTextAsync("Hotjar");
        var report = await page.RunAndWaitForResponseAsync(() => Button(page, "save").ClickAsync(), IsReport);

        Assert.Equal(201, report.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ga", "ran");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-statistics", "ran");
        Assert.Null(await page.Locator("html").GetAttributeAsync("data-hotjar"));
        var cookie = await RequireConsentCookieAsync(context, url);
        Assert.Equal(Choices("statistics"), ChoicesOf(cookie.GetProperty("choices")));
        Assert.Equal("""{"hotjar":false}""", cookie.GetProperty("services").GetRawText()); // only what differs from the category
        var current = (await world.HistoryAsync(siteKey, cookie.GetProperty("consentId").GetString()!)).GetProperty("current");
        Assert.Equal(
            new Dictionary<string, bool> { ["google-analytics"] = true, ["hotjar"] = false, ["youtube"] = false },
            ChoicesOf(current.GetProperty("services")));
        // Consent Mode follows the categories: statistics is granted, so analytics_storage is.
        var update = (await DataLayerAsync(page)).Last(e => e.TryGetProperty("arguments", out var a) && a[1].GetString() == "update");
        Assert.Equal("granted", update.GetProperty("arguments")[2].GetProperty("analytics_storage").GetString());

        // The next page view applies the same, and the preferences show it.
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ga", "ran");
        Assert.Null(await page.Locator("html").GetAttributeAsync("data-hotjar"));
        await page.EvaluateAsync("() => ConsentCloud.showPreferences()");
        await Expect(ServiceSwitch(page, "hotjar")).Not.ToBeCheckedAsync();
        await Expect(ServiceSwitch(page, "google-analytics")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task TheRuntimeApiGrantsAServiceOrACategoryRecordsEachAndAnnouncesTheChange()
    {
        var siteKey = await world.PublishedSiteAsync(WithStatisticsServices);
        var video = world.File(siteKey, "video.html", "<!doctype html><title>Video</title><p id=v>Videoen spiller</p>", "text/html; charset=utf-8");
        var url = world.Page(siteKey, head: """
            <script>
              window.changes = [];
              document.addEventListener("consentcloud:change", (e) => window.changes.push("event " + JSON.stringify(e.detail.services)));
              ConsentCloud.on("change", (c) => window.changes.push("on " + c.method));
            </script>
            """, body: $"""
            <iframe data-src="{world.Site.BaseUrl}{video}" data-category="marketing" data-service="youtube" title="Video"></iframe>
            <script type="text/plain" data-category="statistics" data-service="hotjar">document.documentElement.dataset.hotjar = "ran";</script>
            """);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);

        var first = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("() => ConsentCloud.acceptService('youtube')"), IsReport);

        Assert.Equal(201, first.Status);
        await Expect(page.FrameLocator("iframe").Locator("#v")).ToHaveTextAsync("Videoen spiller");
        var consent = (await ConsentAsync(page))!.Value;
        Assert.Equal("custom", consent.GetProperty("method").GetString());
        Assert.Equal(Choices(), ChoicesOf(consent.GetProperty("choices")));
        Assert.Null(await page.Locator("html").GetAttributeAsync("data-hotjar"));
        await Expect(Dialog(page)).ToHaveCountAsync(0);

        var second = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("() => ConsentCloud.acceptCategory(['statistics'])"), IsReport);

        Assert.Equal(201, second.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hotjar", "ran");
        consent = (await ConsentAsync(page))!.Value;
        Assert.Equal(Choices("statistics"), ChoicesOf(consent.GetProperty("choices")));
        Assert.True(consent.GetProperty("services").GetProperty("youtube").GetBoolean());
        Assert.Equal(["on custom", "event {\"youtube\":true}", "on custom", "event {\"youtube\":true}"], await page.EvaluateAsync<string[]>("() => window.changes"));
        var decisions = (await world.HistoryAsync(siteKey, consent.GetProperty("consentId").GetString()!)).GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(2, decisions.Count);
        Assert.True(decisions[1].GetProperty("services").GetProperty("hotjar").GetBoolean());
        Assert.True(decisions[1].GetProperty("services").GetProperty("youtube").GetBoolean());
    }

    [Fact]
    public async Task ACookiesOwnPurposeIsShownBesideItInTheServiceDetails()
    {
        var siteKey = await world.PublishedSiteAsync(draft =>
        {
            WithStatisticsServices(draft);
            draft["services"]![0]!["cookies"]![0]!["purpose"] = new JsonObject(
                BannerWorld.NordicLanguages.Select(l => KeyValuePair.Create(l, (JsonNode?)JsonValue.Create(l == "da" ? "Skelner mellem besøgende" : $"Tells visitors apart ({l})"))));
        });
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey));

        await Button(page, "customise").ClickAsync();
        await page.Locator(".cc-k").Filter(new() { Has = Category(page, "statistics") }).Locator("summary").ClickAsync();

        var cookies = page.Locator(".cc-s").Filter(new() { Has = ServiceSwitch(page, "google-analytics") }).Locator("li");
        await Expect(cookies.First).ToHaveTextAsync("_ga · 2 år · Skelner mellem besøgende");
        await Expect(cookies.Nth(1)).ToHaveTextAsync("_ga_* · 2 år"); // no purpose of its own: nothing added
    }

    private static ILocator ServiceSwitch(IPage page, string id) => page.Locator($"#cc-s-{id}");

    /// <summary>Google Analytics and Hotjar in statistics, YouTube in marketing.</summary>
    private static void WithStatisticsServices(JsonObject draft) =>
        draft["services"] = new JsonArray(
            BannerWorld.Service("google-analytics", "Google Analytics", "statistics", ("_ga", "2y"), ("_ga_*", "2y")),
            BannerWorld.Service("hotjar", "Hotjar", "statistics", ("_hjSessionUser_*", "1y")),
            BannerWorld.Service("youtube", "YouTube", "marketing", ("YSC", "session")));

    private static bool IsReport(IResponse response) =>
        response.Request.Method == "POST" && response.Url.EndsWith("/consents", StringComparison.Ordinal);
}
