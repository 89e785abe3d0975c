using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The proof of one consent id of the site: the printable proof page (<see cref="ProofPage.Render"/>, its own strict
/// policy instead of the portal's), audited before it is served. An unknown or malformed id is the portal's 404 page.
/// The id comes from the path, or from the lookup form's query (?consentId=) on the reports page.
/// </summary>
[SitePage(AgencyRole.ClientViewer)]
public sealed class ReportProofModel(ConsentProof proofs, DownloadAudit audit, TimeProvider clock) : PortalPageModel
{
    public async Task<IActionResult> OnGetAsync(string? consentId, CancellationToken ct)
    {
        if (!Guid.TryParseExact(consentId?.Trim(), "D", out var id) || await proofs.GetAsync(Site, id, ct) is not { } proof)
        {
            return NotFound();
        }

        await audit.RecordAsync(Portal.Agency.Id, new DownloadAuditEntry(
            clock.GetUtcNow(), Portal.User.AuditName, Site.Key.Value, DownloadAuditEntry.ProofKind, null, null, "html", null, id), ct);
        PortalSecurityHeaders.ReplacePolicy(HttpContext, (_, _) => (ProofPage.ContentSecurityPolicy, false));
        return Content(ProofPage.Render(proof), "text/html; charset=utf-8");
    }
}
