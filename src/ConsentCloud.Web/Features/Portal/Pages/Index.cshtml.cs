using ConsentCloud.Web.Features.Agencies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// /portal: where a signed-in person lands. No agency yet: sign up one. One: go straight to it (its dashboard, or a
/// Client viewer's site). Several: choose.
/// </summary>
public sealed class IndexModel(AgencyStore agencies) : PageModel
{
    public List<(Agency Agency, AgencyRole Role)> Agencies { get; } = [];

    /// <summary>For Client viewers: their site in each agency.</summary>
    public Dictionary<string, string> ClientSites { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = PortalSession.User(User)!;
        foreach (var agency in await agencies.ListForUserAsync(user.UserKey, ct))
        {
            if (await agencies.GetMemberAsync(agency.Id, user.UserKey, ct) is not { } member ||
                (member.Role == AgencyRole.ClientViewer && member.Sites.Count == 0))
            {
                continue;
            }

            Agencies.Add((agency, member.Role));
            if (member.Role == AgencyRole.ClientViewer)
            {
                ClientSites[agency.Id.Value] = member.Sites[0];
            }
        }

        return Agencies switch
        {
            [] => LocalRedirect(PortalPaths.NewAgency),
            [var (agency, role)] when role >= AgencyRole.Member => LocalRedirect(PortalPaths.Agency(agency.Id.Value)),
            [var (agency, _)] => LocalRedirect(PortalPaths.Site(ClientSites[agency.Id.Value])),
            _ => Page(),
        };
    }
}
