using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;

namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// Reads Entra ID claims, as sent (the scheme keeps <c>MapInboundClaims = false</c>). A principal is usable only with
/// exactly one <c>tid</c> and one <c>oid</c>, both GUIDs; anything else yields null, never a half-identified user.
/// </summary>
public static class EntraClaims
{
    public const string TenantId = "tid";
    public const string ObjectId = "oid";
    public const string Scope = "scp";
    public const string Roles = "roles";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";
    public const string Email = "email";

    public static bool TryGetUser(ClaimsPrincipal principal, [NotNullWhen(true)] out EntraUser? user)
    {
        user = null;
        if (SingleGuid(principal, TenantId) is not { } tenant || SingleGuid(principal, ObjectId) is not { } objectId)
        {
            return false;
        }

        user = new EntraUser(tenant, objectId, NonEmpty(principal, Name), GetEmail(principal));
        return true;
    }

    /// <summary>"{tid}.{oid}" in lower case, or null when the principal is not a usable Entra user.</summary>
    public static string? GetUserKey(ClaimsPrincipal principal) => TryGetUser(principal, out var user) ? user.UserKey : null;

    public static Guid? GetTenantId(ClaimsPrincipal principal) => SingleGuid(principal, TenantId);

    public static Guid? GetObjectId(ClaimsPrincipal principal) => SingleGuid(principal, ObjectId);

    public static string? GetName(ClaimsPrincipal principal) => NonEmpty(principal, Name);

    /// <summary><c>preferred_username</c>, else <c>email</c>. Display only: Entra lets users and admins change both.</summary>
    public static string? GetEmail(ClaimsPrincipal principal) => NonEmpty(principal, PreferredUsername) ?? NonEmpty(principal, Email);

    /// <summary>True when a delegated <c>scp</c> claim (space-separated) holds <paramref name="scope"/> exactly.</summary>
    public static bool HasScope(ClaimsPrincipal principal, string scope) =>
        principal.FindAll(Scope).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));

    private static Guid? SingleGuid(ClaimsPrincipal principal, string type)
    {
        using var claims = principal.FindAll(type).GetEnumerator();
        if (!claims.MoveNext())
        {
            return null;
        }

        var value = claims.Current.Value;
        return !claims.MoveNext() && Guid.TryParseExact(value, "D", out var id) && id != Guid.Empty ? id : null;
    }

    private static string? NonEmpty(ClaimsPrincipal principal, string type) =>
        principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;
}
