using Azure;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Portal.Setup;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 6: the agency-written sections of the privacy and cookie policies (Markdown, per section and site language)
/// and the date the next version takes effect, saved like PUT …/policies/draft (<see cref="PolicyRules.CheckShape"/>
/// refuses, <see cref="PolicyRules.CheckPublishable"/> tells what is missing, <see cref="PolicyReview"/> which links
/// are shown as text only and what to look at), with a preview of the hosted pages (<see cref="PolicyPreviewModel"/>).
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class PoliciesModel(PolicyDraftStore drafts, DraftStore banners, ServiceCatalogue catalogue, TimeProvider clock, SetupProgressStore progress) : WizardPageModel(progress)
{
    public override SetupStep WizardStep => SetupSteps.Policies;

    /// <summary>Section → language → Markdown, as posted or stored.</summary>
    [BindProperty]
    public Dictionary<string, Dictionary<string, string?>> Sections { get; set; } = [];

    /// <summary>The day the next published version takes effect (empty: the day it is published).</summary>
    [BindProperty]
    public DateOnly? EffectiveFrom { get; set; }

    public IReadOnlyList<PolicyProblem> Missing { get; private set; } = [];

    public IReadOnlyList<PolicyDroppedLink> DroppedLinks { get; private set; } = [];

    public IReadOnlyList<PolicyWarning> Warnings { get; private set; } = [];

    /// <summary>The latest effective-from date the form accepts.</summary>
    public DateOnly LatestEffectiveFrom => Today.AddDays(PolicyRules.MaxDaysAhead);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        var found = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        var draft = found?.Draft ?? PolicyDraft.Empty;
        Sections = PolicySections.Any.ToDictionary(s => s, s => Site.Languages.ToDictionary(l => l, l => draft.Text(s, l)));
        EffectiveFrom = draft.EffectiveFrom;
        await ReviewAsync(draft, ct);
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
            Sections = PolicySections.Any.ToDictionary(
                s => s,
                s => (IReadOnlyDictionary<string, string>)Site.Languages
                    .Where(l => !string.IsNullOrWhiteSpace(Sections.GetValueOrDefault(s)?.GetValueOrDefault(l)))
                    .ToDictionary(l => l, l => Sections[s][l]!.Trim())),
            EffectiveFrom = EffectiveFrom,
        };
        if (Request.Form.TryGetValue(nameof(EffectiveFrom), out var posted) && !string.IsNullOrWhiteSpace(posted) && EffectiveFrom is null)
        {
            ModelState.AddModelError(nameof(EffectiveFrom), "Give the date as a day of the calendar, such as 2026-12-01.");
        }

        foreach (var problem in PolicyRules.CheckShape(draft, Today))
        {
            ModelState.AddModelError(FieldOf(problem.Path), problem.Message);
        }

        await ReviewAsync(draft, ct);
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

    public IEnumerable<PolicyDroppedLink> DroppedFor(string section, string language) =>
        DroppedLinks.Where(d => d.Path == $"sections.{section}.{language}");

    public IEnumerable<PolicyWarning> WarningsFor(string section, string language) =>
        Warnings.Where(w => w.Path == $"sections.{section}.{language}");

    private async Task ReviewAsync(PolicyDraft draft, CancellationToken ct)
    {
        Missing = PolicyRules.CheckPublishable(draft, Site);
        DroppedLinks = PolicyReview.DroppedLinks(draft, Site);
        var services = (await banners.GetAsync(Site.Agency, Site.Key, ct))?.Config.Services ?? [];
        Warnings = PolicyReview.Warnings(draft, Site, services, catalogue);
    }

    /// <summary>"sections.purposes.da" → "Sections[purposes][da]"; "effectiveFrom" → "EffectiveFrom".</summary>
    private static string FieldOf(string path)
    {
        var parts = path.Split('.');
        return parts.Length == 3 ? $"Sections[{parts[1]}][{parts[2]}]" : path == "effectiveFrom" ? nameof(EffectiveFrom) : "";
    }
}
