using ConsentCloud.Web.Features.Demo;
using ConsentCloud.Web.Features.Portal.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// Local runs only: sign in as one of the seeded people. 404 unless Auth:DevSignIn:Enabled, which the app refuses to
/// start with outside Development (<see cref="DevSignInOptionsValidator"/>).
/// </summary>
public sealed class DevSignInModel(IOptions<DevSignInOptions> options, ILogger<DevSignInModel> logger) : PageModel
{
    public IReadOnlyList<DemoUser> Users => DemoSeed.Users;

    public string ReturnUrl { get; private set; } = PortalPaths.Home;

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = PortalPaths.SafeReturnUrl(returnUrl);
        return options.Value.Enabled ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string? userKey, string? returnUrl)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        if (Users.FirstOrDefault(u => u.UserKey == userKey) is not { } chosen)
        {
            ReturnUrl = PortalPaths.SafeReturnUrl(returnUrl);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = chosen.ToEntraUser();
        await PortalSession.SignInAsync(HttpContext, user, "development");
        PortalLog.SignedIn(logger, "development", user.TenantId);
        return LocalRedirect(PortalPaths.SafeReturnUrl(returnUrl));
    }
}
