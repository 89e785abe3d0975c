namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// Entra ID (multi-tenant) bearer tokens for the management API. Entra is enabled when <see cref="ClientId"/> is set;
/// without it (a local run with API keys only) the scheme still exists but rejects every token.
/// </summary>
public sealed class EntraOptions
{
    public const string Section = "Auth:Entra";
    public const string DefaultInstance = "https://login.microsoftonline.com";
    public const string DefaultScope = "ConsentCloud.Manage";

    /// <summary>The API's app registration (application/client) id. Empty disables Entra.</summary>
    public string? ClientId { get; set; }

    /// <summary>The Entra cloud instance, scheme and host only. Tests point it at a loopback fake.</summary>
    public string Instance { get; set; } = DefaultInstance;

    /// <summary>The delegated scope (<c>scp</c>, space-separated) every token must carry.</summary>
    public string RequiredScope { get; set; } = DefaultScope;

    /// <summary>Tenant ids allowed to authenticate; empty = any Entra organisation (data access is by agency membership).</summary>
    public string[] AllowedTenants { get; set; } = [];

    /// <summary>Optional override of the OpenID metadata document; defaults to the <see cref="Authority"/>'s.</summary>
    public string? MetadataAddress { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The multi-tenant v2.0 authority: work and school accounts of any organisation.</summary>
    public string Authority => $"{Instance.TrimEnd('/')}/organizations/v2.0";

    public string EffectiveMetadataAddress =>
        string.IsNullOrWhiteSpace(MetadataAddress) ? $"{Authority}/.well-known/openid-configuration" : MetadataAddress;

    /// <summary>v2.0 tokens carry the client id; a token requested for the app id URI carries <c>api://{client id}</c>.</summary>
    public IReadOnlyList<string> Audiences =>
        Enabled ? [NormalizedClientId, $"api://{NormalizedClientId}"] : [];

    /// <summary>The allowed tenants as GUIDs (valid after start-up validation).</summary>
    public IReadOnlySet<Guid> AllowedTenantIds =>
        AllowedTenants.Select(t => Guid.TryParse(t, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToHashSet();

    private string NormalizedClientId => Guid.TryParse(ClientId, out var id) ? id.ToString("D") : ClientId!.Trim();

    /// <summary>
    /// HTTPS is required for every metadata and key fetch, except from a loopback address (a fake on 127.0.0.1 in tests,
    /// or a developer's local stand-in): nothing on the network sits between the app and a loopback listener.
    /// </summary>
    internal static bool IsHttpsOrLoopback(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    internal static bool IsLoopbackHttp(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
}
