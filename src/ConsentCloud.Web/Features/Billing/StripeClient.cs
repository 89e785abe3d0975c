using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>A Stripe API error, as Stripe's <c>error</c> object describes it (no secret, no request body).</summary>
public sealed record StripeError(int Status, string? Type, string? Code, string? Message);

/// <summary>A call's value, or the error Stripe (or the network, as status 0) gave.</summary>
public sealed record StripeResult<T>(T? Value, StripeError? Error) where T : class
{
    public bool Succeeded => Error is null && Value is not null;
}

public sealed record StripeCustomer(string Id);

public sealed record StripeCheckoutSession(string Id, string? Url);

public sealed record StripePortalSession(string Id, string Url);

public sealed record StripeMeterEvent(string Identifier);

/// <summary>A Checkout line item: a price and its quantity (none for a metered price).</summary>
public sealed record CheckoutItem(string Price, int? Quantity);

/// <summary>
/// The few Stripe calls ConsentCloud makes, over HttpClient: form-encoded bodies (nested fields bracketed, as
/// <c>line_items[0][price]</c>), the secret key as a bearer token, a pinned <c>Stripe-Version</c>, an
/// <c>Idempotency-Key</c> on every POST (the same on each retry, so a retry never repeats an effect), and retries with
/// exponential backoff on 429, 5xx and network errors.
/// </summary>
public sealed class StripeClient(HttpClient http, IOptions<StripeOptions> options)
{
    public const string ApiVersion = "2025-08-27.basil";
    public const int MaxAttempts = 3;

    /// <summary>The first retry's wait; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task<StripeResult<StripeCustomer>> CreateCustomerAsync(string agencyId, string? email, string name, string idempotencyKey, CancellationToken ct) =>
        await PostAsync("v1/customers", new Dictionary<string, object?>
        {
            ["email"] = email,
            ["name"] = name,
            ["metadata"] = new Dictionary<string, object?> { ["agency_id"] = agencyId },
        }, idempotencyKey, json => new StripeCustomer(json.GetProperty("id").GetString()!), ct);

    /// <summary>
    /// A Checkout Session in subscription mode for the agency's customer: the items (a plan price with quantity 1, a
    /// metered price without one), the agency as <c>client_reference_id</c> and, with the plan's name, as the
    /// subscription's metadata, which every later subscription event carries.
    /// </summary>
    public async Task<StripeResult<StripeCheckoutSession>> CreateCheckoutSessionAsync(
        string agencyId, string customerId, string planName, IReadOnlyList<CheckoutItem> items, Uri successUrl, Uri cancelUrl, string idempotencyKey, CancellationToken ct) =>
        await PostAsync("v1/checkout/sessions", new Dictionary<string, object?>
        {
            ["mode"] = "subscription",
            ["customer"] = customerId,
            ["client_reference_id"] = agencyId,
            ["line_items"] = items.Select(i => new Dictionary<string, object?> { ["price"] = i.Price, ["quantity"] = i.Quantity }).ToArray(),
            ["success_url"] = successUrl.ToString(),
            ["cancel_url"] = cancelUrl.ToString(),
            ["subscription_data"] = new Dictionary<string, object?>
            {
                ["metadata"] = new Dictionary<string, object?> { ["agency_id"] = agencyId, ["plan"] = planName },
            },
        }, idempotencyKey, json => new StripeCheckoutSession(json.GetProperty("id").GetString()!, Text(json, "url")), ct);

    public async Task<StripeResult<StripePortalSession>> CreateBillingPortalSessionAsync(string customerId, Uri returnUrl, string idempotencyKey, CancellationToken ct) =>
        await PostAsync("v1/billing_portal/sessions", new Dictionary<string, object?>
        {
            ["customer"] = customerId,
            ["return_url"] = returnUrl.ToString(),
        }, idempotencyKey, json => new StripePortalSession(json.GetProperty("id").GetString()!, json.GetProperty("url").GetString()!), ct);

    /// <summary>
    /// Reports usage to a billing meter: <paramref name="value"/> for the customer at <paramref name="timestamp"/>.
    /// <paramref name="identifier"/> is also the idempotency key, so a retry, or a re-run within Stripe's window,
    /// is the same event.
    /// </summary>
    public async Task<StripeResult<StripeMeterEvent>> CreateMeterEventAsync(
        string eventName, string customerId, long value, string identifier, DateTimeOffset timestamp, CancellationToken ct) =>
        await PostAsync("v1/billing/meter_events", new Dictionary<string, object?>
        {
            ["event_name"] = eventName,
            ["payload"] = new Dictionary<string, object?> { ["stripe_customer_id"] = customerId, ["value"] = value },
            ["identifier"] = identifier,
            ["timestamp"] = timestamp.ToUnixTimeSeconds(),
        }, "meter-event-" + identifier, json => new StripeMeterEvent(Text(json, "identifier") ?? identifier), ct);

    /// <summary>Flattens nested dictionaries and lists into Stripe's bracketed form fields, in order.</summary>
    public static List<KeyValuePair<string, string>> Form(IReadOnlyDictionary<string, object?> fields)
    {
        List<KeyValuePair<string, string>> form = [];
        foreach (var (key, value) in fields)
        {
            Flatten(key, value, form);
        }

        return form;
    }

    private static void Flatten(string key, object? value, List<KeyValuePair<string, string>> form)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                form.Add(new(key, text));
                return;
            case bool flag:
                form.Add(new(key, flag ? "true" : "false"));
                return;
            case IFormattable number:
                form.Add(new(key, number.ToString(null, CultureInfo.InvariantCulture)));
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Flatten($"{key}[{entry.Key}]", entry.Value, form);
                }

                return;
            case IEnumerable list:
                var i = 0;
                foreach (var item in list)
                {
                    Flatten($"{key}[{i++}]", item, form);
                }

                return;
            default:
                throw new ArgumentException($"Stripe form field {key} has an unsupported type {value.GetType().Name}.", nameof(value));
        }
    }

    private async Task<StripeResult<T>> PostAsync<T>(
        string path, IReadOnlyDictionary<string, object?> fields, string idempotencyKey, Func<JsonElement, T> read, CancellationToken ct) where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var secretKey = options.Value.SecretKey;
        if (string.IsNullOrWhiteSpace(secretKey))
        {
            return new(null, new StripeError(0, "configuration_error", null, "Billing:Stripe:SecretKey is not set."));
        }

        var form = Form(fields);
        StripeError? lastError = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(RetryDelay * Math.Pow(2, attempt - 2), ct);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
            request.Headers.Add("Stripe-Version", ApiVersion);
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            try
            {
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    using var document = JsonDocument.Parse(body);
                    return new(read(document.RootElement), null);
                }

                lastError = ErrorOf(response.StatusCode, body);
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    return new(null, lastError);
                }
            }
            catch (HttpRequestException)
            {
                lastError = new StripeError(0, "network_error", null, "Stripe could not be reached.");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                lastError = new StripeError(0, "timeout", null, "Stripe did not answer in time.");
            }
        }

        return new(null, lastError);
    }

    private static StripeError ErrorOf(HttpStatusCode status, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return new StripeError((int)status, Text(error, "type"), Text(error, "code"), Text(error, "message"));
            }
        }
        catch (JsonException)
        {
            // Not Stripe's error shape (a proxy's page, say): the status is all there is.
        }

        return new StripeError((int)status, null, null, null);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
