using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Agencies;

public enum AgencyRole
{
    Member = 1,
    Admin = 2,
    Owner = 3,
}

public sealed record Agency(AgencyId Id, string Name, string Country, DateTimeOffset Created, string CreatedBy);

/// <summary>A person in an agency, keyed by their Entra identity ("{tid}.{oid}").</summary>
public sealed record Member(string UserKey, AgencyRole Role, string? DisplayName, string? Email, DateTimeOffset Added);

/// <summary>An agency API key. Only the SHA-256 of its secret is stored; the key itself is shown once.</summary>
public sealed record ApiKey(string KeyId, string Name, string SecretHash, DateTimeOffset Created, string CreatedBy, DateTimeOffset? Revoked);
