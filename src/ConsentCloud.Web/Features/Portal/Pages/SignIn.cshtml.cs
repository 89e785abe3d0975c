using ConsentCloud.Web.Features.Portal.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>The sign-in page; its form starts "Sign in with Microsoft" (a POST, so antiforgery covers it).</summary>
public sealed class SignInModel(MicrosoftSignIn microsoft, IOptions<DevSignInOptions> dev) : PageModel
{
    public bool MicrosoftEnabled => microsoft.Enabled;

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

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (!microsoft.Enabled)
        {
            return NotFound();
        }

        return Redirect(await microsoft.StartAsync(HttpContext, PortalPaths.SafeReturnUrl(returnUrl)));
    }
}
