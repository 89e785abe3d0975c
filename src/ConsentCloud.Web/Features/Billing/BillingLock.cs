using System.Reflection;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>Endpoint metadata: this change stays possible while the agency is locked (people, keys, deleting a site).</summary>
public sealed record AllowedWhenLapsed;

/// <summary>Endpoint metadata: this read is locked with the editing (downloads of consent records).</summary>
public sealed record LockedWhenLapsed;

/// <summary>On a portal page or handler: as <see cref="AllowedWhenLapsed"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowedWhenLapsedAttribute : Attribute;

/// <summary>On a portal handler: as <see cref="LockedWhenLapsed"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LockedWhenLapsedAttribute : Attribute;

/// <summary>
/// What a lapsed agency (trial over, subscription ended or unpaid past its grace) may no longer do, in the API and the
/// portal alike: every change (any method but GET and HEAD) unless marked allowed, and the reads marked locked
/// (downloads). Public endpoints (banner configuration, consent logging, policy pages) are never agency-scoped and never
/// reach this rule: no billing state ever stops a client's banner.
/// </summary>
public static class BillingLock
{
    public const string ProblemType = "https://consentcloud.eu/problems/subscription-required";
    public const string SiteLimitProblemType = "https://consentcloud.eu/problems/plan-site-limit";

    public static TBuilder AllowWhenLapsed<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedWhenLapsed());

    public static TBuilder LockWhenLapsed<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LockedWhenLapsed());

    public static bool Applies(Endpoint endpoint, string method) =>
        endpoint.Metadata.GetMetadata<LockedWhenLapsed>() is not null ||
        (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && endpoint.Metadata.GetMetadata<AllowedWhenLapsed>() is null);

    /// <summary>For a portal page handler.</summary>
    public static bool Applies(Type page, MethodInfo? handler, string method) =>
        handler?.GetCustomAttribute<LockedWhenLapsedAttribute>() is not null ||
        (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) &&
         page.GetCustomAttribute<AllowedWhenLapsedAttribute>() is null && handler?.GetCustomAttribute<AllowedWhenLapsedAttribute>() is null);

    /// <summary>The sentence both the API's problem and the portal's page say.</summary>
    public static string Explain(BillingStanding standing) => standing.Level == StandingLevel.TrialEnded
        ? $"The agency's free trial ended on {standing.TrialEndsAt:yyyy-MM-dd}. Editing and downloads are locked until an Owner subscribes to a plan. The sites' banners, consent logging and policy pages keep working."
        : "The agency's subscription has ended or is unpaid. Editing and downloads are locked until an Owner renews it. The sites' banners, consent logging and policy pages keep working.";

    public static string ExplainSiteLimit(SiteAllowance allowance) =>
        $"The {allowance.Standing.Plan.Name} plan includes {allowance.Standing.Plan.Sites} site{(allowance.Standing.Plan.Sites == 1 ? "" : "s")} and the agency has {allowance.SitesUsed}. An Owner can move to a larger plan, or delete a site first.";
}
