using ConsentCloud.Web.Features.Portal.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>The sign-in page; its form starts "Sign in with Microsoft" (a POST, so antiforgery covers it).</summary>
public sealed class SignInModel(IOptions<MicrosoftSignInOptions> microsoft, IOptions<DevSignInOptions> dev) : PageModel
{
    public bool MicrosoftEnabled => microsoft.Value.Enabled;

    public bool DevSignInEnabled => dev.Value.Enabled;

    public string ReturnUrl { get; private set; } = PortalPaths.Home;

    public bool Failed { get; private set; }

    public bool SignedOut { get; private set; }

    public void OnGet(string? returnUrl, string? error, string? signedOut)
    {
        ReturnUrl = PortalPaths.SafeReturnUrl(returnUrl);
        Failed = error is not null;
        SignedOut = signedOut is not null;
    }

    /// <summary>Hands over to the OpenIdConnect handler, which sends the browser to Entra's authorize endpoint.</summary>
    public IActionResult OnPost(string? returnUrl) =>
        MicrosoftEnabled
            ? Challenge(new AuthenticationProperties { RedirectUri = PortalPaths.SafeReturnUrl(returnUrl) }, MicrosoftSignIn.Scheme)
            : NotFound();
}
