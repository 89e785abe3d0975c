using System.Text.RegularExpressions;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PortalBrowser;

/// <summary>
/// Issue 7 in real Chromium: a new person signs in with Microsoft (the fake Entra ID), signs up an agency, onboards a
/// Danish client site through the whole wizard, sees the live preview show the banner, publishes and copies the snippet;
/// a plain page of the client's website with that snippet shows the banner with the chosen services. Then axe-core
/// scans every wizard step and the publish page. Screenshots: TestResults/screenshots/wizard-*.png.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class WizardBrowserTests(BrowserFixture browser, WizardBrowserTests.World world) : IClassFixture<WizardBrowserTests.World>
{
    public sealed class World : IAsyncLifetime
    {
        public LiveHttpsApp App { get; } = new();
        public StaticSite Site { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            Site = await StaticSite.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await Site.DisposeAsync();
            await App.DisposeAppAsync();
        }
    }

    private static readonly string[] Steps = ["company", "domains", "languages", "services", "banner", "policies", "publish"];

    private static Task ShotAsync(IPage page, string name) => BrowserFixture.ScreenshotAsync(page, "wizard-" + name);

    private static Task ContinueAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Save and continue", Exact = true }).ClickAsync();

    [Fact]
    public async Task ANewAgencyOnboardsADanishSiteAndItsWebsiteShowsTheBannerWithTheChosenServices()
    {
        var app = world.App;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "en-GB", Permissions = ["clipboard-read", "clipboard-write"] });
        var page = await context.NewPageAsync();
        var errors = new List<string>(); // the browser asks for /favicon.ico, which the app does not have: not an error of the pages
        page.Console += (_, message) => { if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal)) errors.Add($"{message.Text} ({message.Location})"); };

        // Sign in with Microsoft (the fake Entra ID answers at once), then sign up an agency.
        var user = app.NewUser("Mette Jensen");
        app.Entra.NextSignIn = new FakeSignIn(user.TenantId, user.ObjectId, user.Name, user.Email);
        await page.GotoAsync(app.BaseUrl + "/portal/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/portal/agencies/new$"));
        await page.GetByLabel("Agency name").FillAsync("Nordlys Web");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create agency" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/portal/agencies/[a-z2-7]{26}$"));
        var agencyId = page.Url.Split('/')[^1];

        // 1. Company.
        await page.GotoAsync($"{app.BaseUrl}/portal/agencies/{agencyId}/sites/new");
        await page.GetByLabel("Site name").FillAsync("Bageriet Hansen");
        await page.GetByLabel("Website address").FillAsync("localhost");
        await page.GetByLabel("Legal name").FillAsync("Bageriet Hansen ApS");
        await page.GetByLabel("Country").SelectOptionAsync("DK");
        await page.GetByLabel("Registration number").FillAsync("10150817");
        await page.GetByLabel("Street address").FillAsync("Strandvejen 12");
        await page.GetByLabel("Postal code").FillAsync("2100");
        await page.GetByLabel("City").FillAsync("København Ø");
        await page.GetByLabel("Contact e-mail").FillAsync("kontakt@bageriet.example");
        await ShotAsync(page, "1-company");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the site and continue" }).ClickAsync();

        // 2. Domains, with a wildcard.
        await Expect(page).ToHaveURLAsync(new Regex("/setup/domains$"));
        var setup = page.Url[..page.Url.LastIndexOf('/')];
        var siteKey = setup.Split('/')[^2];
        await page.GetByLabel("Domains").FillAsync("localhost\n*.bageriet.example");
        await ShotAsync(page, "2-domains");
        await ContinueAsync(page);

        // 3. Languages: Danish and English, Danish by default.
        await Expect(page).ToHaveURLAsync(setup + "/languages");
        await page.GetByLabel("English").CheckAsync();
        await page.GetByLabel("Default language").SelectOptionAsync("da");
        await ShotAsync(page, "3-languages");
        await ContinueAsync(page);

        // 4. Services: search for YouTube and keep it, then filter to statistics and take Google Analytics 4.
        await Expect(page).ToHaveURLAsync(setup + "/services");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the catalogue" }).FillAsync("youtube");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.Locator("input[name=Selected][value=youtube]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save choices", Exact = true }).ClickAsync();
        await Expect(page.Locator("#draft-services")).ToContainTextAsync("YouTube");
        await page.GotoAsync(setup + "/services?category=statistics");
        await page.Locator("input[name=Selected][value=google-analytics]").CheckAsync();
        await ShotAsync(page, "4-services");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save choices and continue" }).ClickAsync();

        // 5. Banner: the live preview runs the real banner with the draft; switch layout and language; change a text.
        await Expect(page).ToHaveURLAsync(setup + "/banner");
        var preview = page.FrameLocator("#banner-preview");
        await Expect(preview.Locator("#consentcloud .cc-d")).ToBeVisibleAsync();
        await Expect(preview.Locator("#consentcloud .cc-d")).ToContainTextAsync("Afvis alle");
        await page.GetByLabel("Layout").Nth(1).SelectOptionAsync("bar");
        await page.Locator("#preview-lang").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show preview" }).ClickAsync();
        await Expect(preview.Locator("#consentcloud .cc-d.cc-bar")).ToContainTextAsync("Reject all");
        await page.Locator("#texts-da-title").FillAsync("Bageriet bruger cookies");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("p.notice.ok")).ToContainTextAsync("Saved");
        await Expect(preview.Locator("#consentcloud .cc-d")).ToContainTextAsync("Bageriet bruger cookies");
        await ShotAsync(page, "5-banner");
        await ContinueAsync(page);

        // 6. Policies: the required sections in both languages, and the preview of the hosted page.
        await Expect(page).ToHaveURLAsync(setup + "/policies");
        foreach (var section in new[] { "purposes", "dataCollected", "recipients", "security" })
        {
            await page.Locator($"#section-{section}-da").FillAsync($"Vi beskriver {section} her.");
            await page.Locator($"#section-{section}-en").FillAsync($"We describe {section} here.");
        }

        await ShotAsync(page, "6-policies");
        await ContinueAsync(page);
        await Expect(page).ToHaveURLAsync(setup + "/publish");
        var policyPreview = await context.NewPageAsync();
        await policyPreview.GotoAsync(setup + "/policies/preview?kind=privacy&lang=en");
        await Expect(policyPreview.Locator("main")).ToContainTextAsync("We describe purposes here.");
        await policyPreview.CloseAsync();

        // 7. Publish, copy the snippet.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(page.Locator("#published")).ToContainTextAsync("revision 1 is live");
        var snippet = await page.Locator("#snippet").InputValueAsync();
        Assert.Equal($"<script src=\"{app.BaseUrl}/v1/sites/{siteKey}/banner.js\"></script>", snippet);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).First.ClickAsync();
        Assert.Equal(snippet, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await ShotAsync(page, "7-publish");

        // The client's website with the snippet: the banner lists the chosen services.
        var shop = world.Site.Put($"/{siteKey}/index.html", $"""
            <!doctype html>
            <html lang="da">
            <head><meta charset="utf-8"><title>Bageriet Hansen</title>{snippet}</head>
            <body><h1>Bageriet Hansen</h1></body>
            </html>
            """);
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync(shop);
        await Expect(Dialog(visitor)).ToContainTextAsync("Bageriet bruger cookies");
        await Button(visitor, "customise").ClickAsync();
        await Expect(Preferences(visitor)).ToContainTextAsync("Google Analytics");
        await Expect(Preferences(visitor)).ToContainTextAsync("YouTube");
        await BrowserFixture.ScreenshotAsync(visitor, "wizard-8-website");

        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // axe-core on every step and the publish page (a context that lets the axe script in past the portal's CSP).
        await using var scanning = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "en-GB", BypassCSP = true, StorageState = await context.StorageStateAsync() });
        var scan = await scanning.NewPageAsync();
        foreach (var url in Steps.Select(s => $"{setup}/{s}").Prepend($"{app.BaseUrl}/portal/agencies/{agencyId}/sites/new"))
        {
            await scan.GotoAsync(url);
            await AssertNoSeriousAxeViolationsAsync(scan);
        }
    }

    [Fact]
    public async Task TheWizardFitsAPhone()
    {
        var app = world.App;
        var user = app.NewUser("Phone Person");
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "en-GB", ViewportSize = new() { Width = 375, Height = 740 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        app.Entra.NextSignIn = new FakeSignIn(user.TenantId, user.ObjectId, user.Name, user.Email);
        await page.GotoAsync(app.BaseUrl + "/portal/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await page.GetByLabel("Agency name").FillAsync("Mobil Web");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create agency" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/portal/agencies/[a-z2-7]{26}$"));

        await page.GotoAsync(page.Url + "/sites/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the site and continue" }).ClickAsync();

        // Errors next to the fields, and nothing wider than the screen.
        await Expect(page.Locator("#legalname-error")).Not.ToBeEmptyAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The step scrolls sideways on a phone.");
        await ShotAsync(page, "phone-company-errors");
    }
}
