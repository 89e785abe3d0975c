using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Browser;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// Google Consent Mode v2 through window.dataLayer: the defaults before any tag, an update with the mapped signals
/// and the consentcloud_update event after each decision.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ConsentModeTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    private static readonly string[] Signals =
        ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage", "security_storage"];

    /// <summary>A page whose first own script looks at dataLayer as a tag loaded right after the banner would, then pushes like GTM.</summary>
    private string TagPage(string siteKey) => world.Page(siteKey, head: """
        <script>
          window.seenByFirstTag = {
            length: window.dataLayer.length,
            first: Array.from(window.dataLayer[0]),
            isArguments: Object.prototype.toString.call(window.dataLayer[0]) === "[object Arguments]",
          };
          window.dataLayer.push({ event: "gtm.js" });
          window.changes = [];
          document.addEventListener("consentcloud:change", (e) => window.changes.push("event " + e.detail.method));
          ConsentCloud.on("change", (consent) => window.changes.push("on " + consent.method));
        </script>
        """);

    [Fact]
    public async Task TheConsentDefaultIsTheFirstDataLayerEntryWithEverythingButSecurityDenied()
    {
        var siteKey = await world.PublishedSiteAsync(draft => draft["consentMode"]!["waitForUpdateMs"] = 1200);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(TagPage(siteKey));

        var seen = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.seenByFirstTag)")).RootElement;
        Assert.Equal(1, seen.GetProperty("length").GetInt32());
        Assert.True(seen.GetProperty("isArguments").GetBoolean(), "gtag() pushes its arguments object; gtag.js ignores arrays");
        var first = seen.GetProperty("first");
        Assert.Equal("consent", first[0].GetString());
        Assert.Equal("default", first[1].GetString());
        Assert.Equal(Expected(granted: ["security_storage"]), SignalsOf(first[2]));
        Assert.Equal(1200, first[2].GetProperty("wait_for_update").GetInt32());

        // Before the visitor decides there is no update, and no change event.
        var layer = await DataLayerAsync(page);
        Assert.DoesNotContain(layer, e => IsConsent(e, "update"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.changes"));
        Assert.Equal("gtm.js", layer[1].GetProperty("event").GetString());
    }

    [Fact]
    public async Task ASignalTheSitesMappingLeavesOutIsStillSentAsDeniedInTheDefaultAndAfterAcceptAll()
    {
        var siteKey = await world.PublishedSiteAsync(draft =>
        {
            var mapping = draft["consentMode"]!["mapping"]!.AsObject();
            mapping.Remove("ad_user_data");
            mapping.Remove("personalization_storage");
        });
        Assert.False((await world.ConfigAsync(siteKey)).GetProperty("consentMode").GetProperty("mapping").TryGetProperty("ad_user_data", out _));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(TagPage(siteKey));
        var first = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.seenByFirstTag)")).RootElement.GetProperty("first");
        await AcceptAllAsync(page);
        await Expect(Dialog(page)).ToBeHiddenAsync();
        var update = (await DataLayerAsync(page)).Last(e => IsConsent(e, "update"));

        Assert.Equal(Expected(granted: ["security_storage"]), SignalsOf(first[2]));
        Assert.Equal(Expected(granted: ["ad_storage", "ad_personalization", "analytics_storage", "functionality_storage", "security_storage"]), SignalsOf(update.GetProperty("arguments")[2]));
    }

    [Fact]
    public async Task AcceptAllPushesAnUpdateWithEverySignalGrantedAndThenTheConsentCloudEvent()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(TagPage(siteKey));

        await AcceptAllAsync(page);

        var layer = await DataLayerAsync(page);
        var update = Array.FindIndex(layer, e => IsConsent(e, "update"));
        Assert.True(update > 0, "no consent update after accept all");
        Assert.Equal(Expected(granted: Signals), SignalsOf(layer[update].GetProperty("arguments")[2]));
        var @event = layer[update + 1];
        Assert.Equal("consentcloud_update", @event.GetProperty("event").GetString());
        var consent = @event.GetProperty("consentcloud");
        Assert.Equal("acceptAll", consent.GetProperty("method").GetString());
        Assert.Equal(Choices("preferences", "statistics", "marketing"), ChoicesOf(consent.GetProperty("choices")));
        Assert.Equal((await RequireConsentCookieAsync(context, page.Url)).GetProperty("consentId").GetString(), consent.GetProperty("consentId").GetString());
        Assert.Equal(["on acceptAll", "event acceptAll"], await page.EvaluateAsync<string[]>("() => window.changes"));
    }

    [Fact]
    public async Task ChoosingStatisticsOnlyGrantsAnalyticsStorageAndNothingForAds()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(TagPage(siteKey));

        await SaveChoicesAsync(page, "statistics");
        await Expect(Dialog(page)).ToHaveCountAsync(0);

        var layer = await DataLayerAsync(page);
        var update = layer.Single(e => IsConsent(e, "update"));
        Assert.Equal(Expected(granted: ["analytics_storage", "security_storage"]), SignalsOf(update.GetProperty("arguments")[2]));
        Assert.Equal("custom", layer.Last().GetProperty("consentcloud").GetProperty("method").GetString());
    }

    [Fact]
    public async Task ConsentModeRegionsLimitTheDefaultCommandToThem()
    {
        var siteKey = await world.PublishedSiteAsync(draft => draft["consentMode"]!["region"] = new System.Text.Json.Nodes.JsonArray("DK", "US-CA"));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(TagPage(siteKey));

        var first = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.seenByFirstTag)")).RootElement.GetProperty("first");
        Assert.Equal("default", first[1].GetString());
        Assert.Equal(["DK", "US-CA"], first[2].GetProperty("region").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Expected(granted: ["security_storage"]), SignalsOf(first[2]));
    }

    [Theory]
    [InlineData("dk")]
    [InlineData("Denmark")]
    [InlineData("US-CALIF")]
    public async Task ARegionThatIsNotAnIso3166CodeIsRefused(string region)
    {
        var siteKey = await world.PublishedSiteAsync();
        var path = world.Agency.Path($"/sites/{siteKey}/banner/draft");
        var draft = (await world.Agency.Owner.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(path))!["config"]!.AsObject();
        draft["consentMode"]!["region"] = new System.Text.Json.Nodes.JsonArray("SE", region);

        var response = await world.Agency.Owner.PutAsJsonAsync(path, draft);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ISO 3166", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutRegionsTheDefaultAppliesEverywhere()
    {
        var siteKey = await world.SharedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(TagPage(siteKey));

        var first = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.seenByFirstTag)")).RootElement.GetProperty("first");
        Assert.False(first[2].TryGetProperty("region", out _));
    }

    [Fact]
    public async Task AStoredDecisionIsAppliedOnTheNextPageViewRightAfterTheDefault()
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(TagPage(siteKey));
        await SaveChoicesAsync(page, "preferences", "marketing");

        await page.ReloadAsync();

        var layer = await DataLayerAsync(page);
        Assert.True(IsConsent(layer[0], "default"));
        Assert.True(IsConsent(layer[1], "update"));
        Assert.Equal(
            Expected(granted: ["ad_storage", "ad_user_data", "ad_personalization", "functionality_storage", "personalization_storage", "security_storage"]),
            SignalsOf(layer[1].GetProperty("arguments")[2]));
        Assert.Equal("consentcloud_update", layer[2].GetProperty("event").GetString());
    }

    private static bool IsConsent(JsonElement entry, string action) =>
        entry.TryGetProperty("arguments", out var args) && args[0].GetString() == "consent" && args[1].GetString() == action;

    private static Dictionary<string, string> Expected(string[] granted) =>
        Signals.ToDictionary(s => s, s => granted.Contains(s) ? "granted" : "denied");

    private static Dictionary<string, string> SignalsOf(JsonElement parameters) =>
        Signals.ToDictionary(s => s, s => parameters.GetProperty(s).GetString()!);
}
