using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Portal.Setup;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>Step 2: the hosts that may use the banner, one per line; "*.example.dk" for every subdomain.</summary>
[SitePage(AgencyRole.Admin)]
public sealed class DomainsModel(SiteStore store, SiteService sites, RequestValidator validator, SetupProgressStore progress)
    : SiteSettingsStep(store, sites, validator, progress)
{
    /// <summary>50 domains of at most 253 characters, with line breaks.</summary>
    public const int MaxText = Sites.Domains.MaxCount * 256;

    public override SetupStep WizardStep => SetupSteps.Domains;

    [BindProperty]
    public DomainsInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = new DomainsInput { Domains = string.Join('\n', Site.Domains) };
        await LoadVersionAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(bool stay, CancellationToken ct)
    {
        var text = Input.Domains ?? "";
        if (text.Length > MaxText)
        {
            ModelState.AddModelError("Input.Domains", $"List at most {Sites.Domains.MaxCount} domains.");
            text = "";
        }

        var domains = text.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (domains.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError("Input.Domains", "Give at least one domain, such as www.example.dk.");
        }

        return SaveAsync(SiteRequests.From(Site) with { Domains = domains }, path => path.StartsWith("Domains", StringComparison.OrdinalIgnoreCase) ? nameof(DomainsInput.Domains) : null, stay, ct);
    }

    public sealed class DomainsInput
    {
        public string? Domains { get; set; }
    }
}
