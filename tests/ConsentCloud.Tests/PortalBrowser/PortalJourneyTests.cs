using System.Net.Http.Json;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.Playwright;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PortalBrowser;

/// <summary>
/// The portal in real Chromium, under its real CSP: a new person signs in with Microsoft (the fake Entra ID), signs up
/// an agency, invites a client viewer who accepts by signing in and sees only their site; the main pages pass axe-core
/// (no serious or critical violation). Screenshots under TestResults/screenshots (portal-…).
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class PortalJourneyTests(BrowserFixture browser, PortalLiveApp app) : IClassFixture<PortalLiveApp>
{
    [Fact]
    public async Task ANewAgencySignsUpInvitesAClientViewerWhoSeesOnlyTheirSite()
    {
        var owner = app.NewUser("Astrid Owner");
        await using var ownerContext = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await ownerContext.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspViolations.Add(message.Text);
            }
        };

        // Sign in with Microsoft, as a person the app has never seen.
        await page.GotoAsync(app.BaseUrl + "/portal");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Screenshot(page, "sign-in");
        app.Entra.NextSignIn = new FakeSignIn(owner.TenantId, owner.ObjectId, owner.Name, owner.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();

        // No agency yet: sign one up.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create your agency" })).ToBeVisibleAsync();
        await page.GetByLabel("Agency name").FillAsync("Nordlys Digital");
        await page.GetByLabel("Country").SelectOptionAsync("DK");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create agency" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nordlys Digital", Exact = true })).ToBeVisibleAsync();
        var agencyId = new Uri(page.Url).Segments[^1];

        // A client site (the onboarding wizard is not built yet: through the API, as the same person).
        var api = app.ClientFor(owner);
        var created = await api.PostAsJsonAsync($"/api/v1/agencies/{agencyId}/sites", TestApp.SampleSite("Bageriet Hansen"));
        var siteKey = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("siteKey").GetString()!;
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Bageriet Hansen", Exact = true })).ToBeVisibleAsync();
        await Screenshot(page, "dashboard");

        // Invite the client as a Client viewer of that site.
        await page.GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
        await page.GetByLabel("E-mail address").FillAsync("kontakt@bageriet.example");
        await page.GetByLabel("Role", new() { Exact = true }).Last.SelectOptionAsync("ClientViewer");
        await page.GetByLabel("Sites (for Member and Client viewer)").SelectOptionAsync(siteKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Invitation sent.");
        await Screenshot(page, "members");
        await Expect(page.Locator(".person strong", new() { HasText = "kontakt@bageriet.example" })).ToBeVisibleAsync();

        // The client opens the e-mailed link in their own browser, signs in and accepts.
        var viewer = app.NewUser("Bente Client");
        await using var viewerContext = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "da-DK" });
        var viewerPage = await viewerContext.NewPageAsync();
        await viewerPage.GotoAsync(app.BaseUrl + app.Mail.InvitationPathFor("kontakt@bageriet.example"));
        Assert.DoesNotContain("/portal/invitations/" + agencyId, viewerPage.Url, StringComparison.Ordinal);
        app.Entra.NextSignIn = new FakeSignIn(viewer.TenantId, viewer.ObjectId, viewer.Name, viewer.Email);
        await viewerPage.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await Expect(viewerPage.GetByText("You are invited to join Nordlys Digital as Client viewer.")).ToBeVisibleAsync();
        await Screenshot(viewerPage, "invitation");
        await viewerPage.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Expect(viewerPage.GetByRole(AriaRole.Heading, new() { Name = "Bageriet Hansen" })).ToBeVisibleAsync();
        await Expect(viewerPage.GetByRole(AriaRole.Link, new() { Name = "Members" })).ToHaveCountAsync(0);
        await Screenshot(viewerPage, "client-viewer-site");
        var dashboard = await viewerPage.GotoAsync($"{app.BaseUrl}/portal/agencies/{agencyId}");
        Assert.Equal(404, dashboard!.Status);
        await Expect(viewerPage.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();

        // The owner creates an API key: shown once, copyable (the script runs under the CSP with its nonce).
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Deploy pipeline");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByLabel("Your new API key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^cck_"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy key" })).ToBeVisibleAsync();
        await Screenshot(page, "api-keys");

        // On a phone.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{app.BaseUrl}/portal/agencies/{agencyId}/members");
        await Screenshot(page, "members-phone");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The Members page scrolls sideways on a phone.");

        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task TheMainPagesHaveNoSeriousOrCriticalAxeViolations()
    {
        var agency = await app.CreateAgencyAsync("Studio Lys");
        await app.CreateSiteAsync(agency, TestApp.SampleSite("Kaffebaren"));
        await app.CreateApiKeyAsync(agency, "Build server");
        // axe is added as a <script> tag, which the portal's CSP (nonce only) refuses: BypassCSP, for the scan only.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", BypassCSP = true });
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.BaseUrl + "/portal/sign-in");
        await AssertNoSeriousAxeViolationsAsync(page);

        app.Entra.NextSignIn = new FakeSignIn(agency.OwnerUser.TenantId, agency.OwnerUser.ObjectId, agency.OwnerUser.Name, agency.OwnerUser.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Studio Lys", Exact = true })).ToBeVisibleAsync();
        foreach (var path in new[] { "", "/members", "/api-keys", "/billing" })
        {
            await page.GotoAsync($"{app.BaseUrl}/portal/agencies/{agency.Id}{path}");
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await AssertNoSeriousAxeViolationsAsync(page);
        }

        await page.GotoAsync($"{app.BaseUrl}/portal/agencies/new");
        await AssertNoSeriousAxeViolationsAsync(page);
    }

    private static Task Screenshot(IPage page, string name) => BrowserFixture.ScreenshotAsync(page, "portal-" + name);
}
