using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Portal.Setup;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>Step 3: the languages the banner and policies are shown in, and the default. New languages get default banner texts.</summary>
[SitePage(AgencyRole.Admin)]
public sealed class LanguagesModel(SiteStore store, SiteService sites, RequestValidator validator, SetupProgressStore progress)
    : SiteSettingsStep(store, sites, validator, progress)
{
    /// <summary>The Nordic languages and English; a site that already has another supported one keeps it on offer.</summary>
    private static readonly string[] Usual = ["da", "nb", "sv", "fi", "en"];

    public IReadOnlyList<string> Offered => [.. Usual.Union(Site.Languages)];

    public override SetupStep WizardStep => SetupSteps.Languages;

    [BindProperty]
    public LanguagesInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = new LanguagesInput { Languages = [.. Site.Languages], DefaultLanguage = Site.DefaultLanguage };
        await LoadVersionAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(bool stay, CancellationToken ct)
    {
        var chosen = Input.Languages.Take(10).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError("Input.Languages", "Choose at least one language.");
        }
        else if (Input.DefaultLanguage is not { } defaultLanguage || !chosen.Contains(defaultLanguage))
        {
            ModelState.AddModelError("Input.DefaultLanguage", "The default language must be one of the languages chosen.");
        }

        var request = SiteRequests.From(Site) with { DefaultLanguage = Input.DefaultLanguage ?? "", Languages = chosen };
        return SaveAsync(request, path => path.StartsWith("Languages", StringComparison.OrdinalIgnoreCase) ? nameof(LanguagesInput.Languages)
            : path.StartsWith("DefaultLanguage", StringComparison.OrdinalIgnoreCase) ? nameof(LanguagesInput.DefaultLanguage) : null, stay, ct);
    }

    public sealed class LanguagesInput
    {
        public List<string> Languages { get; set; } = [];

        public string? DefaultLanguage { get; set; }
    }
}
