using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// Accepting an invitation, signed in (by either sign-in method). The invitation is the credential: whoever holds the
/// link and signs in becomes the member (the e-mail address is shown, not enforced: Entra lets it differ from the
/// address a colleague was invited at).
/// </summary>
public sealed class AcceptInvitationModel(InvitationCookie cookie, InvitationService invitations, AgencyStore agencies, SiteStore sites) : PageModel
{
    public Invitation? Invitation { get; private set; }

    public Agency? Agency { get; private set; }

    public IReadOnlyList<string> SiteNames { get; private set; } = [];

    public bool AlreadyMember { get; private set; }

    public string SignedInAs { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = PortalSession.User(User)!;
        SignedInAs = user.DisplayName ?? user.Email ?? "";
        if (cookie.Read(HttpContext) is not { } token || await invitations.FindPendingAsync(token, ct) is not { } found ||
            await agencies.GetAsync(token.Agency, ct) is not { } agency)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (await agencies.GetMemberAsync(token.Agency, user.UserKey, ct) is not null)
        {
            AlreadyMember = true;
            return Page();
        }

        Invitation = found.Invitation;
        Agency = agency;
        var names = new List<string>();
        foreach (var site in found.Invitation.Sites)
        {
            if (SiteKey.TryParse(site, out var key) && await sites.GetAsync(token.Agency, key, ct) is { } s)
            {
                names.Add(s.Site.DisplayName);
            }
        }

        SiteNames = names;
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        var user = PortalSession.User(User)!;
        if (cookie.Read(HttpContext) is not { } token)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var result = await invitations.AcceptAsync(token, user, ct);
        switch (result.Outcome)
        {
            case AcceptOutcome.Accepted:
                cookie.Delete(HttpContext);
                return LocalRedirect(result.Member!.Role == AgencyRole.ClientViewer
                    ? PortalPaths.Site(result.Member.Sites[0])
                    : PortalPaths.Agency(token.Agency.Value));
            case AcceptOutcome.AlreadyMember:
                AlreadyMember = true;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
        }
    }
}
