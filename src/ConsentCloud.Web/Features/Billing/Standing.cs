using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Billing;

public enum StandingLevel
{
    /// <summary>The free trial from sign-up, on the trial plan.</summary>
    Trial,

    /// <summary>A subscription Stripe calls active or trialing.</summary>
    Subscribed,

    /// <summary>A payment failed (past_due): everything works for <see cref="Entitlement.GracePeriod"/>, with a warning.</summary>
    Grace,

    /// <summary>The trial is over and there was never a subscription: editing and downloads are locked.</summary>
    TrialEnded,

    /// <summary>The subscription ended, or stayed unpaid past the grace: editing and downloads are locked.</summary>
    Lapsed,
}

/// <summary>
/// Where an agency stands with billing, and the plan whose limits apply. Locked agencies can still see everything,
/// manage people and keys, delete sites and subscribe; their sites' banners, consent logging and policy pages never
/// depend on billing at all.
/// </summary>
public sealed record BillingStanding(StandingLevel Level, Plan Plan, DateTimeOffset TrialEndsAt, DateTimeOffset? GraceEndsAt, AgencySubscription? Subscription)
{
    public bool IsLocked => Level is StandingLevel.TrialEnded or StandingLevel.Lapsed;

    public bool IsSubscribed => Level is StandingLevel.Subscribed or StandingLevel.Grace;

    /// <summary>Decides from the agency's sign-up, what Stripe last said of its subscription, and the time.</summary>
    public static BillingStanding Of(Agency agency, AgencySubscription? subscription, PlanCatalog plans, DateTimeOffset now)
    {
        var trialEnds = agency.Created + TimeSpan.FromDays(plans.Trial.TrialDays);
        var paidPlan = subscription?.Status is null ? null : plans.PlanOf(subscription);
        var entitlement = subscription?.Entitlement(now);
        return entitlement?.Level switch
        {
            EntitlementLevel.Entitled => new(StandingLevel.Subscribed, paidPlan!, trialEnds, null, subscription),
            EntitlementLevel.Grace => new(StandingLevel.Grace, paidPlan!, trialEnds, entitlement.GraceEndsAt, subscription),
            // A checkout that never completed (incomplete) or a quick cancellation does not cut a running trial short.
            _ when now < trialEnds => new(StandingLevel.Trial, plans.Trial, trialEnds, null, subscription),
            _ when subscription?.Status is not null => new(StandingLevel.Lapsed, paidPlan ?? plans.Trial, trialEnds, null, subscription),
            _ => new(StandingLevel.TrialEnded, plans.Trial, trialEnds, null, subscription),
        };
    }
}

/// <summary>Whether one more site fits the agency's plan. <paramref name="SitesUsed"/> counts client sites: deleted
/// and demo sites (<see cref="Site.IsDemo"/>) do not count.</summary>
public sealed record SiteAllowance(BillingStanding Standing, int SitesUsed)
{
    public bool Allowed => !Standing.IsLocked && SitesUsed < Standing.Plan.Sites;
}

/// <summary>Reads an agency's <see cref="BillingStanding"/> (its agency row and subscription row).</summary>
public sealed class AgencyStanding(AgencyStore agencies, SubscriptionStore subscriptions, SiteStore sites, PlanCatalog plans, TimeProvider clock)
{
    public async Task<BillingStanding> GetAsync(Agency agency, CancellationToken ct) =>
        BillingStanding.Of(agency, await subscriptions.GetAsync(agency.Id, ct), plans, clock.GetUtcNow());

    /// <summary>The standing of an agency by id; null when there is no such agency.</summary>
    public async Task<BillingStanding?> GetAsync(AgencyId agency, CancellationToken ct) =>
        await agencies.GetAsync(agency, ct) is { } found ? await GetAsync(found, ct) : null;

    public async Task<SiteAllowance> SiteAllowanceAsync(Agency agency, CancellationToken ct) =>
        new(await GetAsync(agency, ct), (await sites.ListAsync(agency.Id, ct)).Count(s => !s.IsDemo));

    public async Task<SiteAllowance?> SiteAllowanceAsync(AgencyId agency, CancellationToken ct) =>
        await agencies.GetAsync(agency, ct) is { } found ? await SiteAllowanceAsync(found, ct) : null;
}
