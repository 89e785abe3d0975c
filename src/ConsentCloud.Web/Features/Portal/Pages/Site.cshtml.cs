using ConsentCloud.Web.Features.Agencies;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>A site's page: open to everyone who sees the site, Client viewers included (read-only). A placeholder to grow.</summary>
[SitePage(AgencyRole.ClientViewer)]
public sealed class SiteModel : PortalPageModel
{
    public void OnGet()
    {
    }
}
