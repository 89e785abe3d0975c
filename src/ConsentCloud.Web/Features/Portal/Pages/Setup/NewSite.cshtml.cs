using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Portal.Setup;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 1 for a new client site: the company, and the website's address (a site has at least one domain). Creating a
/// site is for Admins and Owners, as in the API (POST …/sites); it creates the site and its default draft banner.
/// A plan with no room for another site says so before the form and refuses it (402), keeping what was typed.
/// </summary>
[AgencyPage(AgencyRole.Admin)]
public sealed class NewSiteModel(SiteService sites, RequestValidator validator, SetupProgressStore progress, AgencyStanding standing) : PortalPageModel
{
    [BindProperty]
    public CompanyInput Input { get; set; } = new();

    /// <summary>Why no site can be added now (the plan's limit), or null.</summary>
    public string? LimitReached { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await CheckLimitAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await CheckLimitAsync(ct))
        {
            Response.StatusCode = StatusCodes.Status402PaymentRequired;
            return Page();
        }

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

        switch (await sites.CreateWithinPlanAsync(Portal.Agency.Id, request, ct))
        {
            case SiteCreation.Created(var site):
                await progress.MarkDoneAsync(site.Agency, site.Key, SetupSteps.Company, ct);
                return LocalRedirect(SetupSteps.Url(site.Key.Value, SetupSteps.Domains));
            case SiteCreation.Refused(var allowance):
                // Someone else took the last free site while this form was filled in.
                Explain(allowance);
                Response.StatusCode = StatusCodes.Status402PaymentRequired;
                return Page();
            default:
                ModelState.AddModelError("", "Another site of this agency is being created right now. Nothing was saved yet: press Create again in a moment.");
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Page();
        }
    }

    private async Task<bool> CheckLimitAsync(CancellationToken ct)
    {
        var allowance = await standing.SiteAllowanceAsync(Portal.Agency, ct);
        Explain(allowance);
        return allowance.Allowed;
    }

    private void Explain(SiteAllowance allowance) =>
        LimitReached = allowance.Allowed ? null
            : allowance.Standing.IsLocked ? BillingLock.Explain(allowance.Standing) : BillingLock.ExplainSiteLimit(allowance);
}
