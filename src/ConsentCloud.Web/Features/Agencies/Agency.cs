using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>
/// What a person may do in an agency, ordered by reach: each role includes what the ones below it may do, except
/// that Client viewer and Member are limited to their <see cref="Member.Sites"/>.
/// </summary>
public enum AgencyRole
{
    /// <summary>A client of the agency: one site, its reports and policy pages, read-only. Not agency staff.</summary>
    ClientViewer = 0,

    /// <summary>Agency staff working on the sites they are assigned to.</summary>
    Member = 1,

    /// <summary>All sites; API keys.</summary>
    Admin = 2,

    /// <summary>Everything, including billing and members.</summary>
    Owner = 3,
}

public static class AgencyRoles
{
    /// <summary>True when the role sees every site of the agency; otherwise only the member's assigned sites.</summary>
    public static bool SeesAllSites(this AgencyRole role) => role >= AgencyRole.Admin;
}

public sealed record Agency(AgencyId Id, string Name, string Country, DateTimeOffset Created, string CreatedBy);

/// <summary>A person in an agency, keyed by their Entra identity ("{tid}.{oid}").</summary>
public sealed record Member(string UserKey, AgencyRole Role, string? DisplayName, string? Email, DateTimeOffset Added)
{
    /// <summary>Site keys a Member is assigned to, or the one site of a Client viewer; ignored for Admins and Owners.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>Whether this member may see the site at all (what they may do there is a question of role).</summary>
    public bool CanSee(SiteKey site) => Role.SeesAllSites() || Sites.Contains(site.Value, StringComparer.Ordinal);
}

/// <summary>An agency API key. Only the SHA-256 of its secret is stored; the key itself is shown once.</summary>
public sealed record ApiKey(string KeyId, string Name, string SecretHash, DateTimeOffset Created, string CreatedBy, DateTimeOffset? Revoked);

/// <summary>
/// An invitation by e-mail address to join an agency with a role (and sites). The link carries a secret of which only
/// the SHA-256 is stored; it can be accepted once, before <see cref="Expires"/>, by whoever signs in with it.
/// </summary>
public sealed record Invitation(
    string InvitationId, string Email, AgencyRole Role, IReadOnlyList<string> Sites, string SecretHash,
    DateTimeOffset Created, string CreatedBy, DateTimeOffset Expires, DateTimeOffset? Accepted, string? AcceptedBy, DateTimeOffset? Revoked)
{
    public bool IsPending(DateTimeOffset now) => Accepted is null && Revoked is null && now < Expires;
}
