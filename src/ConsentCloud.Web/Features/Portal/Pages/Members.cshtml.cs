using ConsentCloud.Web.Features.Billing;
using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The agency's people (Owner only): members with their roles and sites, open invitations, inviting by e-mail,
/// changing roles, removing. The rules are <see cref="MemberService"/>'s and <see cref="InvitationService"/>'s, the
/// same the management API applies.
/// </summary>
[AgencyPage(AgencyRole.Owner)]
[AllowedWhenLapsed]
public sealed class MembersModel(
    AgencyStore agencies, SiteStore siteStore, MemberService members, InvitationService invitations, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PortalOptions> options)
    : PortalPageModel
{
    public static readonly IReadOnlyList<AgencyRole> Roles = [AgencyRole.Owner, AgencyRole.Admin, AgencyRole.Member, AgencyRole.ClientViewer];

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public IReadOnlyList<Invitation> Pending { get; private set; } = [];

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    /// <summary>The outcome of the last change (after a redirect), or an error to show.</summary>
    public string? Done { get; private set; }

    public string? Error { get; private set; }

    public string SiteName(string key) => Sites.FirstOrDefault(s => s.Key.Value == key)?.DisplayName ?? key;

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "invited" or "role" or "removed" or "revoked" ? done : null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return await FailAsync(StatusCodes.Status400BadRequest, null, ct);
        }

        var origin = options.Value.Origin(HttpContext);
        var (_, refusal) = await invitations.InviteAsync(
            Portal.Agency, Portal.Role, Portal.User, Invite.Email!, Invite.Role, Invite.Sites ?? [], token => origin + PortalPaths.Invitation(token.ToString()), ct);
        return refusal is null ? RedirectDone("invited") : await FailAsync(StatusCodes.Status400BadRequest, refusal.Detail, ct);
    }

    public async Task<IActionResult> OnPostRoleAsync(string userKey, AgencyRole role, [MaxLength(MemberService.MaxSites)] string[]? sites, CancellationToken ct)
    {
        ModelState.Clear();
        if (!Enum.IsDefined(role))
        {
            return await FailAsync(StatusCodes.Status400BadRequest, null, ct);
        }

        var result = await members.ChangeRoleAsync(Portal.Agency.Id, Portal.Role, userKey ?? "", role, sites ?? [], ct);
        return result.Outcome == MemberOutcome.Done ? RedirectDone("role") : await FailAsync(Status(result), result.Detail, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userKey, CancellationToken ct)
    {
        ModelState.Clear();
        var result = await members.RemoveAsync(Portal.Agency.Id, Portal.Role, Portal.User.UserKey, userKey ?? "", ct);
        if (result.Outcome == MemberOutcome.Done && userKey == Portal.User.UserKey)
        {
            return LocalRedirect(PortalPaths.Home);
        }

        return result.Outcome == MemberOutcome.Done ? RedirectDone("removed") : await FailAsync(Status(result), result.Detail, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string invitationId, CancellationToken ct)
    {
        ModelState.Clear();
        return await invitations.RevokeAsync(Portal.Agency.Id, invitationId ?? "", ct)
            ? RedirectDone("revoked")
            : await FailAsync(StatusCodes.Status404NotFound, "That invitation is no longer open.", ct);
    }

    private LocalRedirectResult RedirectDone(string done) => LocalRedirect($"{PortalPaths.Members(Portal.Agency.Id.Value)}?done={done}");

    private static int Status(MemberResult result) => result.Outcome switch
    {
        MemberOutcome.NotFound => StatusCodes.Status404NotFound,
        MemberOutcome.Forbidden => StatusCodes.Status403Forbidden,
        MemberOutcome.LastOwner or MemberOutcome.AlreadyMember => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The page again with the error (and the invite form as typed), with a status that says what went wrong.</summary>
    private async Task<IActionResult> FailAsync(int status, string? error, CancellationToken ct)
    {
        Error = error ?? "Check the highlighted fields.";
        await LoadAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Members = [.. (await agencies.ListMembersAsync(Portal.Agency.Id, ct)).OrderByDescending(m => m.Role).ThenBy(m => m.DisplayName ?? m.Email, StringComparer.CurrentCultureIgnoreCase)];
        Pending = [.. (await agencies.ListInvitationsAsync(Portal.Agency.Id, ct)).Where(i => i.IsPending(now)).OrderByDescending(i => i.Created)];
        Sites = [.. (await siteStore.ListAsync(Portal.Agency.Id, ct)).OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Give the person's e-mail address."), EmailAddress(ErrorMessage = "That is not an e-mail address."), StringLength(254)]
        public string? Email { get; set; }

        [EnumDataType(typeof(AgencyRole))]
        public AgencyRole Role { get; set; } = AgencyRole.Member;

        [MaxLength(MemberService.MaxSites)]
        public string[]? Sites { get; set; }
    }
}
