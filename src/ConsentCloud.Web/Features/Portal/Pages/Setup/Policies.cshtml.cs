using Azure;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Portal.Setup;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 6: the agency-written sections of the privacy policy (Markdown, per section and site language), saved like
/// PUT …/policies/draft (<see cref="PolicyRules.CheckShape"/> refuses, <see cref="PolicyRules.CheckPublishable"/>
/// tells what is missing), with a preview of the hosted pages rendered from the drafts (<see cref="PolicyPreviewModel"/>).
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class PoliciesModel(PolicyDraftStore drafts, SetupProgressStore progress) : WizardPageModel(progress)
{
    public override SetupStep WizardStep => SetupSteps.Policies;

    /// <summary>Section → language → Markdown, as posted or stored.</summary>
    [BindProperty]
    public Dictionary<string, Dictionary<string, string?>> Sections { get; set; } = [];

    public IReadOnlyList<PolicyProblem> Missing { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        var found = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        var draft = found?.Draft ?? PolicyDraft.Empty;
        Sections = PolicySections.All.ToDictionary(s => s, s => Site.Languages.ToDictionary(l => l, l => draft.Text(s, l)));
        Missing = PolicyRules.CheckPublishable(draft, Site);
        if (found is { } f)
        {
            Version = VersionOf(f.ETag);
        }
    }

    public async Task<IActionResult> OnPostAsync(bool stay, CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        ModelState.Clear();
        var draft = new PolicyDraft
        {
            Sections = PolicySections.All.ToDictionary(
                s => s,
                s => (IReadOnlyDictionary<string, string>)Site.Languages
                    .Where(l => !string.IsNullOrWhiteSpace(Sections.GetValueOrDefault(s)?.GetValueOrDefault(l)))
                    .ToDictionary(l => l, l => Sections[s][l]!.Trim())),
        };
        foreach (var problem in PolicyRules.CheckShape(draft))
        {
            ModelState.AddModelError(FieldOf(problem.Path), problem.Message);
        }

        Missing = PolicyRules.CheckPublishable(draft, Site);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var stored = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        var version = PostedVersion();
        if (version != stored?.ETag)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        try
        {
            await drafts.SaveAsync(Site.Agency, Site.Key, draft, version, ct);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return await DoneAsync(stay, ct);
    }

    public IEnumerable<string> MissingFor(string section, string language) =>
        Missing.Where(p => p.Path == $"sections.{section}.{language}").Select(p => p.Message);

    /// <summary>"sections.purposes.da" → "Sections[purposes][da]".</summary>
    private static string FieldOf(string path)
    {
        var parts = path.Split('.');
        return parts.Length == 3 ? $"Sections[{parts[1]}][{parts[2]}]" : "";
    }
}
