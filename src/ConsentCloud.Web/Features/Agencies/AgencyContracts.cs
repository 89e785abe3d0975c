using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Agencies;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AgencyRequest
{
    [Required, StringLength(100, MinimumLength = 1)]
    public required string Name { get; init; }

    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "Give the country as an ISO 3166 code such as DK, NO, SE or FI.")]
    public required string Country { get; init; }
}

public sealed record AgencyResponse(string Id, string Name, string Country, DateTimeOffset Created, AgencyRole? YourRole)
{
    public static AgencyResponse From(Agency agency, AgencyRole? role) =>
        new(agency.Id.Value, agency.Name, agency.Country, agency.Created, role);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddMemberRequest
{
    /// <summary>The person's Entra ID directory (tenant) id.</summary>
    [Required]
    public required Guid TenantId { get; init; }

    /// <summary>The person's Entra ID object id.</summary>
    [Required]
    public required Guid ObjectId { get; init; }

    [Required, EnumDataType(typeof(AgencyRole))]
    public required AgencyRole Role { get; init; }

    [StringLength(100)]
    public string? DisplayName { get; init; }

    [EmailAddress, StringLength(254)]
    public string? Email { get; init; }

    /// <summary>For a Member, the sites they work on; for a Client viewer, their one site. Ignored for Admins and Owners.</summary>
    [MaxLength(MemberService.MaxSites)]
    public string[]? Sites { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChangeRoleRequest
{
    [Required, EnumDataType(typeof(AgencyRole))]
    public required AgencyRole Role { get; init; }

    /// <summary>For a Member or Client viewer, the new site list; absent keeps the current one.</summary>
    [MaxLength(MemberService.MaxSites)]
    public string[]? Sites { get; init; }
}

public sealed record MemberResponse(string UserKey, AgencyRole Role, string? DisplayName, string? Email, DateTimeOffset Added, IReadOnlyList<string> Sites)
{
    public static MemberResponse From(Member m) => new(m.UserKey, m.Role, m.DisplayName, m.Email, m.Added, m.Sites);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateApiKeyRequest
{
    [Required, StringLength(100, MinimumLength = 1)]
    public required string Name { get; init; }
}

public sealed record ApiKeyResponse(string KeyId, string Name, DateTimeOffset Created, string CreatedBy, DateTimeOffset? Revoked)
{
    public static ApiKeyResponse From(ApiKey k) => new(k.KeyId, k.Name, k.Created, k.CreatedBy, k.Revoked);
}

/// <summary>The only time the key itself is shown: it is not stored and cannot be shown again.</summary>
public sealed record CreatedApiKeyResponse(string KeyId, string Name, DateTimeOffset Created, string Key);
