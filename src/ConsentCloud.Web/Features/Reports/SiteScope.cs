using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// The one site-scoped access check of the reports: the caller's agency (resolved and checked by
/// <see cref="AgencyAccessMiddleware"/>) owns the site, else null, which every report answers with 404, so another
/// agency's site is indistinguishable from a missing one. A role restricted to one site (the portal's client viewer)
/// is checked here as well, so each report route and page calls this and nothing else.
/// </summary>
public static class SiteScope
{
    public static async Task<Site?> FindAsync(AgencyContext access, string siteKey, SiteStore sites, CancellationToken ct) =>
        SiteKey.TryParse(siteKey, out var key) && await sites.GetAsync(access.Agency, key, ct) is { } found ? found.Site : null;
}
