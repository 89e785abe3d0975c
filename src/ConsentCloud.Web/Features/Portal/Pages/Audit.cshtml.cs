using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Reports;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>The agency's download log (exports and proof pages, from the API and the portal), newest first, for Owners.</summary>
[AgencyPage(AgencyRole.Owner)]
public sealed class AuditModel(DownloadAudit audit) : PortalPageModel
{
    public const int Max = 200;

    public IReadOnlyList<DownloadAuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Entries = await audit.ListAsync(Portal.Agency.Id, Max, ct);
}
