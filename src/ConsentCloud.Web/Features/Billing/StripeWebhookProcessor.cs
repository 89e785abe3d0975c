using System.Text.Json;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Billing;

public enum WebhookOutcome
{
    Processed,
    Duplicate,
    Ignored,
    Malformed,
}

/// <summary>
/// Applies a verified Stripe event once. The state change goes first and the event id is recorded after it, so a
/// crash between the two means Stripe's redelivery applies the event again, which changes nothing: every change is
/// conditional on the event being newer than the state it would replace.
/// </summary>
public sealed partial class StripeWebhookProcessor(SubscriptionStore store, PlanCatalog plans, ILogger<StripeWebhookProcessor> logger)
{
    private const int MaxEventIdLength = 255;

    public async Task<WebhookOutcome> ProcessAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        StripeEvent? parsed;
        try
        {
            using var document = JsonDocument.Parse(body);
            parsed = StripeEvent.From(document.RootElement, plans);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is not { } stripeEvent)
        {
            return WebhookOutcome.Malformed;
        }

        if (await store.IsProcessedAsync(stripeEvent.Id, ct))
        {
            Duplicate(logger, stripeEvent.Type, stripeEvent.Id);
            return WebhookOutcome.Duplicate;
        }

        var outcome = WebhookOutcome.Processed;
        if (stripeEvent.Agency is not { } agency)
        {
            outcome = WebhookOutcome.Ignored;
        }
        else if (stripeEvent.Change is { } change)
        {
            await store.UpdateAsync(agency, change, ct);
        }
        else
        {
            outcome = WebhookOutcome.Ignored;
        }

        if (!await store.MarkProcessedAsync(stripeEvent.Id, stripeEvent.Type, ct))
        {
            return WebhookOutcome.Duplicate;
        }

        Handled(logger, stripeEvent.Type, stripeEvent.Id, outcome);
        return outcome;
    }

    /// <summary>The facts of one event that matter to ConsentCloud; nothing else of the payload is kept.</summary>
    private sealed record StripeEvent(string Id, string Type, AgencyId? Agency, Func<AgencySubscription, AgencySubscription?>? Change)
    {
        public static StripeEvent? From(JsonElement root, PlanCatalog plans)
        {
            if (root.ValueKind != JsonValueKind.Object ||
                Text(root, "id") is not { Length: > 0 and <= MaxEventIdLength } id || !IsSafeKey(id) ||
                Text(root, "type") is not { Length: > 0 } type ||
                !root.TryGetProperty("created", out var createdElement) || createdElement.ValueKind != JsonValueKind.Number ||
                !createdElement.TryGetInt64(out var createdSeconds) ||
                createdSeconds < 0 || createdSeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() ||
                !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
                !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var created = DateTimeOffset.FromUnixTimeSeconds(createdSeconds);
            return type switch
            {
                "checkout.session.completed" => new(id, type, AgencyOf(Text(obj, "client_reference_id")), Checkout(obj)),
                "customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted" =>
                    new(id, type, AgencyOf(MetadataAgency(obj)), SubscriptionChange(obj, type, created, plans)),
                "invoice.paid" or "invoice.payment_failed" =>
                    new(id, type, AgencyOf(InvoiceAgency(obj)), InvoiceChange(type == "invoice.paid" ? "paid" : "payment_failed", created)),
                _ => new(id, type, null, null),
            };
        }

        /// <summary>Checkout names the customer and subscription; the status comes from the subscription events.</summary>
        private static Func<AgencySubscription, AgencySubscription?> Checkout(JsonElement session)
        {
            var customer = Text(session, "customer");
            var subscription = Text(session, "subscription");
            return current => current with
            {
                CustomerId = current.CustomerId ?? customer,
                SubscriptionId = subscription ?? current.SubscriptionId,
            };
        }

        private static Func<AgencySubscription, AgencySubscription?>? SubscriptionChange(JsonElement subscription, string type, DateTimeOffset created, PlanCatalog plans)
        {
            var priceId = PlanPrice(subscription, plans);
            var periodStart = PeriodStart(subscription);
            var startedAt = UnixTime(subscription, "start_date");
            var planName = subscription.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? Text(metadata, "plan") : null;
            var status = type == "customer.subscription.deleted" ? "canceled" : Text(subscription, "status");
            if (status is null)
            {
                return null;
            }

            var customer = Text(subscription, "customer");
            var id = Text(subscription, "id");
            return current =>
            {
                // Never let an older state replace a newer one. Events of the same second are ambiguous: only a
                // cancellation (terminal) is taken then.
                if (current.StatusAt is { } storedAt && (created < storedAt || (created == storedAt && status != "canceled")))
                {
                    return null;
                }

                // A later event of an earlier subscription (its final invoice, its cancellation) never takes the place
                // of the agency's current, entitled one.
                if (id is not null && current.SubscriptionId is { } currentId && id != currentId &&
                    Entitlement.For(current.Status, current.PastDueSince, created).IsEntitled && !Entitlement.For(status, created, created).IsEntitled)
                {
                    return null;
                }

                var pastDueSince = status == "past_due"
                    ? (current.Status == "past_due" ? current.PastDueSince ?? created : created)
                    : (DateTimeOffset?)null;
                return current with
                {
                    CustomerId = customer ?? current.CustomerId,
                    SubscriptionId = id ?? current.SubscriptionId,
                    Status = status,
                    StatusAt = created,
                    PastDueSince = pastDueSince,
                    PriceId = priceId ?? current.PriceId,
                    PlanName = planName ?? current.PlanName,
                    PeriodStart = periodStart ?? current.PeriodStart,
                    StartedAt = startedAt ?? current.StartedAt,
                };
            };
        }

        private static Func<AgencySubscription, AgencySubscription?> InvoiceChange(string outcome, DateTimeOffset created) =>
            current => current.LastInvoiceAt is { } storedAt && created <= storedAt
                ? null
                : current with { LastInvoiceOutcome = outcome, LastInvoiceAt = created };

        /// <summary>
        /// The plan's price among the subscription's items: a configured plan's price if there is one (a plan change
        /// in Stripe's billing portal swaps it), else the first price that is not the metered one.
        /// </summary>
        private static string? PlanPrice(JsonElement subscription, PlanCatalog plans)
        {
            if (!subscription.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object ||
                !items.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var prices = data.EnumerateArray()
                .Select(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("price", out var price) && price.ValueKind == JsonValueKind.Object ? Text(price, "id") : null)
                .OfType<string>()
                .ToList();
            return prices.FirstOrDefault(p => plans.FindByPrice(p) is not null) ?? prices.FirstOrDefault(p => p != plans.MeteredPriceId);
        }

        /// <summary>The current period's start: on the items in current API versions, on the subscription in older ones.</summary>
        private static DateTimeOffset? PeriodStart(JsonElement subscription)
        {
            if (subscription.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object &&
                items.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    if (UnixTime(item, "current_period_start") is { } start)
                    {
                        return start;
                    }
                }
            }

            return UnixTime(subscription, "current_period_start");
        }

        private static DateTimeOffset? UnixTime(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number &&
            value.TryGetInt64(out var seconds) && seconds > 0 && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;

        /// <summary>The agency a subscription belongs to, set as metadata when the checkout created it.</summary>
        private static string? MetadataAgency(JsonElement obj) =>
            obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                ? Text(metadata, "agency") ?? Text(metadata, "agency_id")
                : null;

        /// <summary>An invoice carries its subscription's metadata (under <c>parent</c> in current API versions).</summary>
        private static string? InvoiceAgency(JsonElement invoice)
        {
            if (invoice.TryGetProperty("parent", out var parent) && parent.ValueKind == JsonValueKind.Object &&
                parent.TryGetProperty("subscription_details", out var details) && details.ValueKind == JsonValueKind.Object &&
                MetadataAgency(details) is { } fromParent)
            {
                return fromParent;
            }

            if (invoice.TryGetProperty("subscription_details", out var legacy) && legacy.ValueKind == JsonValueKind.Object &&
                MetadataAgency(legacy) is { } fromLegacy)
            {
                return fromLegacy;
            }

            return MetadataAgency(invoice);
        }

        private static AgencyId? AgencyOf(string? value) => AgencyId.TryParse(value, out var agency) ? agency : null;

        private static string? Text(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>Event ids become table keys: letters, digits, '_' and '-' only.</summary>
        private static bool IsSafeKey(string id) => id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    [LoggerMessage(1, LogLevel.Information, "Stripe event {EventType} {EventId}: {Outcome}.")]
    private static partial void Handled(ILogger logger, string eventType, string eventId, WebhookOutcome outcome);

    [LoggerMessage(2, LogLevel.Information, "Stripe event {EventType} {EventId} was already processed; ignored.")]
    private static partial void Duplicate(ILogger logger, string eventType, string eventId);
}
