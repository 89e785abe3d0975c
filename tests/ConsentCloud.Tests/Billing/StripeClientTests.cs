using System.Collections.Concurrent;
using System.Net;
using ConsentCloud.Web.Features.Billing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Tests.Billing;

/// <summary>A fake Stripe on loopback: records each request's path, headers and form fields; can fail the first calls.</summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    public sealed record Received(string Path, string? Authorization, string? Version, string? IdempotencyKey, IReadOnlyList<KeyValuePair<string, string>> Form);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The next calls answer this status (with Stripe's error shape) before the normal answer.</summary>
    public void FailNext(int count, int status = 500)
    {
        _failuresLeft = count;
        FailureStatus = status;
    }

    public int FailureStatus { get; private set; } = 500;

    private FakeStripe(WebApplication app) => _app = app;

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.MapPost("/v1/{**path}", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            fake.Requests.Enqueue(new Received(
                context.Request.Path, context.Request.Headers.Authorization, context.Request.Headers["Stripe-Version"],
                context.Request.Headers["Idempotency-Key"], [.. form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v!)))]));
            if (Interlocked.Decrement(ref fake._failuresLeft) >= 0)
            {
                return Results.Json(new { error = new { type = fake.FailureStatus == 402 ? "card_error" : "api_error", code = "test_failure", message = "Failed on purpose." } },
                    statusCode: fake.FailureStatus);
            }

            return context.Request.Path.Value switch
            {
                "/v1/customers" => Results.Json(new { id = "cus_fake", @object = "customer" }),
                "/v1/checkout/sessions" => Results.Json(new { id = "cs_fake", @object = "checkout.session", url = "https://checkout.stripe.example/cs_fake" }),
                "/v1/billing_portal/sessions" => Results.Json(new { id = "bps_fake", url = "https://billing.stripe.example/bps_fake" }),
                _ => Results.Json(new { error = new { type = "invalid_request_error", message = "Unknown path." } }, statusCode: 404),
            };
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

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
        var result = await Client().CreateCheckoutSessionAsync("agency01", "cus_1", "price_agency", new Uri("https://portal.example/billing/success?session={CHECKOUT_SESSION_ID}"),
            new Uri("https://portal.example/billing"), "checkout-agency01-1", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("https://checkout.stripe.example/cs_fake", result.Value!.Url);
        var request = Assert.Single(_stripe.Requests);
        Assert.Equal("/v1/checkout/sessions", request.Path);
        Assert.Equal($"Bearer {SecretKey}", request.Authorization);
        Assert.Equal(StripeClient.ApiVersion, request.Version);
        Assert.Equal("checkout-agency01-1", request.IdempotencyKey);
        var form = request.Form.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("subscription", form["mode"]);
        Assert.Equal("cus_1", form["customer"]);
        Assert.Equal("agency01", form["client_reference_id"]);
        Assert.Equal("price_agency", form["line_items[0][price]"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.Equal("agency01", form["subscription_data[metadata][agency_id]"]);
        Assert.Contains("{CHECKOUT_SESSION_ID}", form["success_url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorsAndRateLimitsAreRetriedWithTheSameIdempotencyKey()
    {
        _stripe.FailNext(2, 429);
        var result = await Client().CreateCustomerAsync("agency01", "owner@agency.example", "Fjord Web", "customer-agency01", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("cus_fake", result.Value!.Id);
        var requests = _stripe.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal("customer-agency01", r.IdempotencyKey));
        Assert.Equal("agency01", requests[0].Form.Single(f => f.Key == "metadata[agency_id]").Value);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetriedAndComeBackTyped()
    {
        _stripe.FailNext(1, 402);
        var result = await Client().CreateBillingPortalSessionAsync("cus_1", new Uri("https://portal.example/billing"), "portal-1", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(new StripeError(402, "card_error", "test_failure", "Failed on purpose."), result.Error);
        Assert.Single(_stripe.Requests);
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
