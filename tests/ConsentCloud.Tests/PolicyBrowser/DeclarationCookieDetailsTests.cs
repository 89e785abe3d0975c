using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Policies;
using static ConsentCloud.Tests.Banner.BannerPage;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// Issue 17: the declaration embed says what each cookie is for, states lifetimes as policies do ("op til 2 år"),
/// lists cookies the provider does not name as such, and gives an exempt category's legal reason; the banner never
/// tries to delete an unnamed cookie by name.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class DeclarationCookieDetailsTests(BrowserFixture browser, PolicyWorld world) : IClassFixture<PolicyWorld>
{
    private const string Reason = "Cookiebekendtgørelsen tillader cookies, der er strengt nødvendige for at beskytte betalinger mod svindel.";

    private static JsonObject Texts(string text) => new(PolicyFixtures.AllLanguages.Select(l => KeyValuePair.Create(l, (JsonNode?)JsonValue.Create($"{text} ({l})"))));

    /// <summary>A Danish shop: a statistics tool whose cookies say what they do, and a payment provider's unnamed fraud cookies in an exempt "security" category.</summary>
    private Task<string> ShopAsync() => world.Once("cookie-details", async () =>
    {
        var agency = await world.App.CreateAgencyAsync();
        var siteKey = await world.App.CreateSiteAsync(agency, PolicyFixtures.DanishStudio());
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();

        var reasons = Texts("Strengt nødvendigt mod svindel");
        reasons["da"] = Reason;
        draft["categories"]!.AsArray().Add(new JsonObject { ["id"] = "security", ["exempt"] = true, ["legalReason"] = reasons });
        foreach (var (_, texts) in draft["texts"]!.AsObject())
        {
            texts!["categories"]!["security"] = new JsonObject { ["name"] = "Sikkerhed", ["description"] = "Beskytter betalinger mod svindel." };
        }

        var stats = PolicyFixtures.Service("tallystats", "TallyStats", "TallyStats ApS", "statistics", ("ts_id", "<=2y", null), ("ts_visit", "30min", null));
        stats["cookies"]![0]!["purpose"] = Texts("Genkender din browser ved senere besøg");
        var payments = PolicyFixtures.Service("paysafe", "PaySafe", "PaySafe ApS", "security");
        payments["cookies"] = new JsonArray(new JsonObject { ["lifetime"] = "session", ["purpose"] = Texts("Cookies, som betalingsudbyderen sætter for at opdage svindel") });
        draft["services"] = new JsonArray(stats, payments);
        draft["consentMode"]!["mapping"]!["security_storage"] = new JsonArray("necessary", "security");
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).EnsureSuccessStatusCode();
        await world.App.PublishAsync(agency, siteKey);
        return siteKey;
    });

    [Fact]
    public async Task TheDeclarationShowsCookiePurposesUpToLifetimesUnnamedCookiesAndTheExemptCategorysReason()
    {
        var siteKey = await ShopAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.DeclarationPage(siteKey, withBanner: false));

        var declaration = Declaration(page);
        var stats = declaration.Locator("tr[data-service=\"tallystats\"] li");
        await Expect(stats.Nth(0)).ToHaveTextAsync("ts_id · op til 2 år · dette websted – Genkender din browser ved senere besøg (da)");
        await Expect(stats.Nth(1)).ToHaveTextAsync("ts_visit · 30 minutter · dette websted");
        await Expect(declaration.Locator("tr[data-service=\"paysafe\"] li")).ToHaveTextAsync("(uden navn) · session · dette websted – Cookies, som betalingsudbyderen sætter for at opdage svindel (da)");
        await Expect(declaration.Locator("[data-category=\"security\"] > p").Nth(1)).ToHaveTextAsync(Reason);
        await Expect(declaration.Locator("[data-category=\"statistics\"] > p")).ToHaveCountAsync(1);
        await Expect(declaration.Locator("tr[data-service=\"paysafe\"] td").First).ToHaveTextAsync("PaySafe ApS");
    }

    [Fact]
    public async Task RejectingInTheBannerWithAnUnnamedCookieDeletesTheNamedOnesAndBreaksNothing()
    {
        var siteKey = await ShopAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        var url = world.DeclarationPage(siteKey, withBanner: true);
        await page.GotoAsync(url);
        await page.EvaluateAsync("() => { document.cookie = 'ts_id=1; path=/'; }");

        var decided = await page.RunAndWaitForResponseAsync(() => RejectAllAsync(page), IsReport);

        Assert.Equal(201, decided.Status);
        await Expect(DeclaredState(page, "statistics")).ToHaveAttributeAsync("data-granted", "false");
        Assert.DoesNotContain("ts_id=", await page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
