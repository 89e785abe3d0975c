using ConsentCloud.Web.Features.Portal.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// Where Entra sends the browser back. Success: the portal cookie and the return URL. Any failure: a readable page
/// (400) that names no reason a visitor could probe with; the reason goes to the log.
/// </summary>
public sealed class SignInCallbackModel(MicrosoftSignIn microsoft, ILogger<SignInCallbackModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await microsoft.CompleteAsync(HttpContext);
        if (outcome.User is not { } user)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await PortalSession.SignInAsync(HttpContext, user, "microsoft");
        PortalLog.SignedIn(logger, "microsoft", user.TenantId);
        return LocalRedirect(PortalPaths.SafeReturnUrl(outcome.ReturnUrl));
    }
}
