using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// A fake Stripe on loopback, for the few calls ConsentCloud makes. It records every request (path, headers, form
/// fields) and checks what Stripe would: a bearer key, known customers and prices, required fields. Like Stripe, it
/// answers a repeated <c>Idempotency-Key</c> with the first answer and does nothing again; meter events with an
/// identifier it has seen are not counted twice. It can fail the next calls on purpose. It also makes the webhook
/// deliveries Stripe would send: events in the shape Stripe.net parses, signed as Stripe signs them.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _idempotent = new();
    private int _failuresLeft;
    private int _sequence;

    public sealed record Received(string Path, string? Authorization, string? Version, string? IdempotencyKey, IReadOnlyList<KeyValuePair<string, string>> Form)
    {
        public string? this[string field] => Form.LastOrDefault(f => f.Key == field).Value;
    }

    public sealed record Customer(string Id, string? Email, string? Name, string? AgencyId);

    public sealed record CheckoutSession(string Id, string Customer, string? ClientReferenceId, IReadOnlyList<string> Prices, string SuccessUrl, string CancelUrl, string? Plan, string? MetadataAgency);

    public sealed record MeterEvent(string EventName, string Customer, long Value, string Identifier, DateTimeOffset Timestamp);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public ConcurrentDictionary<string, Customer> Customers { get; } = new();
    public ConcurrentDictionary<string, CheckoutSession> CheckoutSessions { get; } = new();
    public ConcurrentDictionary<string, MeterEvent> MeterEvents { get; } = new();

    private int _duplicateMeterEvents;

    /// <summary>Meter events whose identifier had been seen already (Stripe deduplicates them).</summary>
    public int DuplicateMeterEvents => Volatile.Read(ref _duplicateMeterEvents);

    /// <summary>Prices the fake knows; an empty set accepts any.</summary>
    public HashSet<string> Prices { get; } = [];

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The next calls answer this status (with Stripe's error shape) before the normal answer.</summary>
    public void FailNext(int count, int status = 500)
    {
        _failuresLeft = count;
        FailureStatus = status;
    }

    public int FailureStatus { get; private set; } = 500;

    public IEnumerable<Received> To(string path) => Requests.Where(r => r.Path == path);

    private FakeStripe(WebApplication app) => _app = app;

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.MapPost("/v1/{**path}", (Delegate)fake.HandleAsync);
        // Where Checkout and the Billing Portal would take the browser: a page that says where it is.
        app.MapGet("/pay/{id}", (string id) => Results.Content($"<!DOCTYPE html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout {WebUtility.HtmlEncode(id)}</h1>", "text/html"));
        app.MapGet("/portal/{id}", (string id) => Results.Content($"<!DOCTYPE html><title>Fake Stripe Billing Portal</title><h1>Fake Stripe Billing Portal {WebUtility.HtmlEncode(id)}</h1>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var received = new Received(
            context.Request.Path, context.Request.Headers.Authorization, context.Request.Headers["Stripe-Version"],
            context.Request.Headers["Idempotency-Key"], [.. form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v!)))]);
        Requests.Enqueue(received);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return Error(FailureStatus, FailureStatus == 402 ? "card_error" : "api_error", "Failed on purpose.");
        }

        if (received.Authorization is not { } auth || !auth.StartsWith("Bearer sk_", StringComparison.Ordinal))
        {
            return Error(401, "invalid_request_error", "Invalid API key provided.");
        }

        var key = received.IdempotencyKey is { Length: > 0 } k ? received.Path + " " + k : null;
        if (key is not null && _idempotent.TryGetValue(key, out var replay))
        {
            return Results.Content(replay.Body, "application/json", statusCode: replay.Status);
        }

        var (status, body) = Handle(received);
        if (key is not null && status < 500)
        {
            _idempotent.TryAdd(key, (status, body));
        }

        return Results.Content(body, "application/json", statusCode: status);
    }

    private (int Status, string Body) Handle(Received r)
    {
        switch (r.Path)
        {
            case "/v1/customers":
            {
                var customer = new Customer("cus_test_" + Interlocked.Increment(ref _sequence), r["email"], r["name"], r["metadata[agency_id]"]);
                Customers[customer.Id] = customer;
                return Ok(new { id = customer.Id, @object = "customer", email = customer.Email, name = customer.Name });
            }

            case "/v1/checkout/sessions":
            {
                if (r["mode"] != "subscription" || r["success_url"] is null || r["cancel_url"] is null)
                {
                    return Invalid("mode, success_url and cancel_url are required.");
                }

                if (r["customer"] is not { } customer || !Customers.ContainsKey(customer))
                {
                    return Missing($"No such customer: '{r["customer"]}'");
                }

                var prices = r.Form.Where(f => f.Key.StartsWith("line_items[", StringComparison.Ordinal) && f.Key.EndsWith("][price]", StringComparison.Ordinal)).Select(f => f.Value).ToList();
                if (prices.Count == 0 || prices.FirstOrDefault(p => Prices.Count > 0 && !Prices.Contains(p)) is { } unknown)
                {
                    return Missing($"No such price: '{prices.FirstOrDefault()}'");
                }

                var session = new CheckoutSession("cs_test_" + Interlocked.Increment(ref _sequence), customer, r["client_reference_id"], prices,
                    r["success_url"]!, r["cancel_url"]!, r["subscription_data[metadata][plan]"], r["subscription_data[metadata][agency_id]"]);
                CheckoutSessions[session.Id] = session;
                return Ok(new { id = session.Id, @object = "checkout.session", url = $"{BaseAddress}pay/{session.Id}", customer, mode = "subscription" });
            }

            case "/v1/billing_portal/sessions":
            {
                if (r["customer"] is not { } customer || !Customers.ContainsKey(customer))
                {
                    return Missing($"No such customer: '{r["customer"]}'");
                }

                if (r["return_url"] is null)
                {
                    return Invalid("return_url is required.");
                }

                var id = "bps_test_" + Interlocked.Increment(ref _sequence);
                return Ok(new { id, @object = "billing_portal.session", url = $"{BaseAddress}portal/{id}", customer, return_url = r["return_url"] });
            }

            case "/v1/billing/meter_events":
            {
                if (r["event_name"] is not { Length: > 0 } eventName || r["identifier"] is not { Length: > 0 and <= 100 } identifier ||
                    !long.TryParse(r["payload[value]"], out var value) || value < 0 ||
                    !long.TryParse(r["timestamp"], out var seconds))
                {
                    return Invalid("event_name, identifier, payload[value] (a whole number) and timestamp are required.");
                }

                if (r["payload[stripe_customer_id]"] is not { } customer || !Customers.ContainsKey(customer))
                {
                    return Missing($"No such customer: '{r["payload[stripe_customer_id]"]}'");
                }

                var meterEvent = new MeterEvent(eventName, customer, value, identifier, DateTimeOffset.FromUnixTimeSeconds(seconds));
                if (!MeterEvents.TryAdd(identifier, meterEvent))
                {
                    Interlocked.Increment(ref _duplicateMeterEvents);
                }

                return Ok(new { @object = "billing.meter_event", event_name = eventName, identifier, payload = new { stripe_customer_id = customer, value = value.ToString(System.Globalization.CultureInfo.InvariantCulture) }, timestamp = seconds });
            }

            default:
                return (404, Json(new { error = new { type = "invalid_request_error", message = "Unrecognized request URL." } }));
        }
    }

    /// <summary>Registers a customer as if ConsentCloud had created it earlier.</summary>
    public string AddCustomer(string agencyId)
    {
        var id = "cus_test_" + Interlocked.Increment(ref _sequence);
        Customers[id] = new Customer(id, null, null, agencyId);
        return id;
    }

    /// <summary>The API version of the fake's events unless a test says otherwise: Stripe.net's, as an endpoint set to it sends.</summary>
    public static string ApiVersion => Stripe.StripeConfiguration.ApiVersion;

    /// <summary>
    /// A webhook delivery's body: an <c>event</c> object with its <c>api_version</c>, <c>created</c> and the
    /// <paramref name="data"/> object (which names its own <c>object</c> kind, as Stripe's do). Null fields are left out,
    /// so a test can leave a time unset (Stripe always sends one; Stripe.net refuses a null time).
    /// </summary>
    public static string Event(string type, DateTimeOffset created, object data, string? id = null, string? apiVersion = null)
    {
        var body = new JsonObject
        {
            ["id"] = id ?? "evt_" + Guid.NewGuid().ToString("N"),
            ["object"] = "event",
            ["api_version"] = apiVersion ?? ApiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = WithoutNulls(JsonSerializer.SerializeToNode(data)) },
        };
        return body.ToJsonString();
    }

    /// <summary>
    /// The <c>Stripe-Signature</c> header Stripe sends, computed as Stripe documents it (not with Stripe.net, whose
    /// check it tests): <c>t</c>, then one <c>v1</c> = hex(HMAC-SHA256(secret, "{t}.{body}")) per secret (Stripe
    /// signs with the old and the new secret while one is rolled).
    /// </summary>
    public static string SignatureHeader(DateTimeOffset signedAt, string body, params string[] secrets)
    {
        var t = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(t + "." + body);
        return $"t={t}" + string.Concat(secrets.Select(secret => ",v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload))));
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (value is null)
                {
                    obj.Remove(key);
                }
                else
                {
                    WithoutNulls(value);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                WithoutNulls(item);
            }
        }

        return node;
    }

    private static (int, string) Ok(object value) => (200, Json(value));

    private static (int, string) Invalid(string message) => (400, Json(new { error = new { type = "invalid_request_error", message } }));

    private static (int, string) Missing(string message) => (400, Json(new { error = new { type = "invalid_request_error", code = "resource_missing", message } }));

    private static IResult Error(int status, string type, string message) =>
        Results.Json(new { error = new { type, code = "test_failure", message } }, statusCode: status);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
