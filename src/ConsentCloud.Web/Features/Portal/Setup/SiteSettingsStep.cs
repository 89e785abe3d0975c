using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>
/// Steps 1–3 change the site's settings: the same <see cref="SiteRequest"/>, validation and <see cref="SiteService"/>
/// as PUT /api/v1/agencies/{agencyId}/sites/{siteKey}, over the version of the site the form was rendered from.
/// </summary>
public abstract class SiteSettingsStep(SiteStore store, SiteService sites, RequestValidator validator, SetupProgressStore progress) : WizardPageModel(progress)
{
    /// <summary>Reads the site's current version for the form's hidden field.</summary>
    protected async Task LoadVersionAsync(CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        if (await store.GetAsync(Site.Agency, Site.Key, ct) is { } found)
        {
            Version = VersionOf(found.ETag);
        }
    }

    /// <summary>Validates and saves; on a problem the page is shown again with the user's input and the errors.</summary>
    protected async Task<IActionResult> SaveAsync(SiteRequest request, Func<string, string?> field, bool stay, CancellationToken ct)
    {
        AddErrors(await validator.ValidateAsync(request, ct), path => field(path) is { } name ? $"Input.{name}" : null);
        if (!ModelState.IsValid)
        {
            return await AgainAsync(StatusCodes.Status400BadRequest, ct);
        }

        if (PostedVersion() is not { } version)
        {
            Conflict = true;
            return await AgainAsync(StatusCodes.Status409Conflict, ct);
        }

        switch (await sites.UpdateAsync(Site, request, version, ct))
        {
            case SiteUpdateOutcome.Updated:
                return await DoneAsync(stay, ct);
            default:
                Conflict = true;
                return await AgainAsync(StatusCodes.Status409Conflict, ct);
        }
    }

    private async Task<IActionResult> AgainAsync(int status, CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        Response.StatusCode = status;
        return Page();
    }
}
