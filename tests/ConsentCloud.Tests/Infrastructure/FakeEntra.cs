using System.Net;
using System.Security.Cryptography;
using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// Entra ID on loopback, as far as ConsentCloud talks to it: OpenID discovery per tenant segment
/// (organizations / common / a tenant id) with Entra's issuer template "{base}/{tenantid}/v2.0", and the JWKS with one
/// RSA key whose "issuer" and "cloud_instance_name" are shaped as Entra publishes them. Tokens are minted with
/// <see cref="JsonWebTokenHandler"/> and validated by the app through real metadata and key retrieval.
/// Endpoints are mapped in <see cref="MapEndpoints"/>. For the portal's "Sign in with Microsoft" it also plays the
/// authorization server: /oauth2/v2.0/authorize signs in <see cref="NextSignIn"/> at once (no page) and redirects back
/// with a one-time code bound to the PKCE S256 challenge; /oauth2/v2.0/token redeems the code only with the client
/// secret, the same redirect_uri and the code_verifier matching that challenge, and answers an id_token carrying the
/// nonce (or a tampered one, <see cref="FakeSignIn.Tamper"/>).
/// </summary>
public sealed class FakeEntra : IAsyncDisposable
{
    public const string CloudInstanceName = "microsoftonline.com";
    private const string KeyId = "fake-entra-signing-key";

    /// <summary>The parts of Entra's discovery document that do not depend on the tenant or the port.</summary>
    private static readonly Dictionary<string, object> DiscoveryConstants = new()
    {
        ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
        ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" },
        ["code_challenge_methods_supported"] = new[] { "plain", "S256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "email", "oid", "tid", "ver" },
        ["tenant_region_scope"] = "EU",
        ["cloud_instance_name"] = CloudInstanceName,
    };

    private readonly WebApplication _app;
    // Generating RSA keys costs up to a second each: one pair per test process, shared by every fake.
    private static readonly Lazy<RSA> SharedKey = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> SharedForeignKey = new(() => RSA.Create(2048));

    private readonly RSA _rsa = SharedKey.Value;
    private readonly RSA _foreignRsa = SharedForeignKey.Value;
    private readonly JsonWebTokenHandler _tokens = new();
    private int _discoveryRequests;
    private int _keyRequests;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IssuedCode> _codes = new();

    private FakeEntra(WebApplication app, string baseUrl, Guid clientId)
    {
        _app = app;
        BaseUrl = baseUrl;
        ClientId = clientId;
        SigningKey = new RsaSecurityKey(_rsa) { KeyId = KeyId };
    }

    /// <summary>http://127.0.0.1:{port}, no trailing slash: the app's Auth:Entra:Instance.</summary>
    public string BaseUrl { get; }

    /// <summary>The API's app registration id that tokens are minted for (their default audience).</summary>
    public Guid ClientId { get; }

    public RsaSecurityKey SigningKey { get; }

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int KeyRequests => Volatile.Read(ref _keyRequests);

    /// <summary>The portal's web app client secret, which the token endpoint requires.</summary>
    public const string ClientSecret = "fake-entra-client-secret";

    /// <summary>Who the next /authorize request signs in (and how the id_token is to be spoiled); null refuses (access_denied).</summary>
    public FakeSignIn? NextSignIn { get; set; }

    /// <summary>Why the token endpoint last refused a request ("invalid_grant: PKCE", ...), for assertions.</summary>
    public string? LastTokenError { get; private set; }

    /// <summary>What the app's configuration needs to trust this fake (add to it, e.g. Auth:Entra:AllowedTenants:0).</summary>
    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        [$"{EntraOptions.Section}:{nameof(EntraOptions.Instance)}"] = BaseUrl,
        [$"{EntraOptions.Section}:{nameof(EntraOptions.ClientId)}"] = ClientId.ToString("D"),
        ["Auth:MicrosoftSignIn:Instance"] = BaseUrl,
        ["Auth:MicrosoftSignIn:ClientId"] = ClientId.ToString("D"),
        ["Auth:MicrosoftSignIn:ClientSecret"] = ClientSecret,
    };

    public static async Task<FakeEntra> StartAsync(Guid? clientId = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        // Endpoints read the base URL from the fake, which exists only once the port is known: map first, start, then bind.
        FakeEntra? fake = null;
        MapEndpoints(app, () => fake!);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake = new FakeEntra(app, address.TrimEnd('/'), clientId ?? Guid.NewGuid());
        return fake;
    }

    /// <summary>"{base}/{tenant}/v2.0": what Entra puts in the <c>iss</c> of a v2.0 token from that tenant.</summary>
    public string IssuerFor(Guid tenantId) => $"{BaseUrl}/{tenantId:D}/v2.0";

    public string MetadataAddressFor(string tenant) => $"{BaseUrl}/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>
    /// A v2.0 access token for this API. <paramref name="scope"/> "" leaves out <c>scp</c>; a negative
    /// <paramref name="lifetime"/> gives a token that expired that long ago. <paramref name="claims"/> adds or
    /// replaces claims, and a null value removes one (e.g. <c>["oid"] = null</c>).
    /// </summary>
    public string MintToken(
        Guid tenantId,
        Guid objectId,
        string? name = null,
        string? email = null,
        string? audience = null,
        string scope = EntraOptions.DefaultScope,
        TimeSpan? lifetime = null,
        string? issuerOverride = null,
        bool signWithForeignKey = false,
        IReadOnlyDictionary<string, object?>? claims = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        var issuedAt = expires <= now ? expires - TimeSpan.FromHours(1) : now;

        var payload = new Dictionary<string, object>
        {
            ["ver"] = "2.0",
            [EntraClaims.TenantId] = tenantId.ToString("D"),
            [EntraClaims.ObjectId] = objectId.ToString("D"),
            ["sub"] = Base64UrlEncoder.Encode(SHA256.HashData(objectId.ToByteArray())),
            ["azp"] = Guid.NewGuid().ToString("D"),
            ["uti"] = Guid.NewGuid().ToString("N"),
        };
        if (scope.Length > 0)
        {
            payload[EntraClaims.Scope] = scope;
        }

        if (name is not null)
        {
            payload[EntraClaims.Name] = name;
        }

        if (email is not null)
        {
            payload[EntraClaims.PreferredUsername] = email;
        }

        foreach (var (type, value) in claims ?? new Dictionary<string, object?>())
        {
            if (value is null)
            {
                payload.Remove(type);
            }
            else
            {
                payload[type] = value;
            }
        }

        var key = signWithForeignKey ? new RsaSecurityKey(_foreignRsa) { KeyId = KeyId } : SigningKey;
        return _tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuerOverride ?? IssuerFor(tenantId),
            Audience = audience ?? ClientId.ToString("D"),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Claims = payload,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
    }

    private static void MapEndpoints(WebApplication app, Func<FakeEntra> fake)
    {
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => fake().Discovery(tenant));
        app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => fake().Keys(tenant));
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpRequest request) => fake().Authorize(request));
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request) => fake().Token(await request.ReadFormAsync()));
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        string Get(string name) => q[name].ToString();
        if (Get("client_id") != ClientId.ToString("D") || Get("response_type") != "code" || Get("code_challenge_method") != "S256" ||
            Get("code_challenge").Length != 43 || Get("state").Length == 0 || Get("nonce").Length == 0 ||
            !Uri.TryCreate(Get("redirect_uri"), UriKind.Absolute, out var redirect))
        {
            return TypedResults.BadRequest(new { error = "invalid_request" });
        }

        if (NextSignIn is not { } user)
        {
            return TypedResults.Redirect($"{redirect}?error=access_denied&state={Uri.EscapeDataString(Get("state"))}");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new IssuedCode(Get("code_challenge"), Get("nonce"), redirect.ToString(), user);
        return TypedResults.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(Get("state"))}&session_state={Guid.NewGuid()}");
    }

    private IResult Token(IFormCollection form)
    {
        string Get(string name) => form[name].ToString();
        IResult Refuse(string error, string why)
        {
            LastTokenError = $"{error}: {why}";
            return TypedResults.BadRequest(new { error, error_description = why });
        }

        if (Get("grant_type") != "authorization_code")
        {
            return Refuse("unsupported_grant_type", "grant_type");
        }

        if (Get("client_id") != ClientId.ToString("D") || Get("client_secret") != ClientSecret)
        {
            return Refuse("invalid_client", "client");
        }

        // A code is single-use: removed on its first redemption, whatever the outcome.
        if (!_codes.TryRemove(Get("code"), out var issued))
        {
            return Refuse("invalid_grant", "code");
        }

        if (Get("redirect_uri") != issued.RedirectUri)
        {
            return Refuse("invalid_grant", "redirect_uri");
        }

        var verifier = Get("code_verifier");
        if (verifier.Length is < 43 or > 128 ||
            Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
        {
            return Refuse("invalid_grant", "PKCE");
        }

        LastTokenError = null;
        var user = issued.User;
        var idToken = MintToken(
            user.TenantId, user.ObjectId, user.Name, user.Email,
            audience: user.Tamper == IdTokenTamper.WrongAudience ? Guid.NewGuid().ToString("D") : null,
            scope: "",
            lifetime: user.Tamper == IdTokenTamper.Expired ? TimeSpan.FromMinutes(-30) : TimeSpan.FromHours(1),
            issuerOverride: user.Tamper == IdTokenTamper.WrongIssuer ? IssuerFor(Guid.NewGuid()) : null,
            signWithForeignKey: user.Tamper == IdTokenTamper.ForeignKey,
            // An id_token, not an access token: no azp (Entra's v2.0 id_tokens carry none), the nonce of the request.
            claims: new Dictionary<string, object?>
            {
                ["azp"] = null,
                ["nonce"] = user.Tamper == IdTokenTamper.WrongNonce ? "not-the-nonce" : issued.Nonce,
                [EntraClaims.ObjectId] = user.Tamper == IdTokenTamper.NoObjectId ? null : user.ObjectId.ToString("D"),
            });
        return TypedResults.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = "openid profile email",
            ["expires_in"] = 3600,
            ["access_token"] = "opaque-access-token-the-portal-never-uses",
            ["id_token"] = idToken,
        });
    }

    private sealed record IssuedCode(string Challenge, string Nonce, string RedirectUri, FakeSignIn User);

    private IResult Discovery(string tenant)
    {
        Interlocked.Increment(ref _discoveryRequests);
        if (IssuerTemplate(tenant) is not { } issuer)
        {
            return TypedResults.BadRequest(new { error = "invalid_tenant" });
        }

        var tenantUrl = $"{BaseUrl}/{tenant}";
        return TypedResults.Json(new Dictionary<string, object>(DiscoveryConstants)
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = $"{tenantUrl}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{tenantUrl}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{tenantUrl}/discovery/v2.0/keys",
        });
    }

    private IResult Keys(string tenant)
    {
        Interlocked.Increment(ref _keyRequests);
        if (IssuerTemplate(tenant) is not { } issuer)
        {
            return TypedResults.BadRequest(new { error = "invalid_tenant" });
        }

        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(includePrivateParameters: false)));
        return TypedResults.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = JsonWebAlgorithmsKeyTypes.RSA,
                    ["use"] = JsonWebKeyUseNames.Sig,
                    ["kid"] = KeyId,
                    ["n"] = jwk.N,
                    ["e"] = jwk.E,
                    ["issuer"] = issuer,
                    ["cloud_instance_name"] = CloudInstanceName,
                },
            },
        });
    }

    /// <summary>Entra answers organizations/common with the "{tenantid}" template and a tenant id with its own issuer.</summary>
    private string? IssuerTemplate(string tenant) =>
        tenant is "organizations" or "common" ? $"{BaseUrl}/{{tenantid}}/v2.0"
        : Guid.TryParseExact(tenant, "D", out var id) ? IssuerFor(id)
        : null;
}

/// <summary>How the fake spoils an id_token, for the sign-in's negative tests.</summary>
public enum IdTokenTamper
{
    None,
    WrongNonce,
    WrongAudience,
    WrongIssuer,
    Expired,
    ForeignKey,
    NoObjectId,
}

/// <summary>The person the fake's /authorize signs in next.</summary>
public sealed record FakeSignIn(Guid TenantId, Guid ObjectId, string? Name, string? Email, IdTokenTamper Tamper = IdTokenTamper.None);
