using ConsentCloud.Web.Features.Agencies;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>One step of the onboarding wizard: its URL segment, its title (WizardText "Step.{Slug}") and who may use it.</summary>
public sealed record SetupStep(int Number, string Slug, AgencyRole MinimumRole);

/// <summary>
/// The onboarding wizard of a client site, in order. Steps 1–3 change the site's settings, which the API keeps for
/// Admins and Owners; steps 4–7 edit the drafts and publish, which Members may do for the sites assigned to them.
/// </summary>
public static class SetupSteps
{
    public static readonly SetupStep Company = new(1, "company", AgencyRole.Admin);
    public static readonly SetupStep Domains = new(2, "domains", AgencyRole.Admin);
    public static readonly SetupStep Languages = new(3, "languages", AgencyRole.Admin);
    public static readonly SetupStep Services = new(4, "services", AgencyRole.Member);
    public static readonly SetupStep Banner = new(5, "banner", AgencyRole.Member);
    public static readonly SetupStep Policies = new(6, "policies", AgencyRole.Member);
    public static readonly SetupStep Publish = new(7, "publish", AgencyRole.Member);

    public static readonly IReadOnlyList<SetupStep> All = [Company, Domains, Languages, Services, Banner, Policies, Publish];

    /// <summary>Step 1 for a site that does not exist yet.</summary>
    public static string NewSite(string agencyId) => $"/portal/agencies/{agencyId}/sites/new";

    /// <summary>The resume URL ("continue setup"): redirects to the first step not done yet.</summary>
    public static string Resume(string siteKey) => $"/portal/sites/{siteKey}/setup";

    public static string Url(string siteKey, SetupStep step) => $"/portal/sites/{siteKey}/setup/{step.Slug}";

    public static string Preview(string siteKey) => $"/portal/sites/{siteKey}/setup/preview";

    public static string PolicyPreview(string siteKey) => $"/portal/sites/{siteKey}/setup/policies/preview";

    public static SetupStep? Next(SetupStep step) => step.Number < All.Count ? All[step.Number] : null;

    public static SetupStep? Find(string slug) => All.FirstOrDefault(s => s.Slug == slug);
}
