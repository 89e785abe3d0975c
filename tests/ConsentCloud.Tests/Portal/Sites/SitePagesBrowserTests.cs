using ConsentCloud.Tests.Api;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.Playwright;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>
/// The dashboard and the site page in real Chromium, signed in through "Sign in with Microsoft" (the fake Entra ID):
/// search, a settings change, a revision comparison; axe-core on each page (no serious or critical violation);
/// screenshots under TestResults/screenshots (sitepages-…). The axe script is injected, which the portal's CSP
/// (nonce-only scripts) refuses: the context bypasses CSP for that, and only that.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class SitePagesBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly HttpsLiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAppAsync();

    [Fact]
    public async Task AnOwnerSearchesTheDashboardChangesASettingAndSeesWhatChangedBetweenRevisions()
    {
        var agency = await app.CreateAgencyAsync("Nordlys Web");
        var one = await app.CreateSiteAsync(agency, TestApp.SampleSite("Bageriet Hansen"));
        var two = await app.CreateSiteAsync(agency, TestApp.SampleSite("Cykelhuset"));
        await app.PublishAsync(agency, one, new { note = "Launch" });
        var draft = await SitePagesKit.DraftAsync(agency, one);
        draft["texts"]!["da"]!["title"] = "Vi bruger cookies til videoer";
        draft["services"]!.AsArray().Add(BannerApiTests.Service("youtube", "marketing"));
        await SitePagesKit.SaveDraftAsync(agency, one, draft);
        await app.PublishAsync(agency, one, new { note = "YouTube on the front page" });

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", BypassCSP = true, IgnoreHTTPSErrors = true, BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();

        // Sign in with Microsoft (the fake signs in the agency's Owner) and land on the dashboard.
        var signIn = await page.GotoAsync($"/portal/sign-in?returnUrl=/portal/agencies/{agency.Id}");
        Assert.True(signIn!.Ok, $"{signIn.Status} {page.Url}: {await page.ContentAsync()}");
        app.Entra.NextSignIn = new FakeSignIn(agency.OwnerUser.TenantId, agency.OwnerUser.ObjectId, agency.OwnerUser.Name, agency.OwnerUser.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await page.WaitForURLAsync($"**/portal/agencies/{agency.Id}", new() { Timeout = 30_000 });

        var rows = page.Locator("table.sites tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-site=\"{one}\"]")).ToContainTextAsync("Published (revision 2)");
        await Expect(page.Locator($"tr[data-site=\"{two}\"]")).ToContainTextAsync("continue setup");
        await BrowserFixture.ScreenshotAsync(page, "sitepages-dashboard");
        await AssertNoSeriousAxeViolationsAsync(page);

        await page.GetByLabel("Search sites").FillAsync("cykel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Cykelhuset");
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear search" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);

        // The site page: change how long a refusal holds.
        await page.GetByRole(AriaRole.Link, new() { Name = "Bageriet Hansen" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bageriet Hansen");
        await BrowserFixture.ScreenshotAsync(page, "sitepages-site");
        await AssertNoSeriousAxeViolationsAsync(page);
        await page.GetByLabel("A refusal holds (months)").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings saved");
        await Expect(page.GetByLabel("A refusal holds (months)")).ToHaveValueAsync("3");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("refusal 3 months");

        // A mistake is explained next to the field and the input stays.
        await page.GetByLabel("A refusal holds (months)").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("#decline-error")).ToHaveTextAsync("Choose 1 to 13 months.");
        await Expect(page.GetByLabel("A refusal holds (months)")).ToHaveValueAsync("30");
        await BrowserFixture.ScreenshotAsync(page, "sitepages-site-invalid");
        await AssertNoSeriousAxeViolationsAsync(page);

        // What changed from revision 1 to revision 2.
        await page.GetByLabel("Compare revision").SelectOptionAsync("1");
        await page.GetByLabel("with revision").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("What changed from revision 1 to revision 2");
        await Expect(page.Locator("#part-services + ul")).ToContainTextAsync("Service YouTube");
        await Expect(page.Locator("#part-texts + ul")).ToContainTextAsync("Vi bruger cookies til videoer");
        await BrowserFixture.ScreenshotAsync(page, "sitepages-compare");
        await AssertNoSeriousAxeViolationsAsync(page);
    }
}
