using ConsentCloud.Web.Features.Billing;
using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Portal.SitePages;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// A site's page. Everyone who sees the site (Client viewers too) gets the overview read-only: domains, languages,
/// the published revision, policy URLs, the embed snippet. Members assigned to it also see the revisions and may
/// republish; Admins and Owners change the settings, invite a client viewer and delete. The controls are shown by
/// role and each handler declares its role, which <see cref="PortalAccessFilter"/> enforces.
/// </summary>
[SitePage(AgencyRole.ClientViewer)]
public sealed class SiteModel(
    SiteStore sites, SiteChanges changes, RevisionStore revisions, PublishService publisher, InvitationService invitations, AgencyStore agencies,
    Scanning.ScanPanel scanPanel)
    : PortalPageModel
{
    /// <summary>Revisions listed (newest first); older ones are compared by number.</summary>
    public const int MaxRevisions = 50;

    public static readonly IReadOnlyList<string> Outcomes = ["saved", "published", "invited"];

    [BindProperty]
    public SettingsInput Settings { get; set; } = new();

    [BindProperty, Required(ErrorMessage = "Give the client's e-mail address."), EmailAddress(ErrorMessage = "That is not an e-mail address."), StringLength(254)]
    public string? InviteEmail { get; set; }

    [BindProperty, StringLength(500, ErrorMessage = "A note has at most 500 characters.")]
    public string? Note { get; set; }

    /// <summary>The republish's changes are editorial: visitors are not asked again (<see cref="PublishRequest.Editorial"/>).</summary>
    [BindProperty]
    public bool Editorial { get; set; }

    public IReadOnlyList<Revision> Revisions { get; private set; } = [];

    /// <summary>Who published, by audit name ("user:…", "apikey:…"), as the page shows them.</summary>
    public IReadOnlyDictionary<string, string> Authors { get; private set; } = new Dictionary<string, string>();

    public string? Done { get; private set; }

    /// <summary>The site scanner's panel (staff only): the latest scan, its findings, "Add to draft".</summary>
    public Scanning.ScanPanelView? ScanView { get; private set; }

    /// <summary>What went wrong with the form named <see cref="ErrorFor"/> (settings, republish, invite).</summary>
    public string? Error { get; private set; }

    public string? ErrorFor { get; private set; }

    public IReadOnlyList<BannerProblem> Problems { get; private set; } = [];

    public bool IsStaff => Portal.Role >= AgencyRole.Member;

    public bool CanManage => Portal.Role >= AgencyRole.Admin;

    public string Origin => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";

    public string Snippet => $"<script src=\"{Origin}/v1/sites/{Site.Key}/banner.js\"></script>";

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is not null && Outcomes.Contains(done) ? done : null;
        await LoadAsync(resetSettings: true, ct);
    }

    /// <summary>"Scan site" (as POST …/scans).</summary>
    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct) =>
        LocalRedirect($"{PortalPaths.Site(Site.Key.Value)}?scan={await scanPanel.StartAsync(Site, ct)}#scan-heading");

    /// <summary>"Check domains" (as POST …/verification): the scanner reads only a verified domain.</summary>
    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostVerifyDomainsAsync(CancellationToken ct) =>
        LocalRedirect($"{PortalPaths.Site(Site.Key.Value)}?scan={await scanPanel.VerifyAsync(Site, ct)}#verification-heading");

    /// <summary>"Add to draft" for the ticked services of a scan (the draft only; publish to make them live).</summary>
    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostScanApplyAsync(string? scanId, string? scanVersion, List<string>? scanServices, CancellationToken ct) =>
        LocalRedirect($"{PortalPaths.Site(Site.Key.Value)}?scan={await scanPanel.ApplyAsync(Site, scanId, scanServices, scanVersion, ct)}#scan-heading");

    [HandlerRole(AgencyRole.Admin)]
    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
    {
        OnlyValidate(nameof(Settings));
        var (settings, domains, problems) = Settings.Check();
        foreach (var (field, message) in problems)
        {
            ModelState.AddModelError($"{nameof(Settings)}.{field}", message);
        }

        if (!ModelState.IsValid || settings is null || domains is null)
        {
            return await FailAsync("settings", StatusCodes.Status400BadRequest, null, ct);
        }

        if (!Conditional.TryParse(Settings.Version, out var version) || version is null)
        {
            return await ChangedAsync(ct);
        }

        var result = await changes.UpdateAsync(Portal.Agency.Id, Site.Key, version, site => site with { Consent = settings, Domains = domains }, ct);
        return result.Outcome switch
        {
            SiteChangeOutcome.Done => RedirectDone("saved", "settings"),
            SiteChangeOutcome.Changed => await ChangedAsync(ct),
            _ => NotFound(),
        };
    }

    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostRepublishAsync(CancellationToken ct)
    {
        OnlyValidate(nameof(Note));
        if (!ModelState.IsValid)
        {
            return await FailAsync("republish", StatusCodes.Status400BadRequest, null, ct);
        }

        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        switch (await publisher.PublishAsync(Site, Portal.User.AuditName, new PublishRequest { Note = note, Editorial = Editorial ? true : null }, ct))
        {
            case PublishOutcome.Published:
                return RedirectDone("published", "revisions");
            case PublishOutcome.NotEditorial refused:
                Problems = [.. refused.Changes.Select(c => new BannerProblem("editorial", c.Description))];
                return await FailAsync("republish", StatusCodes.Status400BadRequest,
                    "These changes cannot be published as editorial: they add or move a service or a category, which visitors have not agreed to.", ct);
            case PublishOutcome.NotPublishable refused:
                Problems = refused.Problems;
                return await FailAsync("republish", StatusCodes.Status400BadRequest, "The draft cannot be published yet:", ct);
            default:
                return await FailAsync("republish", StatusCodes.Status409Conflict, "Someone published this site at the same moment; look at the revisions and try again if needed.", ct);
        }
    }

    [HandlerRole(AgencyRole.Admin)]
    [AllowedWhenLapsed]
    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        OnlyValidate(nameof(InviteEmail));
        if (!ModelState.IsValid)
        {
            return await FailAsync("invite", StatusCodes.Status400BadRequest, null, ct);
        }

        var origin = Origin;
        var (_, refusal) = await invitations.InviteAsync(
            Portal.Agency, Portal.Role, Portal.User, InviteEmail!, AgencyRole.ClientViewer, [Site.Key.Value],
            token => origin + PortalPaths.Invitation(token.ToString()), ct);
        return refusal is null
            ? RedirectDone("invited", "invite")
            : await FailAsync("invite", StatusCodes.Status400BadRequest, refusal.Detail, ct);
    }

    /// <summary>Someone else saved the site since this form was made: keep the person's values, show the saved ones, and let a second save replace them.</summary>
    private async Task<IActionResult> ChangedAsync(CancellationToken ct)
    {
        var result = await FailAsync("settings", StatusCodes.Status409Conflict,
            "Someone else changed this site while you were editing. Your values are still in the form and the saved ones are shown in the overview; save again to replace them.", ct);
        if (await sites.GetAsync(Portal.Agency.Id, Site.Key, ct) is { } current)
        {
            ModelState.Remove($"{nameof(Settings)}.{nameof(SettingsInput.Version)}");
            Settings.Version = Conditional.ToHeader(current.ETag);
            Portal = Portal with { Site = current.Site };
        }

        return result;
    }

    /// <summary>Each form binds only its own fields; the others' (empty in that post) must not fail it.</summary>
    private void OnlyValidate(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private LocalRedirectResult RedirectDone(string done, string anchor) => LocalRedirect($"{PortalPaths.Site(Site.Key.Value)}?done={done}#{anchor}");

    private async Task<IActionResult> FailAsync(string form, int status, string? error, CancellationToken ct)
    {
        ErrorFor = form;
        Error = error ?? "Check the highlighted fields.";
        await LoadAsync(resetSettings: form != "settings", ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(bool resetSettings, CancellationToken ct)
    {
        if (resetSettings && CanManage && await sites.GetAsync(Portal.Agency.Id, Site.Key, ct) is { } found)
        {
            Settings = SettingsInput.From(found.Site, found.ETag);
        }

        if (IsStaff)
        {
            ScanView = await scanPanel.LoadAsync(Site, PortalPaths.Site(Site.Key.Value), HttpMethods.IsGet(Request.Method) ? Request.Query["scan"].ToString() : null, Response, ct);
        }

        if (!IsStaff)
        {
            return;
        }

        Revisions = await revisions.ListAsync(Portal.Agency.Id, Site.Key, MaxRevisions, null, ct);
        var names = new Dictionary<string, string>();
        foreach (var member in await agencies.ListMembersAsync(Portal.Agency.Id, ct))
        {
            names["user:" + member.UserKey] = member.DisplayName ?? member.Email ?? "A former member";
        }

        foreach (var author in Revisions.Select(r => r.PublishedBy).Distinct())
        {
            if (!names.ContainsKey(author))
            {
                names[author] = author.StartsWith("apikey:", StringComparison.Ordinal) ? $"API key {author[7..]}" : "A former member";
            }
        }

        Authors = names;
    }
}
