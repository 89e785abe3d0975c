using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Browser;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// A category that needs no consent (here "security", with its legal reason) is always on in the banner like
/// "necessary": its content runs before any decision, its switch is on and cannot be turned off, its services have
/// no switches, a rejection keeps it, and Consent Mode's security_storage mapped to it starts granted.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ExemptCategoryBannerTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task AnExemptCategoryIsAlwaysOnItsContentRunsBeforeAnyDecisionAndARejectionKeepsIt()
    {
        var siteKey = await world.PublishedSiteAsync(draft =>
        {
            BannerWorld.AddUsualServices(draft);
            draft["categories"]!.AsArray().Add(new JsonObject
            {
                ["id"] = "security",
                ["exempt"] = true,
                ["legalReason"] = new JsonObject(BannerWorld.NordicLanguages.Select(l =>
                    KeyValuePair.Create(l, (JsonNode?)JsonValue.Create($"Strictly necessary to protect payments against fraud ({l}).")))),
            });
            foreach (var (_, texts) in draft["texts"]!.AsObject())
            {
                texts!["categories"]!["security"] = new JsonObject { ["name"] = "Sikkerhed", ["description"] = "Beskytter betalinger mod svindel." };
            }

            draft["services"]!.AsArray().Add(BannerWorld.Service("fraudguard", "FraudGuard", "security", ("fg_device", "<=2y")));
            draft["consentMode"]!["mapping"]!["security_storage"] = new JsonArray("necessary", "security");
        });
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.Page(siteKey, body: """
            <script type="text/plain" data-category="security">window.securityRan = true;</script>
            <script type="text/plain" data-category="statistics">window.statisticsRan = true;</script>
            """));

        await Expect(Button(page, "accept")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.securityRan === true"));
        Assert.False(await page.EvaluateAsync<bool>("() => window.statisticsRan === true"));
        var first = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(Array.from(window.dataLayer[0]))")).RootElement;
        Assert.Equal("default", first[1].GetString());
        Assert.Equal("granted", first[2].GetProperty("security_storage").GetString());

        await RejectAllAsync(page);
        var consent = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(ConsentCloud.getConsent())")).RootElement;
        Assert.True(consent.GetProperty("choices").GetProperty("security").GetBoolean());
        Assert.False(consent.GetProperty("choices").GetProperty("statistics").GetBoolean());
        Assert.True(await page.EvaluateAsync<bool>("() => ConsentCloud.isGranted('security')"));

        await page.EvaluateAsync("() => ConsentCloud.showPreferences()");
        await Expect(Category(page, "security")).ToBeCheckedAsync();
        await Expect(Category(page, "security")).ToBeDisabledAsync();
        await Expect(page.Locator("#cc-s-fraudguard")).ToHaveCountAsync(0);
        await Expect(page.Locator("#cc-s-google-analytics")).ToHaveCountAsync(1);
    }
}
