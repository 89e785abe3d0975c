using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Portal.Setup;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 1 for a new client site: the company, and the website's address (a site has at least one domain). Creating a
/// site is for Admins and Owners, as in the API (POST …/sites); it creates the site and its default draft banner.
/// </summary>
[AgencyPage(AgencyRole.Admin)]
public sealed class NewSiteModel(SiteService sites, RequestValidator validator, SetupProgressStore progress) : PortalPageModel
{
    [BindProperty]
    public CompanyInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Input.ToNewSite();
        var errors = await validator.ValidateAsync(request, ct);
        if (!CompanyInput.Countries.Contains(request.Country))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(CompanyInput.Country)}", "Choose a country from the list.");
        }

        foreach (var (path, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(CompanyInput.Field(path) is { } field ? $"{nameof(Input)}.{field}" : "", message);
            }
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var site = await sites.CreateAsync(Portal.Agency.Id, request, ct);
        await progress.MarkDoneAsync(site.Agency, site.Key, SetupSteps.Company, ct);
        return LocalRedirect(SetupSteps.Url(site.Key.Value, SetupSteps.Domains));
    }
}
