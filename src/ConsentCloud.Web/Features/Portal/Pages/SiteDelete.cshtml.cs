using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// Deleting a site (Admins and Owners), in two steps: this page says what happens, the POST does it. A soft delete
/// (<see cref="SiteChanges.DeleteAsync"/>): the site and its banner are gone at once, its data stays until the
/// retention job purges it <see cref="PurgeRetention.GracePeriod"/> later.
/// </summary>
[SitePage(AgencyRole.Admin)]
[AllowedWhenLapsed]
public sealed class SiteDeleteModel(SiteChanges changes) : PortalPageModel
{
    public int GraceDays => (int)PurgeRetention.GracePeriod.TotalDays;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await changes.DeleteAsync(Portal.Agency.Id, Site.Key, ct)
            ? LocalRedirect($"{PortalPaths.Agency(Portal.Agency.Id.Value)}?done=deleted")
            : NotFound();
}
