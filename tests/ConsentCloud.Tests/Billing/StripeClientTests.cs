using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Billing;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Tests.Billing;

public sealed class StripeClientTests : IAsyncLifetime
{
    private const string SecretKey = "sk_test_client_key";
    private FakeStripe _stripe = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripe.StartAsync();
        _http = new HttpClient { BaseAddress = _stripe.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stripe.DisposeAsync();
    }

    private StripeClient Client() => new(_http, Options.Create(new StripeOptions { SecretKey = SecretKey })) { RetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task ACheckoutSessionIsFormEncodedWithBracketedFieldsAndTheStripeHeaders()
    {
        var customer = _stripe.AddCustomer("agency01");
        var result = await Client().CreateCheckoutSessionAsync("agency01", customer, "Agency", [new("price_agency", 1), new("price_metered", null)],
            new Uri("https://portal.example/billing/success?session={CHECKOUT_SESSION_ID}"), new Uri("https://portal.example/billing"), "checkout-agency01-1", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal($"{_stripe.BaseAddress}pay/{result.Value!.Id}", result.Value.Url);
        var request = Assert.Single(_stripe.Requests);
        Assert.Equal("/v1/checkout/sessions", request.Path);
        Assert.Equal($"Bearer {SecretKey}", request.Authorization);
        Assert.Equal(StripeClient.ApiVersion, request.Version);
        Assert.Equal("checkout-agency01-1", request.IdempotencyKey);
        var form = request.Form.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("subscription", form["mode"]);
        Assert.Equal(customer, form["customer"]);
        Assert.Equal("agency01", form["client_reference_id"]);
        Assert.Equal("price_agency", form["line_items[0][price]"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.Equal("price_metered", form["line_items[1][price]"]);
        Assert.False(form.ContainsKey("line_items[1][quantity]")); // a metered price takes no quantity
        Assert.Equal("agency01", form["subscription_data[metadata][agency_id]"]);
        Assert.Equal("Agency", form["subscription_data[metadata][plan]"]);
        Assert.Contains("{CHECKOUT_SESSION_ID}", form["success_url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorsAndRateLimitsAreRetriedWithTheSameIdempotencyKey()
    {
        _stripe.FailNext(2, 429);
        var result = await Client().CreateCustomerAsync("agency01", "owner@agency.example", "Fjord Web", "customer-agency01", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.StartsWith("cus_test_", result.Value!.Id, StringComparison.Ordinal);
        Assert.Single(_stripe.Customers); // the retries were the same request, made once
        var requests = _stripe.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal("customer-agency01", r.IdempotencyKey));
        Assert.Equal("agency01", requests[0].Form.Single(f => f.Key == "metadata[agency_id]").Value);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetriedAndComeBackTyped()
    {
        _stripe.FailNext(1, 402);
        var result = await Client().CreateBillingPortalSessionAsync(_stripe.AddCustomer("agency01"), new Uri("https://portal.example/billing"), "portal-1", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(new StripeError(402, "card_error", "test_failure", "Failed on purpose."), result.Error);
        Assert.Single(_stripe.Requests);
    }

    [Fact]
    public async Task AMeterEventCarriesTheCustomerValueIdentifierAndTimestampAndIsIdempotentByIdentifier()
    {
        var customer = _stripe.AddCustomer("agency01");
        var at = new DateTimeOffset(2026, 11, 20, 23, 59, 59, TimeSpan.Zero);
        var first = await Client().CreateMeterEventAsync("consent_decisions", customer, 1234, "agency01-20261120", at, CancellationToken.None);
        var again = await Client().CreateMeterEventAsync("consent_decisions", customer, 1234, "agency01-20261120", at, CancellationToken.None);

        Assert.True(first.Succeeded && again.Succeeded);
        var request = _stripe.To("/v1/billing/meter_events").First();
        Assert.Equal("consent_decisions", request["event_name"]);
        Assert.Equal(customer, request["payload[stripe_customer_id]"]);
        Assert.Equal("1234", request["payload[value]"]);
        Assert.Equal("agency01-20261120", request["identifier"]);
        Assert.Equal(at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request["timestamp"]);
        Assert.Equal("meter-event-agency01-20261120", request.IdempotencyKey);
        Assert.Equal(1234, Assert.Single(_stripe.MeterEvents).Value.Value);
        Assert.Equal(0, _stripe.DuplicateMeterEvents); // the second call was an idempotent replay
    }

    [Fact]
    public async Task PersistentServerErrorsGiveUpAfterTheLastAttempt()
    {
        _stripe.FailNext(10, 503);
        var result = await Client().CreateBillingPortalSessionAsync("cus_1", new Uri("https://portal.example/billing"), "portal-2", CancellationToken.None);

        Assert.Equal(503, result.Error!.Status);
        Assert.Equal(StripeClient.MaxAttempts, _stripe.Requests.Count);
    }
}
