using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>
/// What ConsentCloud knows of an agency's Stripe subscription, from webhooks. <see cref="StatusAt"/> is the
/// <c>created</c> time of the event that set <see cref="Status"/>: an event no newer than it never changes the status
/// (Stripe does not deliver in order). The ids come from checkout and never go back to an older value either.
/// </summary>
public sealed record AgencySubscription(
    AgencyId Agency,
    string? CustomerId,
    string? SubscriptionId,
    string? Status,
    DateTimeOffset? StatusAt,
    DateTimeOffset? PastDueSince,
    string? LastInvoiceOutcome,
    DateTimeOffset? LastInvoiceAt)
{
    /// <summary>The subscription's plan price (the item that is not the metered price), from subscription events.</summary>
    public string? PriceId { get; init; }

    /// <summary>
    /// When the subscription's current billing period began (Stripe's <c>current_period_start</c>): the usage month
    /// whose included decisions the metering counts against runs from here, a month at a time.
    /// </summary>
    public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>When the subscription began (Stripe's <c>start_date</c>): usage before it is not billed.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The plan the checkout asked for (subscription metadata), used when the price is not a configured plan's.</summary>
    public string? PlanName { get; init; }

    public Entitlement Entitlement(DateTimeOffset now) => Billing.Entitlement.For(Status, PastDueSince, now);
}

public enum EntitlementLevel
{
    Entitled,
    Grace,
    NotEntitled,
}

/// <summary>What a subscription status allows: active and trialing entitled; past_due a grace period; else nothing.</summary>
public sealed record Entitlement(EntitlementLevel Level, DateTimeOffset? GraceEndsAt)
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(14);

    public bool IsEntitled => Level is EntitlementLevel.Entitled or EntitlementLevel.Grace;

    public static Entitlement For(string? status, DateTimeOffset? pastDueSince, DateTimeOffset now) => status switch
    {
        "active" or "trialing" => new(EntitlementLevel.Entitled, null),
        "past_due" when pastDueSince is { } since && now < since + GracePeriod => new(EntitlementLevel.Grace, since + GracePeriod),
        _ => new(EntitlementLevel.NotEntitled, null),
    };
}
