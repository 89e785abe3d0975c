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
/// Applies a verified Stripe event (parsed by Stripe.net) once. The state change goes first and the event id is
/// recorded after it, so a crash between the two means Stripe's redelivery applies the event again, which changes
/// nothing: every change is conditional on the event being newer than the state it would replace.
/// </summary>
public sealed partial class StripeWebhookProcessor(SubscriptionStore store, PlanCatalog plans, ILogger<StripeWebhookProcessor> logger)
{
    private const int MaxEventIdLength = 255;

    public async Task<WebhookOutcome> ProcessAsync(Stripe.Event verified, CancellationToken ct)
    {
        if (StripeEvent.From(verified, plans) is not { } stripeEvent)
        {
            return WebhookOutcome.Malformed;
        }

        if (verified.ApiVersion is not { Length: > 0 } version || !Stripe.EventUtility.IsCompatibleApiVersion(version))
        {
            // Taken all the same (see BillingEndpoints); the endpoint should be moved to the version Stripe.net reads.
            OtherApiVersion(logger, stripeEvent.Type, stripeEvent.Id, verified.ApiVersion ?? "none", Stripe.StripeConfiguration.ApiVersion);
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
        /// <summary>
        /// The event's facts, or null when it is not a usable event: no safe id, no type, no <c>created</c>, no
        /// <c>data.object</c>, or an object of another kind than its type names.
        /// </summary>
        public static StripeEvent? From(Stripe.Event e, PlanCatalog plans)
        {
            if (e.Id is not { Length: > 0 and <= MaxEventIdLength } id || !IsSafeKey(id) || e.Type is not { Length: > 0 } type ||
                UnixTime(e.Created) is not { } created || e.Data?.RawObject is null)
            {
                return null;
            }

            return type switch
            {
                "checkout.session.completed" => e.Data.Object is Stripe.Checkout.Session session
                    ? new(id, type, AgencyOf(session.ClientReferenceId), Checkout(session))
                    : null,
                "customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted" =>
                    e.Data.Object is Stripe.Subscription subscription
                        ? new(id, type, AgencyOf(MetadataAgency(subscription.Metadata)), SubscriptionChange(subscription, type, created, plans))
                        : null,
                "invoice.paid" or "invoice.payment_failed" => e.Data.Object is Stripe.Invoice invoice
                    ? new(id, type, AgencyOf(InvoiceAgency(invoice)), InvoiceChange(type == "invoice.paid" ? "paid" : "payment_failed", created))
                    : null,
                _ => new(id, type, null, null),
            };
        }

        /// <summary>Checkout names the customer and subscription; the status comes from the subscription events.</summary>
        private static Func<AgencySubscription, AgencySubscription?> Checkout(Stripe.Checkout.Session session)
        {
            var customer = session.CustomerId;
            var subscription = session.SubscriptionId;
            return current => current with
            {
                CustomerId = current.CustomerId ?? customer,
                SubscriptionId = subscription ?? current.SubscriptionId,
            };
        }

        private static Func<AgencySubscription, AgencySubscription?>? SubscriptionChange(Stripe.Subscription subscription, string type, DateTimeOffset created, PlanCatalog plans)
        {
            var priceId = PlanPrice(subscription, plans);
            var periodStart = PeriodStart(subscription);
            var startedAt = UnixTime(subscription.StartDate);
            var planName = subscription.Metadata?.GetValueOrDefault("plan");
            var status = type == "customer.subscription.deleted" ? "canceled" : subscription.Status;
            if (string.IsNullOrEmpty(status))
            {
                return null;
            }

            var customer = subscription.CustomerId;
            var id = subscription.Id;
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
        private static string? PlanPrice(Stripe.Subscription subscription, PlanCatalog plans)
        {
            var prices = (subscription.Items?.Data ?? []).Select(item => item?.Price?.Id).OfType<string>().ToList();
            return prices.FirstOrDefault(p => plans.FindByPrice(p) is not null) ?? prices.FirstOrDefault(p => p != plans.MeteredPriceId);
        }

        /// <summary>
        /// The current period's start: on the items since 2025-03-31.basil, on the subscription before (a field
        /// Stripe.net's model no longer has, so it is read from the raw object).
        /// </summary>
        private static DateTimeOffset? PeriodStart(Stripe.Subscription subscription) =>
            (subscription.Items?.Data ?? []).Select(item => item is null ? null : UnixTime(item.CurrentPeriodStart)).FirstOrDefault(start => start is not null)
            ?? LegacyUnixTime(subscription, "current_period_start");

        /// <summary>A time Stripe.net parsed; its default (the Unix epoch) means the field was absent.</summary>
        private static DateTimeOffset? UnixTime(DateTime time) =>
            time > DateTime.UnixEpoch ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;

        /// <summary>The agency a subscription belongs to, set as metadata when the checkout created it.</summary>
        private static string? MetadataAgency(IReadOnlyDictionary<string, string>? metadata) =>
            metadata?.GetValueOrDefault("agency") ?? metadata?.GetValueOrDefault("agency_id");

        /// <summary>
        /// An invoice carries its subscription's metadata: under <c>parent</c> since 2025-03-31.basil, at the top
        /// before (read from the raw object, as Stripe.net's model no longer has it).
        /// </summary>
        private static string? InvoiceAgency(Stripe.Invoice invoice)
        {
            if (MetadataAgency(invoice.Parent?.SubscriptionDetails?.Metadata) is { } fromParent)
            {
                return fromParent;
            }

            if (Legacy(invoice, "subscription_details") is { ValueKind: JsonValueKind.Object } details &&
                details.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
                (Text(metadata, "agency") ?? Text(metadata, "agency_id")) is { } fromLegacy)
            {
                return fromLegacy;
            }

            return MetadataAgency(invoice.Metadata);
        }

        private static DateTimeOffset? LegacyUnixTime(Stripe.StripeEntity entity, string name) =>
            Legacy(entity, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var seconds) &&
            seconds > 0 && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;

        private static JsonElement? Legacy(Stripe.StripeEntity entity, string name) =>
            entity.RawJsonElement is { ValueKind: JsonValueKind.Object } raw && raw.TryGetProperty(name, out var value) ? value : null;

        private static string? Text(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static AgencyId? AgencyOf(string? value) => AgencyId.TryParse(value, out var agency) ? agency : null;

        /// <summary>Event ids become table keys: letters, digits, '_' and '-' only.</summary>
        private static bool IsSafeKey(string id) => id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    [LoggerMessage(1, LogLevel.Information, "Stripe event {EventType} {EventId}: {Outcome}.")]
    private static partial void Handled(ILogger logger, string eventType, string eventId, WebhookOutcome outcome);

    [LoggerMessage(2, LogLevel.Information, "Stripe event {EventType} {EventId} was already processed; ignored.")]
    private static partial void Duplicate(ILogger logger, string eventType, string eventId);

    [LoggerMessage(3, LogLevel.Warning,
        "Stripe event {EventType} {EventId} has API version {EventApiVersion}, not Stripe.net's {SdkApiVersion}; processed as far as its fields allow. Set the webhook endpoint's API version to {SdkApiVersion} in Stripe.")]
    private static partial void OtherApiVersion(ILogger logger, string eventType, string eventId, string eventApiVersion, string sdkApiVersion);
}
