using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Portal.Setup;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>"Continue setup": to the first wizard step not done yet that this person may use (a Member skips the settings steps).</summary>
[SitePage(AgencyRole.Member)]
public sealed class ResumeModel(SetupProgressStore progress) : PortalPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var done = await progress.GetAsync(Site.Agency, Site.Key, ct);
        var next = SetupSteps.All.FirstOrDefault(s => !done.IsDone(s) && Portal.Role >= s.MinimumRole) ?? SetupSteps.Publish;
        return LocalRedirect(SetupSteps.Url(Site.Key.Value, next));
    }
}
