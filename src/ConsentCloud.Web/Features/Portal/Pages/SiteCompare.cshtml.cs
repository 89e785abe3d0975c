using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Portal.SitePages;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// What changed between two published revisions of a site (<see cref="RevisionDiff"/>), for the people who publish
/// it (Members assigned to the site and up). Read-only: the revisions are immutable.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class SiteCompareModel(RevisionStore revisions) : PortalPageModel
{
    public (Revision Revision, PublishedConfig Document) From { get; private set; }

    public (Revision Revision, PublishedConfig Document) To { get; private set; }

    public IReadOnlyList<ChangeGroup> Groups { get; private set; } = [];

    /// <summary>Both revisions' content hashes are equal: nothing changed in what visitors get.</summary>
    public bool SameContent => From.Revision.ContentHash == To.Revision.ContentHash;

    public async Task<IActionResult> OnGetAsync(int from, int to, CancellationToken ct)
    {
        if (from < 1 || to < 1 || await revisions.GetAsync(Portal.Agency.Id, Site.Key, from, ct) is not { } a ||
            await revisions.GetAsync(Portal.Agency.Id, Site.Key, to, ct) is not { } b)
        {
            return NotFound();
        }

        From = a;
        To = b;
        Groups = RevisionDiff.Compare(a.Document, b.Document);
        return Page();
    }
}
