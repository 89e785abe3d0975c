using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConsentCloud.Web.Features.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace ConsentCloud.Web.Features.Portal.SignIn;

public enum SignInFailure
{
    NotConfigured,
    NoCorrelation,
    StateMismatch,
    ProviderError,
    MissingCode,
    TokenEndpointRefused,
    InvalidIdToken,
    NonceMismatch,
    NotAUser,
    TenantNotAllowed,
}

public sealed record SignInOutcome(EntraUser? User, string ReturnUrl, SignInFailure? Failure);

/// <summary>
/// "Sign in with Microsoft" (REFERENCE §5): OpenID Connect authorization code flow with PKCE (S256) against Entra ID,
/// multi-tenant, without Microsoft.AspNetCore.Authentication.OpenIdConnect. Discovery and keys come from one
/// ConfigurationManager; the code is redeemed with the client secret and the code_verifier; the id_token is validated
/// for signature (JWKS), issuer (per tenant, AadIssuerValidator), audience (our client id), lifetime and nonce.
/// Nothing here logs or returns a code, a token or the secret.
/// </summary>
public sealed class MicrosoftSignIn : IDisposable
{
    public const string CallbackPath = "/portal/sign-in/callback";
    private const int MaxTokenResponseBytes = 256 * 1024;
    private const int MaxCodeLength = 4096;

    private readonly MicrosoftSignInOptions options;
    private readonly IReadOnlySet<Guid> allowedTenants;
    private readonly SignInCorrelationCookie correlations;
    private readonly ILogger<MicrosoftSignIn> logger;
    private readonly HttpClient http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? configuration;
    private readonly TokenValidationParameters? validation;
    private readonly JsonWebTokenHandler tokens = new() { MapInboundClaims = false };

    private readonly PortalOptions portal;

    public MicrosoftSignIn(
        IOptions<MicrosoftSignInOptions> options, IOptions<PortalOptions> portal, IOptions<EntraOptions> entra, SignInCorrelationCookie correlations, ILogger<MicrosoftSignIn> logger)
    {
        this.options = options.Value;
        this.portal = portal.Value;
        allowedTenants = entra.Value.AllowedTenantIds;
        this.correlations = correlations;
        this.logger = logger;
        // Lives as long as the app: recycle pooled connections so DNS changes are picked up.
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(15),
            MaxResponseContentBufferSize = MaxTokenResponseBytes,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("ConsentCloud-Portal");
        if (!this.options.Enabled)
        {
            return;
        }

        var metadata = this.options.MetadataAddress;
        configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadata, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http) { RequireHttps = !EntraOptions.IsLoopbackHttp(metadata) });
        validation = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = Guid.Parse(this.options.ClientId!).ToString("D"),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ConfigurationManager = configuration,
            NameClaimType = EntraClaims.Name,
        };
        var issuerValidator = AadIssuerValidator.GetAadIssuerValidator(this.options.Authority, http, _ => configuration);
        validation.IssuerValidator = issuerValidator.Validate;
        validation.EnableAadSigningKeyIssuerValidation();
        validation.EnableEntraIdSigningKeyCloudInstanceValidation();
    }

    public bool Enabled => options.Enabled;

    public void Dispose() => http.Dispose();

    /// <summary>Remembers state, nonce and code_verifier in this browser and returns the authorize URL to send it to.</summary>
    public async Task<string> StartAsync(HttpContext context, string returnUrl)
    {
        var config = await configuration!.GetConfigurationAsync(context.RequestAborted);
        var correlation = correlations.Create(returnUrl);
        correlations.Write(context, correlation);
        var challenge = SignInCorrelationCookie.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(correlation.CodeVerifier)));
        return QueryString(config.AuthorizationEndpoint, new Dictionary<string, string>
        {
            ["client_id"] = options.ClientId!.Trim(),
            ["response_type"] = "code",
            ["response_mode"] = "query",
            ["redirect_uri"] = RedirectUri(context),
            ["scope"] = "openid profile email",
            ["state"] = correlation.State,
            ["nonce"] = correlation.Nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["prompt"] = "select_account",
        });
    }

    /// <summary>Handles the callback: the signed-in person, or why not (logged without any secret).</summary>
    public async Task<SignInOutcome> CompleteAsync(HttpContext context)
    {
        var correlation = correlations.ReadAndDelete(context);
        var outcome = await CompleteAsync(context, correlation);
        if (outcome.Failure is { } failure)
        {
            PortalLog.SignInFailed(logger, failure);
        }

        return outcome;
    }

    private async Task<SignInOutcome> CompleteAsync(HttpContext context, SignInCorrelation? correlation)
    {
        if (!Enabled)
        {
            return Fail(SignInFailure.NotConfigured);
        }

        if (correlation is null)
        {
            return Fail(SignInFailure.NoCorrelation);
        }

        var query = context.Request.Query;
        if (!FixedTimeEquals(query["state"].ToString(), correlation.State))
        {
            return Fail(SignInFailure.StateMismatch, correlation);
        }

        if (query.ContainsKey("error"))
        {
            return Fail(SignInFailure.ProviderError, correlation);
        }

        var code = query["code"].ToString();
        if (code.Length is 0 or > MaxCodeLength)
        {
            return Fail(SignInFailure.MissingCode, correlation);
        }

        var config = await configuration!.GetConfigurationAsync(context.RequestAborted);
        using var request = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = options.ClientId!.Trim(),
            ["client_secret"] = options.ClientSecret!,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri(context),
            ["code_verifier"] = correlation.CodeVerifier,
            ["scope"] = "openid profile email",
        });
        string? idToken;
        try
        {
            using var response = await http.PostAsync(config.TokenEndpoint, request, context.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                return Fail(SignInFailure.TokenEndpointRefused, correlation);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(context.RequestAborted));
            idToken = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id_token", out var value) &&
                value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return Fail(SignInFailure.TokenEndpointRefused, correlation);
        }

        if (idToken is null)
        {
            return Fail(SignInFailure.TokenEndpointRefused, correlation);
        }

        var result = await tokens.ValidateTokenAsync(idToken, validation);
        if (!result.IsValid)
        {
            PortalLog.IdTokenRejected(logger, result.Exception?.GetType().Name ?? "unknown");
            return Fail(SignInFailure.InvalidIdToken, correlation);
        }

        var principal = new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity);
        if (!FixedTimeEquals(principal.FindFirst("nonce")?.Value ?? "", correlation.Nonce))
        {
            return Fail(SignInFailure.NonceMismatch, correlation);
        }

        if (!EntraClaims.TryGetUser(principal, out var user))
        {
            return Fail(SignInFailure.NotAUser, correlation);
        }

        if (allowedTenants.Count > 0 && !allowedTenants.Contains(user.TenantId))
        {
            return Fail(SignInFailure.TenantNotAllowed, correlation);
        }

        return new SignInOutcome(user, correlation.ReturnUrl, null);
    }

    private string RedirectUri(HttpContext context) =>
        string.IsNullOrWhiteSpace(options.RedirectUri)
            ? portal.Origin(context) + CallbackPath
            : options.RedirectUri;

    private static SignInOutcome Fail(SignInFailure failure, SignInCorrelation? correlation = null) =>
        new(null, correlation?.ReturnUrl ?? PortalPaths.Home, failure);

    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static string QueryString(string endpoint, Dictionary<string, string> parameters) =>
        endpoint + (endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?") +
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
