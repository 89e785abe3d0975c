using System.Globalization;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>One plan as configured under <c>Billing:Plans:{Name}</c> (appsettings.json; price ids from app settings).</summary>
public sealed class PlanOptions
{
    /// <summary>The trial every new agency starts on (exactly one plan is the trial): no Stripe price, a number of days.</summary>
    public bool Trial { get; set; }

    /// <summary>How long the trial lasts, counted from the agency's sign-up.</summary>
    public int Days { get; set; }

    /// <summary>How many sites (not deleted) the agency may have.</summary>
    public int Sites { get; set; }

    /// <summary>Decisions a month included in the price; more are billed through the metered price, never dropped.</summary>
    public long IncludedDecisions { get; set; }

    /// <summary>The Stripe price (recurring, licensed) of a paid plan.</summary>
    public string? PriceId { get; set; }

    /// <summary>What the portal shows as the price, e.g. "€29 / month" (Stripe Checkout shows the real amount).</summary>
    public string? DisplayPrice { get; set; }
}

public sealed class BillingOptions
{
    public const string Section = "Billing";

    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The metered Stripe price for decisions above a plan's included volume (its meter: <see cref="MeterEventName"/>).</summary>
    public string? MeteredPriceId { get; set; }

    /// <summary>The <c>event_name</c> of the Stripe billing meter the daily usage job reports decisions to.</summary>
    public string MeterEventName { get; set; } = "consent_decisions";

    public const string MeteredPriceIdKey = $"{Section}:{nameof(MeteredPriceId)}";

    public static string PriceIdKey(string plan) => $"{Section}:{nameof(Plans)}:{plan}:{nameof(PlanOptions.PriceId)}";
}

/// <summary>A plan: what an agency may use while it is on it.</summary>
public sealed record Plan(string Name, bool IsTrial, int TrialDays, int Sites, long IncludedDecisions, string? PriceId, string? DisplayPrice)
{
    public string SitesText => Sites.ToString("N0", CultureInfo.InvariantCulture);
    public string DecisionsText => IncludedDecisions.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>The configured plans: the trial, and the paid plans in order of size.</summary>
public sealed class PlanCatalog
{
    public PlanCatalog(IOptions<BillingOptions> options)
    {
        var all = options.Value.Plans
            .Select(p => new Plan(p.Key, p.Value.Trial, p.Value.Days, p.Value.Sites, p.Value.IncludedDecisions,
                string.IsNullOrWhiteSpace(p.Value.PriceId) ? null : p.Value.PriceId.Trim(), p.Value.DisplayPrice))
            .ToList();
        Trial = all.Single(p => p.IsTrial);
        Paid = [.. all.Where(p => !p.IsTrial).OrderBy(p => p.Sites).ThenBy(p => p.IncludedDecisions).ThenBy(p => p.Name, StringComparer.Ordinal)];
        MeteredPriceId = string.IsNullOrWhiteSpace(options.Value.MeteredPriceId) ? null : options.Value.MeteredPriceId.Trim();
        MeterEventName = options.Value.MeterEventName;
    }

    public Plan Trial { get; }

    public IReadOnlyList<Plan> Paid { get; }

    public string? MeteredPriceId { get; }

    public string MeterEventName { get; }

    public Plan? Find(string? name) =>
        name is null ? null : Paid.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The plan of a subscription: its price's, else the plan its checkout named, else the first paid plan.</summary>
    public Plan PlanOf(AgencySubscription subscription) =>
        FindByPrice(subscription.PriceId) ?? Find(subscription.PlanName) ?? Paid[0];

    public Plan? FindByPrice(string? priceId) =>
        priceId is null ? null : Paid.FirstOrDefault(p => string.Equals(p.PriceId, priceId, StringComparison.Ordinal));
}

/// <summary>Start-up check of the plans: one trial, sensible numbers, unique price ids.</summary>
internal sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        List<string> failures = [];
        var trials = options.Plans.Count(p => p.Value.Trial);
        if (trials != 1)
        {
            failures.Add($"Billing:Plans must have exactly one plan with Trial = true (it has {trials}).");
        }

        if (!options.Plans.Any(p => !p.Value.Trial))
        {
            failures.Add("Billing:Plans must have at least one paid plan.");
        }

        foreach (var (plan, value) in options.Plans)
        {
            if (value.Sites < 1)
            {
                failures.Add($"Billing:Plans:{plan}:Sites must be at least 1.");
            }

            if (value.IncludedDecisions < 0)
            {
                failures.Add($"Billing:Plans:{plan}:IncludedDecisions must not be negative.");
            }

            if (value.Trial && value.Days < 1)
            {
                failures.Add($"Billing:Plans:{plan}:Days must be at least 1 for the trial.");
            }
        }

        foreach (var duplicate in options.Plans.Where(p => !string.IsNullOrWhiteSpace(p.Value.PriceId)).GroupBy(p => p.Value.PriceId!.Trim()).Where(g => g.Count() > 1))
        {
            failures.Add($"Billing:Plans: price {duplicate.Key} is set on more than one plan ({string.Join(", ", duplicate.Select(p => p.Key))}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
