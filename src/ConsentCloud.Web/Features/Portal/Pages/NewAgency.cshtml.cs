using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Features.Agencies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>Agency sign-up: any signed-in person creates an agency and becomes its first Owner.</summary>
public sealed class NewAgencyModel(AgencySignUp signUp) : PageModel
{
    public static readonly IReadOnlyList<string> Countries = ["DK", "NO", "SE", "FI", "IS", "DE", "NL", "GB", "IE", "EE", "LV", "LT", "PL"];

    [BindProperty]
    public AgencyInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Countries.Contains(Input.Country))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Country)}", "Choose a country from the list.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var agency = await signUp.SignUpAsync(Input.Name!, Input.Country!, PortalSession.User(User)!, ct);
        return LocalRedirect(PortalPaths.Agency(agency.Id.Value));
    }

    public sealed class AgencyInput
    {
        [Required(ErrorMessage = "Give your agency's name."), StringLength(100, ErrorMessage = "Use at most 100 characters.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Choose a country."), StringLength(2)]
        public string? Country { get; set; } = "DK";
    }
}
