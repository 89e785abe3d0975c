using ConsentCloud.Web.Features.Agencies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The e-mailed link. Moves the token into an encrypted cookie and redirects to the accept page at once, so the token
/// leaves the address bar (and history, and any Referer) before sign-in; the accept page asks for sign-in if needed.
/// </summary>
public sealed class InvitationModel(InvitationCookie cookie) : PageModel
{
    public IActionResult OnGet(string token)
    {
        if (!InvitationToken.TryParse(token, out var parsed))
        {
            return NotFound();
        }

        cookie.Write(HttpContext, parsed);
        return LocalRedirect(PortalPaths.AcceptInvitation);
    }
}
