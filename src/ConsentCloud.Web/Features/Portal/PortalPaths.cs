namespace ConsentCloud.Web.Features.Portal;

/// <summary>The portal's URLs, in one place for pages, redirects and the e-mails that link to them.</summary>
public static class PortalPaths
{
    public const string Home = "/portal";
    public const string SignIn = "/portal/sign-in";
    public const string NewAgency = "/portal/agencies/new";
    public const string AcceptInvitation = "/portal/invitations/accept";

    public static string Agency(string agencyId) => $"/portal/agencies/{agencyId}";

    public static string Members(string agencyId) => $"/portal/agencies/{agencyId}/members";

    public static string ApiKeys(string agencyId) => $"/portal/agencies/{agencyId}/api-keys";

    public static string Audit(string agencyId) => $"/portal/agencies/{agencyId}/audit";

    public static string Billing(string agencyId) => $"/portal/agencies/{agencyId}/billing";

    public static string BillingSuccess(string agencyId) => $"/portal/agencies/{agencyId}/billing/success";

    public static string BillingCanceled(string agencyId) => $"/portal/agencies/{agencyId}/billing/canceled";

    public static string Site(string siteKey) => $"/portal/sites/{siteKey}";

    public static string Invitation(string token) => $"/portal/invitations/{token}";

    /// <summary>A return URL is followed only when it is a portal path: never another site, never a protocol-relative URL.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 512 } url && (url == Home || url.StartsWith(Home + "/", StringComparison.Ordinal)) &&
        !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : Home;
}
