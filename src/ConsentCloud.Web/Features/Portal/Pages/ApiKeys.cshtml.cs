using ConsentCloud.Web.Features.Billing;
using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Features.Agencies;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The agency's API keys (Admins and Owners): create one (its secret is shown once, in the response to the POST, and
/// never stored) and revoke. The same <see cref="ApiKeyService"/> as the management API.
/// </summary>
[AgencyPage(AgencyRole.Admin)]
[AllowedWhenLapsed]
public sealed class ApiKeysModel(AgencyStore agencies, ApiKeyService keys) : PortalPageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Give the key a name, such as the system that will use it."), StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    public string? Name { get; set; }

    /// <summary>The new key, only in the response to its creation.</summary>
    public (string Name, string Presented)? Created { get; private set; }

    public bool Revoked { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Revoked = done == "revoked";
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var (key, presented) = await keys.CreateAsync(Portal.Agency.Id, Name!, Portal.User.AuditName, ct);
        Created = (key.Name, presented);
        Name = null;
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string keyId, CancellationToken ct)
    {
        ModelState.Clear();
        return await keys.RevokeAsync(Portal.Agency.Id, keyId ?? "", ct)
            ? LocalRedirect(PortalPaths.ApiKeys(Portal.Agency.Id.Value) + "?done=revoked")
            : NotFound();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Keys = [.. (await agencies.ListApiKeysAsync(Portal.Agency.Id, ct)).OrderBy(k => k.Revoked is not null).ThenByDescending(k => k.Created)];
}
