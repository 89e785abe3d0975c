using System.Security.Cryptography;
using System.Text;
using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Email;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>
/// The credential in an invitation link: "{agencyId}-{invitationId}-{secret}". Like an API key, its first parts locate
/// one row in the agency's partition (no index, no lookup across agencies); the secret (256 random bits) is checked
/// against its stored SHA-256.
/// </summary>
public readonly record struct InvitationToken(AgencyId Agency, string InvitationId, string Secret)
{
    public const int MaxLength = Ids.Length + 1 + IdLength + 1 + SecretLength;
    private const int IdLength = 16;
    private const int SecretLength = 52;

    public static InvitationToken New(AgencyId agency)
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        return new InvitationToken(agency, Ids.New()[..IdLength], Ids.Base32(secret));
    }

    public static bool TryParse(string? value, out InvitationToken token)
    {
        token = default;
        if (value is not { Length: MaxLength } || value.Split('-') is not [var agencyText, var id, var secret] ||
            !AgencyId.TryParse(agencyText, out var agency) || !Ids.IsValid(id, IdLength) || !Ids.IsValid(secret, SecretLength))
        {
            return false;
        }

        token = new InvitationToken(agency, id, secret);
        return true;
    }

    public string SecretHash => ApiKeyAuthentication.Hash(Secret);

    public override string ToString() => $"{Agency.Value}-{InvitationId}-{Secret}";
}

public enum AcceptOutcome
{
    Accepted,
    /// <summary>Unknown, wrong secret, expired, revoked or already used: all look the same to the visitor.</summary>
    NotValid,
    AlreadyMember,
}

public sealed record AcceptResult(AcceptOutcome Outcome, Member? Member = null);

/// <summary>Invitations by e-mail: an Owner (or Admin, for lower roles) invites; the person accepts once by signing in.</summary>
public sealed class InvitationService(AgencyStore store, MemberService members, IEmailSender email, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Pending invitations an agency may have at once: bounds the partition and the Members page.</summary>
    public const int MaxPending = 100;

    /// <summary>
    /// Stores the invitation and sends its link (built by <paramref name="linkFor"/> from the token, which exists only
    /// in that e-mail). Returns the invitation, or the reason there is none.
    /// </summary>
    public async Task<(Invitation? Invitation, MemberResult? Refusal)> InviteAsync(
        Agency agency, AgencyRole actor, UserCaller inviter, string emailAddress, AgencyRole role, IReadOnlyList<string> sites,
        Func<InvitationToken, string> linkFor, CancellationToken ct)
    {
        if (MemberService.CannotGrant(actor, role) is { } refusal)
        {
            return (null, MemberResult.Forbidden(refusal));
        }

        if (await members.CheckSitesAsync(agency.Id, role, sites, ct) is not { } checkedSites)
        {
            return (null, MemberResult.InvalidSites(role == AgencyRole.ClientViewer
                ? "A Client viewer sees exactly one of the agency's sites: choose it."
                : "Choose sites of this agency only."));
        }

        var now = clock.GetUtcNow();
        if ((await store.ListInvitationsAsync(agency.Id, ct)).Count(i => i.IsPending(now)) >= MaxPending)
        {
            return (null, MemberResult.Forbidden($"An agency can have at most {MaxPending} open invitations; revoke some first."));
        }

        var token = InvitationToken.New(agency.Id);
        var invitation = new Invitation(token.InvitationId, emailAddress.Trim(), role, checkedSites, token.SecretHash,
            now, inviter.AuditName, now + Lifetime, null, null, null);
        await store.AddInvitationAsync(agency.Id, invitation, ct);

        var who = inviter.DisplayName ?? inviter.Email ?? "Someone";
        await email.SendAsync(new EmailMessage(
            invitation.Email,
            $"{who} invited you to {agency.Name} on ConsentCloud",
            $"""
            {who} invited you to join {agency.Name} on ConsentCloud as {RoleName(role)}.

            Accept the invitation by opening this link and signing in (it works once, until {invitation.Expires:yyyy-MM-dd HH:mm} UTC):
            {linkFor(token)}

            If you did not expect this invitation, ignore this e-mail.
            """,
            Secret: true), ct);
        return (invitation, null);
    }

    /// <summary>The pending invitation the token stands for, or null (unknown, wrong secret, used, revoked, expired).</summary>
    public async Task<(Invitation Invitation, ETag ETag)?> FindPendingAsync(InvitationToken token, CancellationToken ct)
    {
        if (await store.GetInvitationAsync(token.Agency, token.InvitationId, ct) is not { } found ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found.Invitation.SecretHash), Encoding.ASCII.GetBytes(token.SecretHash)) ||
            !found.Invitation.IsPending(clock.GetUtcNow()))
        {
            return null;
        }

        return found;
    }

    /// <summary>
    /// Makes the signed-in person a member with the invited role. The invitation is marked used first, guarded by its
    /// ETag, so two simultaneous accepts of one link make one member.
    /// </summary>
    public async Task<AcceptResult> AcceptAsync(InvitationToken token, UserCaller user, CancellationToken ct)
    {
        if (await FindPendingAsync(token, ct) is not { } found)
        {
            return new AcceptResult(AcceptOutcome.NotValid);
        }

        if (await store.GetMemberAsync(token.Agency, user.UserKey, ct) is { } existing)
        {
            return new AcceptResult(AcceptOutcome.AlreadyMember, existing);
        }

        var invitation = found.Invitation;
        // Sites deleted since the invitation was sent are left out; a Client viewer whose site is gone gets nothing.
        var live = (await members.CheckSitesAsync(token.Agency, AgencyRole.Member, invitation.Sites, ct)) is not null
            ? invitation.Sites
            : await StillExistingAsync(token.Agency, invitation.Sites, ct);
        if (invitation.Role == AgencyRole.ClientViewer && live.Count != 1)
        {
            return new AcceptResult(AcceptOutcome.NotValid);
        }

        var now = clock.GetUtcNow();
        try
        {
            await store.UpdateInvitationAsync(token.Agency, invitation with { Accepted = now, AcceptedBy = user.AuditName }, found.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return new AcceptResult(AcceptOutcome.NotValid);
        }

        var member = new Member(user.UserKey, invitation.Role, user.DisplayName, user.Email, now) { Sites = invitation.Role.SeesAllSites() ? [] : live };
        await store.SaveMemberAsync(token.Agency, member, ct);
        return new AcceptResult(AcceptOutcome.Accepted, member);
    }

    /// <summary>False when the agency has no such pending invitation.</summary>
    public async Task<bool> RevokeAsync(AgencyId agency, string invitationId, CancellationToken ct)
    {
        if (!Ids.IsValid(invitationId, 16) || await store.GetInvitationAsync(agency, invitationId, ct) is not { } found ||
            !found.Invitation.IsPending(clock.GetUtcNow()))
        {
            return false;
        }

        try
        {
            await store.UpdateInvitationAsync(agency, found.Invitation with { Revoked = clock.GetUtcNow() }, found.ETag, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public static string RoleName(AgencyRole role) => role == AgencyRole.ClientViewer ? "Client viewer" : role.ToString();

    private async Task<IReadOnlyList<string>> StillExistingAsync(AgencyId agency, IReadOnlyList<string> sites, CancellationToken ct)
    {
        var kept = new List<string>();
        foreach (var site in sites)
        {
            if (await members.CheckSitesAsync(agency, AgencyRole.ClientViewer, [site], ct) is not null)
            {
                kept.Add(site);
            }
        }

        return kept;
    }
}
