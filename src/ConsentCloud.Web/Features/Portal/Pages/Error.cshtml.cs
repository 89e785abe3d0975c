using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The portal's readable error page, re-executed for 4xx/5xx responses without a body and for exceptions under
/// /portal (PortalSetup.UsePortal). The status code stays the original one. Any method: a failed POST lands here too.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Key { get; private set; } = "Error.NotFound";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        Key = code switch
        {
            400 => "Error.BadRequest",
            402 => "Error.Locked",
            403 => "Error.Forbidden",
            404 or 405 => "Error.NotFound",
            413 => "Error.TooLarge",
            _ when code >= 500 => "Error.Server",
            _ => "Error.BadRequest",
        };
        return Page();
    }
}
