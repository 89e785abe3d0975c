namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>The running-sites pages' URLs below <see cref="PortalPaths.Site"/>.</summary>
public static class SitePaths
{
    /// <summary>The onboarding wizard's resume URL (branch wizard) for a site still in draft.</summary>
    public static string Setup(string siteKey) => $"/portal/sites/{siteKey}/setup";

    public static string Compare(string siteKey) => $"/portal/sites/{siteKey}/compare";

    public static string Delete(string siteKey) => $"/portal/sites/{siteKey}/delete";

    public static string Reports(string siteKey) => $"/portal/sites/{siteKey}/reports";

    public static string Proof(string siteKey, string consentId) => $"/portal/sites/{siteKey}/reports/proof/{consentId}";
}
