using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConsentCloud.Tests.Consents;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Portal;
using ConsentCloud.Web.Features.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Billing;

/// <summary>
/// The portal and API with billing as shipped (a 14-day trial, here of 3 sites, paid plans mapped to prices) against a fake
/// Stripe on loopback. Webhooks are signed with the test's secret and posted as Stripe would.
/// </summary>
public sealed class StripeBillingApp : PortalApp
{
    public const string WebhookSecret = "whsec_lifecycle_secret";
    protected override bool UsesFakeStripe => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var price in new[] { "price_starter", "price_agency", "price_scale", "price_metered" })
        {
            Stripe.Prices.Add(price); // the app asks Stripe about prices only when someone subscribes
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Billing:Stripe:SecretKey", "sk_test_lifecycle"),
        new("Billing:Stripe:WebhookSecret", WebhookSecret),
        // The shipped trial's length, with 3 sites (the shipped trial has 5; fewer sites keep the tests short).
        new("Billing:Plans:Trial:Sites", "3"),
        new("Billing:Plans:Trial:Days", "14"),
        new("Billing:Plans:Starter:PriceId", "price_starter"),
        new("Billing:Plans:Agency:PriceId", "price_agency"),
        new("Billing:Plans:Scale:PriceId", "price_scale"),
        new("Billing:MeteredPriceId", "price_metered"),
    ];

    /// <summary>Posts a Stripe event, signed now, to the webhook endpoint.</summary>
    public Task<HttpResponseMessage> DeliverAsync(string type, DateTimeOffset created, object data) =>
        DeliverAsync(this, WebhookSecret, type, created, data);

    /// <summary>Posts a Stripe event to an app's webhook endpoint, signed now with <paramref name="secret"/>; asserts 200.</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(TestApp app, string secret, string type, DateTimeOffset created, object data)
    {
        var body = FakeStripe.Event(type, created, data);
        using var client = app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/stripe/webhook") { Content = content };
        request.Headers.TryAddWithoutValidation(BillingEndpoints.SignatureHeader, FakeStripe.SignatureHeader(app.Clock.GetUtcNow(), body, secret));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>A subscription object as Stripe sends it in customer.subscription.* events (the fields ConsentCloud reads).</summary>
    public static Dictionary<string, object?> Subscription(string agency, string customer, string status, string price = "price_agency", DateTimeOffset? periodStart = null) => new()
    {
        ["id"] = "sub_" + agency,
        ["object"] = "subscription",
        ["customer"] = customer,
        ["status"] = status,
        ["metadata"] = new Dictionary<string, string> { ["agency_id"] = agency, ["plan"] = "Agency" },
        ["items"] = new { @object = "list", data = new object[]
        {
            new { id = "si_2", price = new { id = "price_metered" }, current_period_start = periodStart?.ToUnixTimeSeconds() },
            new { id = "si_1", price = new { id = price }, current_period_start = periodStart?.ToUnixTimeSeconds() },
        } },
    };

    public static Dictionary<string, object?> Invoice(string agency, string customer) => new()
    {
        ["id"] = "in_" + Guid.NewGuid().ToString("N"),
        ["object"] = "invoice",
        ["customer"] = customer,
        ["parent"] = new { subscription_details = new { subscription = "sub_" + agency, metadata = new Dictionary<string, string> { ["agency_id"] = agency } } },
    };
}

public sealed class BillingPortalTests(StripeBillingApp app) : IClassFixture<StripeBillingApp>
{
    [Fact]
    public async Task AnAgencyGoesFromTrialToPaidAndBackOutWhileItsBannerNeverStops()
    {
        // Trial: three sites, the fourth refused in the API (402) and announced in the portal.
        var agency = await app.CreateAgencyAsync("Lifecycle Web");
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        var sites = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sites.Add(await app.CreateSiteAsync(agency, TestApp.SampleSite($"Client {i}")));
        }

        var site = sites[0];
        await app.PublishAsync(agency, site);
        var refused = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), TestApp.SampleSite("One too many"));
        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(BillingLock.SiteLimitProblemType, problem.GetProperty("type").GetString());
        Assert.Equal(3, problem.GetProperty("siteLimit").GetInt32());
        Assert.Contains("data-site-limit", await owner.GetStringAsync($"/portal/agencies/{agency.Id}/sites/new"), StringComparison.Ordinal);
        Assert.Contains("data-standing=\"Trial\"", await owner.GetStringAsync(Billing(agency)), StringComparison.Ordinal);

        // Checkout: a customer made once and remembered, a session for the plan and the metered price.
        var checkout = await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Agency" });
        Assert.Equal(HttpStatusCode.Redirect, checkout.StatusCode);
        var session = app.Stripe.CheckoutSessions.Values.Single(s => s.ClientReferenceId == agency.Id);
        Assert.Equal($"{app.Stripe.BaseAddress}pay/{session.Id}", checkout.Headers.Location!.ToString());
        Assert.Equal(["price_agency", "price_metered"], session.Prices);
        Assert.Equal("Agency", session.Plan);
        Assert.Equal(agency.Id, session.MetadataAgency);
        Assert.EndsWith($"/portal/agencies/{agency.Id}/billing/success?session_id={{CHECKOUT_SESSION_ID}}", session.SuccessUrl, StringComparison.Ordinal);
        Assert.EndsWith($"/portal/agencies/{agency.Id}/billing/canceled", session.CancelUrl, StringComparison.Ordinal);
        var customer = Assert.Single(app.Stripe.Customers.Values, c => c.AgencyId == agency.Id);
        Assert.Equal(customer.Id, session.Customer);
        // The billing page's forms may redirect to Stripe: browsers check a form's redirects against its CSP.
        var page = await owner.GetAsync(Billing(agency));
        Assert.Contains("form-action https://checkout.stripe.com https://billing.stripe.com 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Agency" });
        Assert.Single(app.Stripe.Customers.Values, c => c.AgencyId == agency.Id); // the second checkout reuses the customer

        // Back from Checkout, before Stripe's webhook: the page does not claim the subscription.
        Assert.Contains("data-confirmed=\"false\"", await owner.GetStringAsync($"/portal/agencies/{agency.Id}/billing/success?session_id={session.Id}"), StringComparison.Ordinal);
        Assert.Contains("Nothing was charged", await owner.GetStringAsync($"/portal/agencies/{agency.Id}/billing/canceled"), StringComparison.Ordinal);

        // The webhooks arrive: entitled on the Agency plan, 25 sites.
        var t = app.Clock.GetUtcNow();
        await app.DeliverAsync("checkout.session.completed", t, new Dictionary<string, object?>
        {
            ["id"] = session.Id, ["object"] = "checkout.session", ["client_reference_id"] = agency.Id, ["customer"] = customer.Id, ["subscription"] = "sub_" + agency.Id,
        });
        await app.DeliverAsync("customer.subscription.created", t, StripeBillingApp.Subscription(agency.Id, customer.Id, "active", periodStart: t.AddMinutes(-1)));
        var stored = (await app.Services.GetRequiredService<SubscriptionStore>().GetAsync(new(agency.Id), CancellationToken.None))!;
        Assert.Equal(("price_agency", "Agency", customer.Id, t.AddMinutes(-1).ToUnixTimeSeconds()), (stored.PriceId, stored.PlanName, stored.CustomerId, stored.PeriodStart!.Value.ToUnixTimeSeconds()));
        Assert.Contains("data-confirmed=\"true\"", await owner.GetStringAsync($"/portal/agencies/{agency.Id}/billing/success?session_id={session.Id}"), StringComparison.Ordinal);
        var billing = await owner.GetStringAsync(Billing(agency));
        Assert.Contains("data-standing=\"Subscribed\"", billing, StringComparison.Ordinal);
        Assert.Contains("data-plan=\"Agency\"", billing, StringComparison.Ordinal);
        sites.Add(await app.CreateSiteAsync(agency, TestApp.SampleSite("Fourth client")));

        // Manage billing: a Billing Portal session for the remembered customer, back to the billing page.
        var manage = await owner.PostFormAsync(Billing(agency) + "?handler=Manage", []);
        Assert.Equal(HttpStatusCode.Redirect, manage.StatusCode);
        Assert.StartsWith($"{app.Stripe.BaseAddress}portal/", manage.Headers.Location!.ToString(), StringComparison.Ordinal);
        var portalCall = app.Stripe.To("/v1/billing_portal/sessions").Last();
        Assert.Equal(customer.Id, portalCall["customer"]);
        Assert.EndsWith(Billing(agency), portalCall["return_url"], StringComparison.Ordinal);

        // A payment fails: 14 days of grace with a warning on every page, and everything still works.
        app.Clock.Advance(TimeSpan.FromDays(30));
        await app.DeliverAsync("invoice.payment_failed", app.Clock.GetUtcNow(), StripeBillingApp.Invoice(agency.Id, customer.Id));
        await app.DeliverAsync("customer.subscription.updated", app.Clock.GetUtcNow(), StripeBillingApp.Subscription(agency.Id, customer.Id, "past_due"));
        owner = await PortalClient.SignedInAsync(app, agency.OwnerUser); // the portal session lasts hours, not weeks
        Assert.Contains("data-billing-notice=\"Grace\"", await owner.GetStringAsync($"/portal/agencies/{agency.Id}"), StringComparison.Ordinal);
        await app.PublishAsync(agency, site);

        // Past the grace: editing and downloads locked in the API and the portal; reading, people and billing are not.
        app.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        await AssertLockedAsync(agency, owner, site);

        // Stripe gives up and cancels: still locked, the plans offered again; the client's site keeps its banner.
        await app.DeliverAsync("customer.subscription.deleted", app.Clock.GetUtcNow(), StripeBillingApp.Subscription(agency.Id, customer.Id, "canceled"));
        billing = await owner.GetStringAsync(Billing(agency));
        Assert.Contains("data-standing=\"Lapsed\"", billing, StringComparison.Ordinal);
        Assert.Contains("data-plan-option=\"Starter\"", billing, StringComparison.Ordinal);
        await AssertLockedAsync(agency, owner, site);
        await AssertClientSiteWorksAsync(site);
    }

    [Fact]
    public async Task ATrialThatEndsLocksEditingButNotTheBannerPeopleOrSiteDeletion()
    {
        var agency = await app.CreateAgencyAsync("Trial Ends");
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        var site = await app.CreateSiteAsync(agency);
        var spare = await app.CreateSiteAsync(agency, TestApp.SampleSite("Spare"));
        await app.PublishAsync(agency, site);
        app.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);

        var billing = await owner.GetStringAsync(Billing(agency));
        Assert.Contains("data-standing=\"TrialEnded\"", billing, StringComparison.Ordinal);
        Assert.Contains("data-plan-option=\"Agency\"", billing, StringComparison.Ordinal);
        await AssertLockedAsync(agency, owner, site);

        // People, keys and deleting a site stay possible.
        Assert.Equal(HttpStatusCode.Created, (await agency.Owner.PostAsJsonAsync(agency.Path("/api-keys"), new { name = "still allowed" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agency.Owner.DeleteAsync(agency.Path($"/sites/{spare}"))).StatusCode);
        await AssertClientSiteWorksAsync(site);

        // Subscribing unlocks it again.
        var customer = app.Stripe.AddCustomer(agency.Id);
        await app.DeliverAsync("customer.subscription.created", app.Clock.GetUtcNow(), StripeBillingApp.Subscription(agency.Id, customer, "active", "price_starter"));
        await app.PublishAsync(agency, site);
        Assert.Contains("data-plan=\"Starter\"", await owner.GetStringAsync(Billing(agency)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenStripeFailsTheOwnerIsToldAndNothingIsStored()
    {
        var agency = await app.CreateAgencyAsync("Stripe Down");
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        app.Stripe.FailNext(10, 503);
        try
        {
            var response = await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Starter" });
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Contains("Nothing was charged", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            app.Stripe.FailNext(0);
        }

        Assert.Null(await app.Services.GetRequiredService<SubscriptionStore>().GetAsync(new(agency.Id), CancellationToken.None));
        var unknown = await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Platinum" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task OnlyOwnersCanPayAndASubscribedAgencyIsSentToManageBilling()
    {
        var agency = await app.CreateAgencyAsync("Roles Web");
        var admin = await app.AddMemberAsync(agency, "Admin");
        var adminPortal = await PortalClient.SignedInAsync(app, admin);
        var page = await adminPortal.GetStringAsync(Billing(agency));
        Assert.DoesNotContain("handler=Subscribe", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminPortal.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Starter" })).StatusCode);

        var customer = app.Stripe.AddCustomer(agency.Id);
        await app.DeliverAsync("customer.subscription.created", app.Clock.GetUtcNow(), StripeBillingApp.Subscription(agency.Id, customer, "active"));
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Scale" })).StatusCode);
    }

    [Fact]
    public async Task AStripeFailureOnTheWayIsRetriedWithTheSameIdempotencyKeyAndMakesOneCustomer()
    {
        var agency = await app.CreateAgencyAsync("Flaky Network");
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        app.Stripe.FailNext(BillingSetup.StripeNetworkRetries, 500);
        var checkout = await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Starter" });

        Assert.Equal(HttpStatusCode.Redirect, checkout.StatusCode);
        var customerCalls = app.Stripe.To("/v1/customers").Where(r => r["metadata[agency_id]"] == agency.Id).ToList();
        Assert.Equal(BillingSetup.StripeNetworkRetries + 1, customerCalls.Count);
        Assert.All(customerCalls, r => Assert.Equal("customer-" + agency.Id, r.IdempotencyKey));
        Assert.Single(app.Stripe.Customers.Values, c => c.AgencyId == agency.Id);

        // Every call carries the secret key, the API version Stripe.net pins, and an idempotency key; Checkout's
        // fields are bracketed as Stripe's form encoding wants them (no quantity for the metered price).
        var session = app.Stripe.To("/v1/checkout/sessions").Single(r => r["client_reference_id"] == agency.Id);
        Assert.All(customerCalls.Append(session), r => Assert.Equal(("Bearer sk_test_lifecycle", Stripe.StripeConfiguration.ApiVersion), (r.Authorization, r.Version)));
        Assert.StartsWith($"checkout-{agency.Id}-", session.IdempotencyKey, StringComparison.Ordinal);
        Assert.Equal(("subscription", "price_starter", "1", "price_metered", null), (session["mode"], session["line_items[0][price]"], session["line_items[0][quantity]"], session["line_items[1][price]"], session["line_items[1][quantity]"]));
        Assert.Equal((agency.Id, "Starter"), (session["subscription_data[metadata][agency_id]"], session["subscription_data[metadata][plan]"]));
    }

    [Theory]
    [InlineData(402)]
    [InlineData(429)] // Stripe.net retries a 429 only when Stripe's Stripe-Should-Retry header asks for it
    public async Task AStripeRefusalIsNotRetriedAndTheOwnerIsTold(int status)
    {
        var agency = await app.CreateAgencyAsync("Refused " + status);
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        app.Stripe.FailNext(1, status);
        var response = await owner.PostFormAsync(Billing(agency) + "?handler=Subscribe", new() { ["plan"] = "Starter" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Nothing was charged", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(app.Stripe.To("/v1/customers"), r => r["metadata[agency_id]"] == agency.Id);
        Assert.DoesNotContain(app.Stripe.Customers.Values, c => c.AgencyId == agency.Id);
    }

    private static string Billing(TestAgency agency) => $"/portal/agencies/{agency.Id}/billing";

    private async Task AssertLockedAsync(TestAgency agency, PortalClient owner, string site)
    {
        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{site}/banner/publish"), new { });
        Assert.Equal(HttpStatusCode.PaymentRequired, publish.StatusCode);
        Assert.Equal(BillingLock.ProblemType, (await publish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var today = app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await agency.Owner.GetAsync(agency.Path($"/sites/{site}/consents/export?from={today}&to={today}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agency.Owner.GetAsync(agency.Path($"/sites/{site}"))).StatusCode);

        var portalPublish = await owner.PostFormAsync($"/portal/sites/{site}?handler=Republish", new() { ["Note"] = "locked?" }, tokenFrom: $"/portal/sites/{site}");
        Assert.Equal(HttpStatusCode.PaymentRequired, portalPublish.StatusCode);
        Assert.Contains("Locked until the agency subscribes", await portalPublish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await owner.GetAsync($"/portal/sites/{site}/reports?handler=Download&from={today}&to={today}&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/portal/sites/{site}")).StatusCode);
        Assert.Contains("data-billing-notice=", await owner.GetStringAsync($"/portal/agencies/{agency.Id}"), StringComparison.Ordinal);
    }

    /// <summary>The client's website: its banner script and configuration load, decisions are logged, the policy page shows.</summary>
    private async Task AssertClientSiteWorksAsync(string site)
    {
        var visitor = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/v1/sites/{site}/banner.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/v1/sites/{site}/config.json")).StatusCode);
        var decision = await ConsentClient.PostAsync(visitor, site, ConsentClient.Decision(Guid.NewGuid()));
        Assert.True(decision.IsSuccessStatusCode, $"Consent logging answered {(int)decision.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/p/{site}/cookies?lang=da")).StatusCode);
    }
}
