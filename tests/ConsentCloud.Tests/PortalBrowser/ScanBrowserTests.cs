using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Scanning;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PortalBrowser;

/// <summary>The app on a real port with the scanner pointed at the sample site served in the test (as <see cref="ScanApp"/>).</summary>
public sealed class ScanLiveApp : LiveApp
{
    public LocalWebsite Site { get; private set; } = null!;
    public LocalWebsite Foreign { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Site = await LocalWebsite.StartAsync();
        Foreign = await LocalWebsite.StartAsync();
        ScanPages.Build(Site, Foreign);
        await base.InitializeAsync();
    }

    public override async Task DisposeAppAsync()
    {
        await base.DisposeAppAsync();
        await Site.DisposeAsync();
        await Foreign.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Scanning:AllowPrivateAddresses", "true"),
        new($"Scanning:TestOrigins:{ScanApp.Domain}", Site.Origin),
        new($"Scanning:TestOrigins:{ScanApp.ForeignDomain}", Foreign.Origin),
        new("Scanning:LocalPollSeconds", "0.1"),
    ];
}

/// <summary>"Scan site" in real Chromium: the services step shows the scan's progress, then its findings, and a found service goes into the draft.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ScanBrowserTests(BrowserFixture browser, ScanLiveApp app) : IClassFixture<ScanLiveApp>
{
    [Fact]
    public async Task AnAgencyScansItsSiteFromTheServicesStepAndAddsAFoundServiceToTheDraft()
    {
        var agency = await app.CreateAgencyAsync("Scan Studio");
        var siteKey = await app.CreateSiteAsync(agency);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{app.BaseUrl}/portal/sites/{siteKey}/setup/services");
        app.Entra.NextSignIn = new FakeSignIn(agency.OwnerUser.TenantId, agency.OwnerUser.ObjectId, agency.OwnerUser.Name, agency.OwnerUser.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Site scan" })).ToBeVisibleAsync();
        await Expect(page.Locator("#scan")).ToContainTextAsync("The site has not been scanned yet.");

        // The domain does not name the site yet: the scan stops at the home page, and the panel says how to verify it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan site" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("scan=queued"));
        await Expect(page.Locator("#scan-status")).ToContainTextAsync("does not show that it belongs to this site", new() { Timeout = 30_000 });
        var domainRow = page.Locator("#verification-domains tr[data-domain='www.bageriet.example']");
        await Expect(domainRow).ToContainTextAsync("Not verified");
        Assert.True(await page.Locator("#verification-how").EvaluateAsync<bool>("d => d.open")); // open while no domain is verified
        await Expect(page.Locator("#verification-meta")).ToHaveTextAsync($"<meta name=\"consentcloud-verification\" content=\"{siteKey}\">");
        await Expect(page.Locator("#verification-file")).ToHaveTextAsync(siteKey);

        // The agency publishes the file; "Check domains" confirms it, and the scan reads the site.
        app.Site.Verify(siteKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check domains" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("scan=verified"));
        await Expect(domainRow).ToContainTextAsync("Verified by the verification file.");
        await BrowserFixture.ScreenshotAsync(page, "portal-scan-verified");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan site" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("scan=queued"));

        // The page reloads itself (Refresh) until the scan is done.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Services found" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var services = page.Locator("#scan-services");
        await Expect(services).ToContainTextAsync("Google Analytics");
        await Expect(services).ToContainTextAsync("Meta Pixel");
        await Expect(page.Locator("#scan-unknown")).ToContainTextAsync("cdn.unknown-widgets.example");
        await Expect(page.Locator("#scan-cookies")).ToHaveTextAsync("bh_session");
        await BrowserFixture.ScreenshotAsync(page, "portal-scan-findings");

        await page.Locator("#scan-services tr[data-service='google-analytics']").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to draft" }).ClickAsync();

        await Expect(page.Locator("#scan-notice")).ToContainTextAsync("The services were added to the draft.");
        await Expect(page.Locator("#draft-services")).ToContainTextAsync("Google Analytics");
        await Expect(page.Locator("#scan-services tr[data-service='google-analytics']")).ToContainTextAsync("In the draft");
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"));
        Assert.Contains(draft.GetProperty("config").GetProperty("services").EnumerateArray(), s => s.GetProperty("id").GetString() == "google-analytics");
        Assert.Equal(0, (await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"))).GetProperty("latestRevision").GetInt32());
    }
}
