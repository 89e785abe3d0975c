using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>Sign-out is a POST (antiforgery-checked) so no link or image elsewhere can sign a person out.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(PortalPaths.Home);

    public async Task<IActionResult> OnPostAsync()
    {
        await PortalSession.SignOutAsync(HttpContext);
        return LocalRedirect(PortalPaths.SignIn + "?signedOut=1");
    }
}
