using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Portal.Setup;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 7: what still blocks publishing (the rules the API applies), then publishing through
/// <see cref="PublishService"/> — the same as POST …/banner/publish, which also publishes the policies — and
/// afterwards the embed snippet, the policy URLs, the declaration embed and a short checklist.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class PublishModel(
    DraftStore drafts, PolicyDraftStore policyDrafts, PolicyVersionStore policyVersions, RevisionStore revisions, PublishService publisher, SetupProgressStore progress)
    : WizardPageModel(progress)
{
    public override SetupStep WizardStep => SetupSteps.Publish;

    public IReadOnlyList<BannerProblem> BannerProblems { get; private set; } = [];

    public IReadOnlyList<PolicyProblem> PolicyProblems { get; private set; } = [];

    public int PublishedRevision { get; private set; }

    /// <summary>What publishing the draft would change that asks visitors again (empty before the first publish).</summary>
    public IReadOnlyList<MaterialChange> PendingChanges { get; private set; } = [];

    /// <summary>The pending changes may be marked editorial: none adds or moves a service or category.</summary>
    public bool CanBeEditorial => PendingChanges.Count > 0 && !PendingChanges.Any(c => c.AddsPurposeOrRecipient);

    /// <summary>The publisher marks the pending changes as editorial: visitors are not asked again.</summary>
    [BindProperty]
    public bool Editorial { get; set; }

    /// <summary>Whether a privacy policy is live at /p/{site}/privacy (it is held back while required sections are missing).</summary>
    public bool PrivacyPublished { get; private set; }

    /// <summary>The privacy-policy sections that hold it back (not written in every language), by section id.</summary>
    public IReadOnlyList<string> MissingSections =>
        [.. PolicyProblems.Select(p => p.Path.Split('.')).Where(p => p is ["sections", _, ..]).Select(p => p[1]).Distinct()];

    /// <summary>Why the editorial mark was refused (the changes that add or move a service or category).</summary>
    public IReadOnlyList<MaterialChange> NotEditorial { get; private set; } = [];

    public bool JustPublished { get; private set; }

    /// <summary>This app's public origin as the browser reached it: the snippet's and the policies' host.</summary>
    public string Origin => $"{Request.Scheme}://{Request.Host}";

    public string Snippet => $"<script src=\"{Origin}/v1/sites/{Site.Key.Value}/banner.js\"></script>";

    public string DeclarationSnippet => $"<div id=\"consentcloud-declaration\"></div>\n<script src=\"{Origin}/v1/sites/{Site.Key.Value}/declaration.js\" defer></script>";

    public async Task OnGetAsync(int? published, CancellationToken ct)
    {
        JustPublished = published is > 0;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        switch (await publisher.PublishAsync(Site, Portal.User.AuditName, new PublishRequest { Editorial = Editorial ? true : null }, ct))
        {
            case PublishOutcome.NotEditorial refused:
                NotEditorial = refused.Changes;
                await LoadAsync(ct);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case PublishOutcome.Published published:
                await DoneAsync(stay: true, ct);
                return LocalRedirect(StepUrl(WizardStep) + $"?published={published.Revision.Number}");
            case PublishOutcome.NotPublishable:
                await LoadAsync(ct);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                Conflict = true;
                await LoadAsync(ct);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }

    /// <summary>The step where a problem's path is fixed.</summary>
    public static SetupStep StepFor(string path) =>
        path.StartsWith("services", StringComparison.Ordinal) || path.StartsWith("categories", StringComparison.Ordinal) ? SetupSteps.Services
        : path.StartsWith("sections", StringComparison.Ordinal) ? SetupSteps.Policies
        : path.StartsWith("cookieDomain", StringComparison.Ordinal) ? SetupSteps.Domains
        : SetupSteps.Banner;

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        var config = (await drafts.GetAsync(Site.Agency, Site.Key, ct))?.Config ?? DefaultBanner.For(Site.Languages);
        BannerProblems = BannerRules.Check(config, Site);
        PolicyProblems = PolicyRules.CheckPublishable((await policyDrafts.GetAsync(Site.Agency, Site.Key, ct))?.Draft ?? PolicyDraft.Empty, Site);
        PrivacyPublished = (await policyVersions.ListAsync(Site.Agency, Site.Key, PolicyKind.Privacy, 1, ct)).Count > 0;
        if (BannerProblems.Count == 0 && await revisions.GetLatestAsync(Site.Agency, Site.Key, ct) is { } latest)
        {
            PendingChanges = MaterialChanges.Between(latest.Document, PublishedConfig.From(Site, config));
        }

        // The site read by the access filter may predate a publish in this request: the redirect's number wins.
        PublishedRevision = Math.Max(Site.LatestRevision, int.TryParse(Request.Query["published"], out var n) && n > 0 && n <= Site.LatestRevision + 1 ? n : 0);
    }
}
