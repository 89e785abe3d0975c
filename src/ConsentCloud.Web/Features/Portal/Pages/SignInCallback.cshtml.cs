using ConsentCloud.Web.Features.Portal.SignIn;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// Where Entra sends the browser back. The OpenIdConnect handler answers a successful callback itself (the portal
/// cookie and a redirect to the return URL); this page is reached only when it did not complete
/// (<see cref="MicrosoftSignInEvents"/>) or when sign-in with Microsoft is not configured: a readable page (400)
/// that names no reason a visitor could probe with; the reason went to the log.
/// </summary>
public sealed class SignInCallbackModel(IOptions<MicrosoftSignInOptions> microsoft, ILogger<SignInCallbackModel> logger) : PageModel
{
    public void OnGet()
    {
        if (!microsoft.Value.Enabled)
        {
            PortalLog.SignInFailed(logger, SignInFailure.NotConfigured, "none");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
