using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Policies;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// The hosted policy page as it would be published now: <see cref="PolicyRenderer"/> over the site, its draft banner
/// and its draft sections (version 0, not stored). Under the portal's CSP (no script), for staff who see the site.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class PolicyPreviewModel(DraftStore banners, PolicyDraftStore policies, TimeProvider clock) : PortalPageModel
{
    public async Task<IActionResult> OnGetAsync(string? kind, string? lang, CancellationToken ct)
    {
        PolicyKind? which = kind switch { "privacy" => PolicyKind.Privacy, "cookies" => PolicyKind.Cookies, _ => null };
        if (which is not { } policyKind)
        {
            return NotFound();
        }

        var language = lang is not null && Site.Languages.Contains(lang) ? lang : Site.DefaultLanguage;
        var banner = (await banners.GetAsync(Site.Agency, Site.Key, ct))?.Config ?? DefaultBanner.For(Site.Languages);
        var draft = (await policies.GetAsync(Site.Agency, Site.Key, ct))?.Draft ?? PolicyDraft.Empty;
        var input = new PolicyInput(Site, PublishedConfig.From(Site, banner), draft, policyKind, language);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var html = PolicyRenderer.Page(input, PolicyRenderer.MainContent(input), 0, now, draft.EffectiveFrom >= today ? draft.EffectiveFrom.Value : today, []);
        return Content(html, "text/html; charset=utf-8");
    }
}
