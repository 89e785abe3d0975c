using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>What the portal's scan panel (Pages/Shared/_SiteScan.cshtml) shows: the latest scan, and the draft version "Add to draft" posts back.</summary>
/// <param name="PageUrl">The page the panel is on (its forms post there; a running scan reloads it).</param>
/// <param name="Notice">The outcome of the last form (<see cref="ScanPanel.Notices"/>), or null.</param>
/// <param name="Verification">The site's domains and their verification (the scanner reads only a verified one).</param>
/// <param name="Snippet">The site's embed snippet (its banner on the home page verifies the domain).</param>
public sealed record ScanPanelView(string SiteKey, string PageUrl, SiteScan? Latest, string? DraftVersion, string? Notice, int MaxPages, DomainVerificationView Verification, string Snippet)
{
    public string CustomServiceUrl => $"/portal/sites/{SiteKey}/setup/services#custom-heading";
}

/// <summary>
/// The portal's "Scan site" and "Add to draft" for the wizard's services step and the site page alike (both post to
/// their own page, handlers Scan and ScanApply, and redirect back with a notice). While a scan is queued or running
/// the page answers with a Refresh header (every 3 s), so progress shows without JavaScript.
/// </summary>
public sealed class ScanPanel(ScanStore scans, ScanService scanner, DomainVerifier verifier, DraftStore drafts, TimeProvider clock, IOptions<ScanOptions> options)
{
    public const int RefreshSeconds = 3;

    public static readonly IReadOnlyList<string> Notices = ["queued", "busy", "limited", "added", "conflict", "invalid", "none", "verified", "notVerified", "checkedRecently"];

    public async Task<ScanPanelView> LoadAsync(Site site, string pageUrl, string? notice, HttpResponse response, CancellationToken ct)
    {
        var recent = await scans.ListAsync(site.Agency, site.Key, ct);
        var draft = await drafts.GetAsync(site.Agency, site.Key, ct);
        var latest = recent.Count > 0 ? recent[0].DeclaredIn(draft?.Config.Services.Select(s => s.Id) ?? []) : null;
        if (latest is { IsActive: true } && clock.GetUtcNow() - latest.RequestedAt < ScanService.StaleAfter)
        {
            response.Headers["Refresh"] = $"{RefreshSeconds}; url={pageUrl}#scan-heading";
        }

        var request = response.HttpContext.Request;
        var snippet = $"<script src=\"{request.Scheme}://{request.Host}{request.PathBase}/v1/sites/{site.Key}/banner.js\"></script>";
        return new ScanPanelView(site.Key.Value, pageUrl, latest, draft is { } d ? Conditional.ToHeader(d.ETag) : null,
            notice is not null && Notices.Contains(notice) ? notice : null, options.Value.MaxPages, await verifier.ViewAsync(site, ct), snippet);
    }

    /// <summary>"Check domains" (as POST …/verification); answers the notice to show.</summary>
    public async Task<string> VerifyAsync(Site site, CancellationToken ct) => (await verifier.CheckAllAsync(site, ct)).View switch
    {
        null => "checkedRecently",
        { AnyVerified: true } => "verified",
        _ => "notVerified",
    };

    /// <summary>Queues a scan; answers the notice to show.</summary>
    public async Task<string> StartAsync(Site site, CancellationToken ct) => await scanner.RequestAsync(site, ct) switch
    {
        ScanRequestOutcome.Queued => "queued",
        ScanRequestOutcome.Busy => "busy",
        _ => "limited",
    };

    /// <summary>Adds the ticked services of a finished scan over the draft version the form was loaded with; answers the notice.</summary>
    public async Task<string> ApplyAsync(Site site, string? scanId, IReadOnlyList<string>? chosen, string? version, CancellationToken ct)
    {
        if (chosen is not { Count: > 0 })
        {
            return "none";
        }

        if (scanId is null || await scans.GetAsync(site.Agency, site.Key, scanId, ct) is not { } scan || chosen.Count > 50)
        {
            return "invalid";
        }

        if (!Conditional.TryParse(version, out var ifMatch) || ifMatch is null)
        {
            return "conflict";
        }

        return await scanner.ApplyAsync(site, scan, chosen, ifMatch, ct) switch
        {
            ScanApplyOutcome.Added => "added",
            ScanApplyOutcome.Concurrent => "conflict",
            _ => "invalid",
        };
    }
}
