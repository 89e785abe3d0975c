namespace ConsentCloud.Web.Features.Access;

/// <summary>A person signed in with Entra ID: who they are (tenant + object id) and how to show them.</summary>
/// <param name="Username"><c>preferred_username</c>, else <c>email</c>: for display only, never for authorisation (users can change it).</param>
public sealed record EntraUser(Guid TenantId, Guid ObjectId, string? Name, string? Username)
{
    /// <summary>The stable key of a person across the app: "{tid}.{oid}", lower-case GUIDs.</summary>
    public string UserKey => $"{TenantId:D}.{ObjectId:D}";
}
