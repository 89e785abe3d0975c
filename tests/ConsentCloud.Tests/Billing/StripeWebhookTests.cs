using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentCloud.Tests.Billing;

public sealed class BillingApp : TestApp
{
    public const string WebhookSecret = "whsec_test_webhook_secret";

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Billing:Stripe:WebhookSecret", WebhookSecret), new("Billing:Stripe:SecretKey", "sk_test_example")];
}

/// <summary>Stripe's deliveries through HTTP, on Azurite.</summary>
public sealed class StripeWebhookTests(BillingApp app) : IClassFixture<BillingApp>
{
    private const string Path = "/billing/stripe/webhook";

    [Fact]
    public async Task AValidEventIsProcessedOnceAndADuplicateDeliveryIsIgnored()
    {
        var agency = NewAgency();
        var created = app.Clock.GetUtcNow().AddSeconds(-10);
        var body = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", created);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(body)).StatusCode);
        Assert.Equal("active", (await StoredAsync(agency))!.Status);

        // The state moves on, then Stripe redelivers the first event (same id): nothing changes.
        var later = SubscriptionEvent(NewEventId(), "customer.subscription.updated", agency, "past_due", created.AddSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(later)).StatusCode);
        var subscription = (await StoredAsync(agency))!;
        Assert.Equal("past_due", subscription.Status);
        Assert.Equal(created.AddSeconds(5), subscription.PastDueSince);
        Assert.Equal(EntitlementLevel.Grace, subscription.Entitlement(app.Clock.GetUtcNow()).Level);

        var redelivery = await SendAsync(body);
        Assert.Equal(HttpStatusCode.OK, redelivery.StatusCode);
        Assert.Equal("past_due", (await StoredAsync(agency))!.Status);
    }

    [Fact]
    public async Task AnOlderSubscriptionUpdateArrivingLateDoesNotOverwriteNewerState()
    {
        var agency = NewAgency();
        var t0 = app.Clock.GetUtcNow().AddMinutes(-1);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(SubscriptionEvent(NewEventId(), "customer.subscription.deleted", agency, "canceled", t0.AddSeconds(20)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(SubscriptionEvent(NewEventId(), "customer.subscription.updated", agency, "active", t0.AddSeconds(10)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "trialing", t0))).StatusCode);

        var subscription = (await StoredAsync(agency))!;
        Assert.Equal("canceled", subscription.Status);
        Assert.Equal(t0.AddSeconds(20), subscription.StatusAt);
        Assert.Equal(EntitlementLevel.NotEntitled, subscription.Entitlement(app.Clock.GetUtcNow()).Level);
    }

    [Fact]
    public async Task CheckoutAndInvoiceEventsStoreTheirFacts()
    {
        var agency = NewAgency();
        var now = app.Clock.GetUtcNow();
        var checkout = Event(NewEventId(), "checkout.session.completed", now, new Dictionary<string, object?>
        {
            ["id"] = "cs_test_1", ["object"] = "checkout.session", ["mode"] = "subscription",
            ["client_reference_id"] = agency, ["customer"] = "cus_123", ["subscription"] = "sub_123",
        });
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(checkout)).StatusCode);

        var failed = Event(NewEventId(), "invoice.payment_failed", now, Invoice(agency));
        var paidEarlier = Event(NewEventId(), "invoice.paid", now.AddSeconds(-30), Invoice(agency));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(failed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(paidEarlier)).StatusCode);

        var subscription = (await StoredAsync(agency))!;
        Assert.Equal("cus_123", subscription.CustomerId);
        Assert.Equal("sub_123", subscription.SubscriptionId);
        Assert.Equal("payment_failed", subscription.LastInvoiceOutcome);
    }

    [Fact]
    public async Task ABadSignatureIsRefusedWith400AndChangesNothing()
    {
        var agency = NewAgency();
        var body = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", app.Clock.GetUtcNow());
        var response = await SendAsync(body, FakeStripe.SignatureHeader(app.Clock.GetUtcNow(), body, "whsec_wrong"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var missing = await SendAsync(body, header: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Null(await StoredAsync(agency));
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        var padding = new string('x', (int)BillingEndpoints.WebhookBodyLimit);
        var body = Event(NewEventId(), "invoice.paid", app.Clock.GetUtcNow(), new { pad = padding });
        var response = await SendAsync(body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnhandledEventTypeIsAcknowledged() =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Event(NewEventId(), "customer.created", app.Clock.GetUtcNow(), new { id = "cus_1" }))).StatusCode);

    [Fact]
    public async Task ALateEventOfAnEarlierSubscriptionDoesNotReplaceTheCurrentOne()
    {
        var agency = NewAgency();
        var t0 = app.Clock.GetUtcNow().AddMinutes(-5);
        await SendAsync(SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", t0, "sub_new"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(SubscriptionEvent(NewEventId(), "customer.subscription.deleted", agency, "canceled", t0.AddMinutes(1), "sub_old"))).StatusCode);

        var subscription = (await StoredAsync(agency))!;
        Assert.Equal(("sub_new", "active"), (subscription.SubscriptionId, subscription.Status));

        // The current subscription's own cancellation does apply.
        await SendAsync(SubscriptionEvent(NewEventId(), "customer.subscription.deleted", agency, "canceled", t0.AddMinutes(2), "sub_new"));
        Assert.Equal("canceled", (await StoredAsync(agency))!.Status);
    }

    [Theory]
    [InlineData(-300, HttpStatusCode.OK)]
    [InlineData(-301, HttpStatusCode.BadRequest)]
    [InlineData(301, HttpStatusCode.BadRequest)]
    public async Task ASignatureMadeMoreThanFiveMinutesFromOurClockIsRefusedWith400(int secondsFromNow, HttpStatusCode expected)
    {
        var agency = NewAgency();
        var body = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", app.Clock.GetUtcNow().AddMinutes(-10));
        var response = await SendAsync(body, FakeStripe.SignatureHeader(app.Clock.GetUtcNow().AddSeconds(secondsFromNow), body, BillingApp.WebhookSecret));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? "active" : null, (await StoredAsync(agency))?.Status);
    }

    [Fact]
    public async Task ABodyChangedAfterSigningIsRefusedWith400()
    {
        var agency = NewAgency();
        var signed = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "canceled", app.Clock.GetUtcNow());
        var changed = signed.Replace("\"canceled\"", "\"active\"", StringComparison.Ordinal);
        Assert.NotEqual(signed, changed);

        var response = await SendAsync(changed, FakeStripe.SignatureHeader(app.Clock.GetUtcNow(), signed, BillingApp.WebhookSecret));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await StoredAsync(agency));
    }

    [Fact]
    public async Task WhileTheSecretIsRolledADeliverySignedWithTheOldAndTheNewSecretIsAccepted()
    {
        var agency = NewAgency();
        var body = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", app.Clock.GetUtcNow());
        var header = FakeStripe.SignatureHeader(app.Clock.GetUtcNow(), body, "whsec_the_previous_secret", BillingApp.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(body, header)).StatusCode);
        Assert.Equal("active", (await StoredAsync(agency))!.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v1=00")]
    [InlineData("t=abc,v1=00")]
    [InlineData("t=1,t=2,v1=00")]
    [InlineData("t={now}")]
    [InlineData("t={now},v1=zz")]
    [InlineData("t={now},v0=abcd")]
    public async Task AMissingOrGarbledSignatureHeaderIsRefusedWith400(string? header)
    {
        var agency = NewAgency();
        var body = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", app.Clock.GetUtcNow());
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await SendAsync(body, header?.Replace("{now}", now, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid signature", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Null(await StoredAsync(agency));
    }

    [Fact]
    public async Task AnEventFromAnEndpointOnAnOlderApiVersionIsStillApplied()
    {
        // An endpoint created before 2025-03-31.basil: the period start on the subscription, the invoice's
        // subscription metadata at its top level. Stripe.net parses it; its current models lack those two fields.
        var agency = NewAgency();
        var created = app.Clock.GetUtcNow().AddMinutes(-1);
        var periodStart = created.AddDays(-3);
        const string OldVersion = "2024-06-20";
        var subscription = Event(NewEventId(), "customer.subscription.created", created, new Dictionary<string, object?>
        {
            ["id"] = "sub_" + agency, ["object"] = "subscription", ["customer"] = "cus_" + agency, ["status"] = "active",
            ["current_period_start"] = periodStart.ToUnixTimeSeconds(),
            ["metadata"] = new Dictionary<string, string> { ["agency_id"] = agency },
        }, OldVersion);
        var invoice = Event(NewEventId(), "invoice.payment_failed", created, new Dictionary<string, object?>
        {
            ["id"] = "in_" + Guid.NewGuid().ToString("N"), ["object"] = "invoice", ["customer"] = "cus_" + agency, ["subscription"] = "sub_" + agency,
            ["subscription_details"] = new { metadata = new Dictionary<string, string> { ["agency_id"] = agency } },
        }, OldVersion);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(subscription)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(invoice)).StatusCode);
        var stored = (await StoredAsync(agency))!;
        Assert.Equal(("active", periodStart.ToUnixTimeSeconds()), (stored.Status, stored.PeriodStart!.Value.ToUnixTimeSeconds()));
        Assert.Equal("payment_failed", stored.LastInvoiceOutcome);
    }

    [Fact]
    public async Task AnEventOnAnotherApiVersionThanStripeNetsIsLoggedAsAWarningNamingBothVersions()
    {
        var agency = NewAgency();
        var currentId = NewEventId();
        var current = Event(currentId, "customer.subscription.created", app.Clock.GetUtcNow(), new Dictionary<string, object?>
        {
            ["id"] = "sub_" + agency, ["object"] = "subscription", ["customer"] = "cus_" + agency, ["status"] = "active",
            ["metadata"] = new Dictionary<string, string> { ["agency_id"] = agency },
        });
        var otherId = NewEventId();
        var other = Event(otherId, "invoice.paid", app.Clock.GetUtcNow(), Invoice(agency), "2025-08-27.basil");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(current)).StatusCode);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(currentId, StringComparison.Ordinal) && l.Contains("API version", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other)).StatusCode);

        var warning = Assert.Single(app.Logs.Lines, l => l.Contains(otherId, StringComparison.Ordinal) && l.Contains("API version", StringComparison.Ordinal));
        Assert.StartsWith("Warning: ", warning, StringComparison.Ordinal);
        Assert.Contains("2025-08-27.basil", warning, StringComparison.Ordinal);
        Assert.Contains(Stripe.StripeConfiguration.ApiVersion, warning, StringComparison.Ordinal);
        Assert.Equal("paid", (await StoredAsync(agency))!.LastInvoiceOutcome);
    }

    [Fact]
    public async Task ARefusedDeliveryIsLoggedWithoutItsSignatureBodyOrSecret()
    {
        var agency = NewAgency();
        var body = SubscriptionEvent(NewEventId(), "customer.subscription.created", agency, "active", app.Clock.GetUtcNow());
        var header = FakeStripe.SignatureHeader(app.Clock.GetUtcNow(), body, "whsec_someone_elses_secret");
        var before = app.Logs.Lines.Count;

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(body, header)).StatusCode);

        var lines = app.Logs.Lines.Skip(before).ToList();
        Assert.Contains(lines, l => l.StartsWith("Warning: A Stripe webhook was refused", StringComparison.Ordinal));
        var signature = header[(header.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        Assert.All(lines, l => Assert.DoesNotContain(signature, l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(agency, l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("whsec_", l.Replace("(whsec_)", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASubscriptionEventWhoseObjectIsNotASubscriptionIsRefusedWith400()
    {
        var agency = NewAgency();
        var body = Event(NewEventId(), "customer.subscription.updated", app.Clock.GetUtcNow(), new Dictionary<string, object?>
        {
            ["id"] = "in_1", ["object"] = "invoice", ["customer"] = "cus_" + agency, ["status"] = "active",
            ["metadata"] = new Dictionary<string, string> { ["agency_id"] = agency },
        });

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(body)).StatusCode);
        Assert.Null(await StoredAsync(agency));
    }

    [Theory]
    [InlineData("{\"id\":\"evt_1\",\"type\":\"customer.subscription.updated\",\"created\":\"yesterday\",\"data\":{\"object\":{}}}")]
    [InlineData("{\"id\":\"evt_2\",\"type\":\"customer.subscription.updated\",\"created\":null,\"data\":{\"object\":{}}}")]
    [InlineData("{\"id\":\"evt 3\",\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":{}}}")]
    [InlineData("[1,2,3]")]
    public async Task ASignedButMalformedEventIsRefusedWith400(string body) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(body)).StatusCode);

    private async Task<HttpResponseMessage> SendAsync(string body, string? header = "sign")
    {
        using var client = app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(BillingEndpoints.SignatureHeader,
                header == "sign" ? FakeStripe.SignatureHeader(app.Clock.GetUtcNow(), body, BillingApp.WebhookSecret) : header);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private Task<AgencySubscription?> StoredAsync(string agency) =>
        app.Services.GetRequiredService<SubscriptionStore>().GetAsync(new AgencyId(agency), CancellationToken.None);

    private static string NewAgency() => AgencyId.New().Value;

    private static string NewEventId() => "evt_" + Guid.NewGuid().ToString("N");

    private static string SubscriptionEvent(string id, string type, string agency, string status, DateTimeOffset created, string? subscriptionId = null) =>
        Event(id, type, created, new Dictionary<string, object?>
        {
            ["id"] = subscriptionId ?? "sub_" + agency, ["object"] = "subscription", ["customer"] = "cus_" + agency, ["status"] = status,
            ["metadata"] = new Dictionary<string, string> { ["agency"] = agency },
        });

    private static Dictionary<string, object?> Invoice(string agency) => new()
    {
        ["id"] = "in_" + Guid.NewGuid().ToString("N"), ["object"] = "invoice", ["customer"] = "cus_123",
        ["parent"] = new { subscription_details = new { subscription = "sub_123", metadata = new Dictionary<string, string> { ["agency_id"] = agency } } },
    };

    private static string Event(string id, string type, DateTimeOffset created, object data, string? apiVersion = null) =>
        FakeStripe.Event(type, created, data, id, apiVersion);
}
