using ConsentCloud.Tests.Billing;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PortalBrowser;

/// <summary>The app on a real port with a fake Stripe, whose origin the billing page's CSP lets forms redirect to.</summary>
public sealed class BillingLiveApp : LiveApp
{
    protected override bool UsesFakeStripe => true;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Billing:Stripe:SecretKey", "sk_test_browser"),
        new("Billing:Stripe:WebhookSecret", StripeBillingApp.WebhookSecret),
        new("Billing:Stripe:RedirectOrigins:0", Stripe.BaseAddress.GetLeftPart(UriPartial.Authority)),
        new("Billing:Plans:Starter:PriceId", "price_starter"),
        new("Billing:Plans:Agency:PriceId", "price_agency"),
        new("Billing:Plans:Scale:PriceId", "price_scale"),
        new("Billing:MeteredPriceId", "price_metered"),
    ];
}

/// <summary>
/// Subscribing in real Chromium under the portal's real CSP: the form's redirect to Checkout is allowed (browsers hold
/// a form's redirects to form-action), and the success page tells the truth before and after Stripe's webhook.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class BillingBrowserTests(BrowserFixture browser, BillingLiveApp app) : IClassFixture<BillingLiveApp>
{
    [Fact]
    public async Task AnOwnerSubscribesThroughCheckoutAndTheSuccessPageWaitsForStripe()
    {
        var agency = await app.CreateAgencyAsync("Checkout Studio");
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new() { Width = 375, Height = 800 } });
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspViolations.Add(message.Text);
            }
        };

        await page.GotoAsync($"{app.BaseUrl}/portal/agencies/{agency.Id}/billing");
        app.Entra.NextSignIn = new FakeSignIn(agency.OwnerUser.TenantId, agency.OwnerUser.ObjectId, agency.OwnerUser.Name, agency.OwnerUser.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-standing]")).ToContainTextAsync("Free trial until");
        await BrowserFixture.ScreenshotAsync(page, "portal-billing-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe to Agency" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fake Stripe Checkout" })).ToBeVisibleAsync();
        var session = Assert.Single(app.Stripe.CheckoutSessions.Values);
        Assert.Equal(agency.Id, session.ClientReferenceId);

        // Stripe sends the browser back before (or without) the webhook: nothing is claimed yet.
        await page.GotoAsync(session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", session.Id, StringComparison.Ordinal));
        await Expect(page.Locator("[data-confirmed]")).ToHaveAttributeAsync("data-confirmed", "false");

        await StripeBillingApp.DeliverAsync(app, StripeBillingApp.WebhookSecret, "customer.subscription.created", app.Clock.GetUtcNow(), StripeBillingApp.Subscription(agency.Id, session.Customer, "active"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Check again" }).ClickAsync();
        await Expect(page.Locator("[data-confirmed]")).ToContainTextAsync("the agency is on the Agency plan");

        await page.GotoAsync($"{app.BaseUrl}/portal/agencies/{agency.Id}/billing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Manage billing" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fake Stripe Billing Portal" })).ToBeVisibleAsync();
        Assert.Empty(cspViolations);
    }
}
