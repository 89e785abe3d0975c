using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Portal.Setup;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>Step 1 again, for a site that exists: its name and company (Admins and Owners, as PUT …/sites/{siteKey}).</summary>
[SitePage(AgencyRole.Admin)]
public sealed class CompanyModel(SiteStore store, SiteService sites, RequestValidator validator, SetupProgressStore progress)
    : SiteSettingsStep(store, sites, validator, progress)
{
    public override SetupStep WizardStep => SetupSteps.Company;

    [BindProperty]
    public CompanyInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = CompanyInput.From(Site);
        await LoadVersionAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(bool stay, CancellationToken ct)
    {
        if (!CompanyInput.Countries.Contains(Input.Country ?? ""))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(CompanyInput.Country)}", "Choose a country from the list.");
        }

        return SaveAsync(Input.ToUpdate(Site), CompanyInput.Field, stay, ct);
    }
}
