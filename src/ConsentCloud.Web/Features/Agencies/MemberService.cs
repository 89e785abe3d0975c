using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Agencies;

public enum MemberOutcome
{
    Done,
    NotFound,
    Forbidden,
    LastOwner,
    AlreadyMember,
    InvalidSites,
}

/// <summary>What a change to an agency's people came to; <see cref="Detail"/> is a sentence for the person who asked.</summary>
public sealed record MemberResult(MemberOutcome Outcome, Member? Member = null, string? Detail = null)
{
    public static readonly MemberResult NotFound = new(MemberOutcome.NotFound, Detail: "No such member.");
    public static readonly MemberResult LastOwner = new(MemberOutcome.LastOwner, Detail: "An agency always keeps at least one Owner: make someone else Owner first.");

    public static MemberResult Forbidden(string detail) => new(MemberOutcome.Forbidden, Detail: detail);

    public static MemberResult InvalidSites(string detail) => new(MemberOutcome.InvalidSites, Detail: detail);
}

/// <summary>
/// The rules for an agency's people, shared by the management API and the portal: who may grant which role, which
/// sites a Member or Client viewer is given, and that the last Owner can be neither removed nor demoted.
/// </summary>
public sealed class MemberService(AgencyStore store, SiteStore sites)
{
    /// <summary>A Member's site list is bounded (a row property is at most 64 KiB; 27 bytes a key).</summary>
    public const int MaxSites = 500;

    /// <summary>Owners grant any role; Admins only the roles below their own; Members none.</summary>
    public static string? CannotGrant(AgencyRole actor, AgencyRole role) =>
        actor == AgencyRole.Owner || (actor == AgencyRole.Admin && role < AgencyRole.Admin)
            ? null
            : "Only Owners grant or change the Admin and Owner roles; Admins grant Member and Client viewer.";

    /// <summary>"{tenant guid}.{object guid}".</summary>
    public static bool IsUserKey(string value) =>
        value.Length == 73 && value[36] == '.' && Guid.TryParseExact(value[..36], "D", out _) && Guid.TryParseExact(value[37..], "D", out _);

    public async Task<MemberResult> AddAsync(AgencyId agency, AgencyRole actor, Member member, CancellationToken ct)
    {
        if (CannotGrant(actor, member.Role) is { } refusal)
        {
            return MemberResult.Forbidden(refusal);
        }

        if (await CheckSitesAsync(agency, member.Role, member.Sites, ct) is not { } checkedSites)
        {
            return SitesProblem(member.Role);
        }

        if (await store.GetMemberAsync(agency, member.UserKey, ct) is not null)
        {
            return new MemberResult(MemberOutcome.AlreadyMember, Detail: "That person is already a member; change their role instead.");
        }

        member = member with { Sites = checkedSites };
        await store.SaveMemberAsync(agency, member, ct);
        return new MemberResult(MemberOutcome.Done, member);
    }

    /// <summary>Changes a member's role and, for Members and Client viewers, their sites (null keeps the current ones).</summary>
    public async Task<MemberResult> ChangeRoleAsync(
        AgencyId agency, AgencyRole actor, string userKey, AgencyRole role, IReadOnlyList<string>? siteKeys, CancellationToken ct)
    {
        if (!IsUserKey(userKey) || await store.GetMemberAsync(agency, userKey, ct) is not { } member)
        {
            return MemberResult.NotFound;
        }

        if ((CannotGrant(actor, member.Role) ?? CannotGrant(actor, role)) is { } refusal)
        {
            return MemberResult.Forbidden(refusal);
        }

        if (await CheckSitesAsync(agency, role, siteKeys ?? member.Sites, ct) is not { } checkedSites)
        {
            return SitesProblem(role);
        }

        if (member.Role == AgencyRole.Owner && role != AgencyRole.Owner && await IsLastOwnerAsync(agency, ct))
        {
            return MemberResult.LastOwner;
        }

        member = member with { Role = role, Sites = checkedSites };
        await store.SaveMemberAsync(agency, member, ct);
        return new MemberResult(MemberOutcome.Done, member);
    }

    /// <summary>Admins remove Members and Client viewers, Owners anyone; everyone may leave. The last Owner stays.</summary>
    public async Task<MemberResult> RemoveAsync(AgencyId agency, AgencyRole actor, string? actorUserKey, string userKey, CancellationToken ct)
    {
        if (!IsUserKey(userKey) || await store.GetMemberAsync(agency, userKey, ct) is not { } member)
        {
            return MemberResult.NotFound;
        }

        var leaving = actorUserKey == userKey;
        if (!leaving && (actor < AgencyRole.Admin ? "Only Admins and Owners remove members." : CannotGrant(actor, member.Role)) is { } refusal)
        {
            return MemberResult.Forbidden(refusal);
        }

        if (member.Role == AgencyRole.Owner && await IsLastOwnerAsync(agency, ct))
        {
            return MemberResult.LastOwner;
        }

        await store.RemoveMemberAsync(agency, userKey, ct);
        return new MemberResult(MemberOutcome.Done, member);
    }

    /// <summary>
    /// The sites a role keeps, checked against the agency's own sites: exactly one for a Client viewer, any number of
    /// the agency's sites for a Member, none for Admins and Owners (they see all). Null when the list does not fit.
    /// </summary>
    public async Task<IReadOnlyList<string>?> CheckSitesAsync(AgencyId agency, AgencyRole role, IReadOnlyList<string> siteKeys, CancellationToken ct)
    {
        if (role.SeesAllSites())
        {
            return [];
        }

        var wanted = siteKeys.Distinct(StringComparer.Ordinal).ToList();
        if ((role == AgencyRole.ClientViewer && wanted.Count != 1) || wanted.Count > MaxSites || !wanted.All(k => SiteKey.TryParse(k, out _)))
        {
            return null;
        }

        var existing = (await sites.ListAsync(agency, ct)).Select(s => s.Key.Value).ToHashSet(StringComparer.Ordinal);
        return wanted.All(existing.Contains) ? wanted : null;
    }

    public async Task<bool> IsLastOwnerAsync(AgencyId agency, CancellationToken ct) =>
        (await store.ListMembersAsync(agency, ct)).Count(m => m.Role == AgencyRole.Owner) <= 1;

    private static MemberResult SitesProblem(AgencyRole role) => MemberResult.InvalidSites(role == AgencyRole.ClientViewer
        ? "A Client viewer sees exactly one of the agency's sites: choose it."
        : "Choose sites of this agency only.");
}
