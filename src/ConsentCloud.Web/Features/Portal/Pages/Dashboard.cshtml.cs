using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>The agency's dashboard: the sites this person may see (all for Admins and Owners, assigned ones for Members).</summary>
[AgencyPage(AgencyRole.Member)]
public sealed class DashboardModel(SiteStore sites) : PortalPageModel
{
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Sites = [.. (await sites.ListAsync(Portal.Agency.Id, ct))
            .Where(s => Portal.Member.CanSee(s.Key))
            .OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
}
