using System.Security.Claims;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Access;

/// <summary>Who is calling the management API: a signed-in person, or an agency's API key.</summary>
public abstract record Caller
{
    /// <summary>What audit fields record: "user:{tid}.{oid}" or "apikey:{keyId}". Never a token or a secret.</summary>
    public abstract string AuditName { get; }

    public static Caller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        if (principal.FindFirstValue(ApiKeyAuthentication.AgencyClaim) is { } agency &&
            principal.FindFirstValue(ApiKeyAuthentication.KeyClaim) is { } keyId &&
            AgencyId.TryParse(agency, out var agencyId))
        {
            return new ApiKeyCaller(agencyId, keyId);
        }

        return EntraClaims.GetUserKey(principal) is { } userKey
            ? new UserCaller(userKey, principal.FindFirstValue("name"), EntraClaims.GetEmail(principal))
            : null;
    }
}

public sealed record UserCaller(string UserKey, string? DisplayName, string? Email) : Caller
{
    public override string AuditName => "user:" + UserKey;
}

public sealed record ApiKeyCaller(AgencyId Agency, string KeyId) : Caller
{
    public override string AuditName => "apikey:" + KeyId;
}
