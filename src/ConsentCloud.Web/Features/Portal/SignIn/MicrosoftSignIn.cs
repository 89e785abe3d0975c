using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConsentCloud.Web.Features.Portal.SignIn;

/// <summary>
/// The portal's sign-in schemes: its own cookie (<see cref="PortalSession"/>) and, when the web app registration is
/// configured, "Sign in with Microsoft": Microsoft.Identity.Web's <c>AddMicrosoftIdentityWebApp</c>, that is the
/// OpenIdConnect handler doing the authorization code flow with PKCE (S256), state, the correlation and nonce cookies,
/// the code redemption and the id_token checks, multi-tenant (<c>organizations</c>), signing in to the portal cookie.
/// <see cref="MicrosoftSignInEvents"/> adds what is ours: the registered redirect URI, who may sign in, the claims the
/// cookie keeps, and the readable failure page.
/// </summary>
public static class MicrosoftSignIn
{
    public const string Scheme = "Microsoft";
    public const string CallbackPath = "/portal/sign-in/callback";

    /// <summary>How long a started sign-in may take before its callback is refused.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static AuthenticationBuilder AddPortalSignIn(this AuthenticationBuilder builder)
    {
        builder.Services.AddSingleton<MicrosoftSignInEvents>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, PortalAuthenticationSchemes>());
        builder.AddMicrosoftIdentityWebApp(
            _ => { }, PortalSession.Configure, openIdConnectScheme: Scheme, cookieScheme: PortalSession.Scheme, displayName: "Microsoft");

        // What Identity.Web reads to build the authority and validate its own options.
        builder.Services.AddOptions<MicrosoftIdentityOptions>(Scheme).Configure<IOptions<MicrosoftSignInOptions>>((identity, signIn) =>
        {
            identity.Instance = signIn.Value.Instance.TrimEnd('/') + "/";
            identity.TenantId = MicrosoftSignInOptions.Tenant;
            identity.ClientId = signIn.Value.ClientId!.Trim();
            identity.ClientSecret = signIn.Value.ClientSecret;
            identity.CallbackPath = CallbackPath;
            identity.ResponseType = OpenIdConnectResponseType.Code;
        });

        // Registered after Identity.Web's own configuration of the handler, so it runs last: nothing can loosen it.
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme)
            .Configure<IOptions<MicrosoftSignInOptions>, MicrosoftSignInEvents>((oidc, signIn, events) => Configure(oidc, signIn.Value, events));
        return builder;
    }

    private static void Configure(OpenIdConnectOptions oidc, MicrosoftSignInOptions signIn, MicrosoftSignInEvents events)
    {
        oidc.SignInScheme = PortalSession.Scheme;
        oidc.CallbackPath = CallbackPath;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        // Entra sends the browser back with a top-level GET, so the handler's cookies can be SameSite=Lax.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.Prompt = OpenIdConnectPrompt.SelectAccount;
        oidc.Scope.Clear();
        oidc.Scope.Add(OpenIdConnectScope.OpenId);
        oidc.Scope.Add("profile");
        oidc.Scope.Add(OpenIdConnectScope.Email);
        // Claims as Entra sends them (tid, oid): the token handler Identity.Web leaves in place maps them to long URIs.
        oidc.TokenHandler = new JsonWebTokenHandler { MapInboundClaims = false };
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.UseTokenLifetime = false;
        oidc.RemoteAuthenticationTimeout = Timeout;
        oidc.SkipUnrecognizedRequests = false;
        // Entra's access_denied (the person cancelled, or an admin has not consented) is a failure like any other.
        oidc.AccessDeniedPath = PathString.Empty;
        oidc.CorrelationCookie = new SignInCookie("cc_signin.correlation.");
        oidc.NonceCookie = new SignInCookie("cc_signin.nonce.");

        var metadataAddress = signIn.MetadataAddress;
        oidc.Authority = signIn.Authority;
        oidc.MetadataAddress = metadataAddress;
        oidc.RequireHttpsMetadata = !EntraOptions.IsLoopbackHttp(metadataAddress);
        oidc.Backchannel = EntraMetadata.CreateBackchannel(oidc.BackchannelHttpHandler, TimeSpan.FromSeconds(15), "ConsentCloud-Portal");
        var configurationManager = EntraMetadata.CreateConfigurationManager(metadataAddress, oidc.Backchannel);
        oidc.ConfigurationManager = configurationManager;
        oidc.TokenValidationParameters = new TokenValidationParameters
        {
            AuthenticationType = PortalSession.Scheme,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = Guid.Parse(signIn.ClientId!).ToString("D"),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            NameClaimType = EntraClaims.Name,
        };
        // Replaces the validator Identity.Web installs, which fetches the metadata again over an HTTPS-only client of
        // its own (so it would refuse the tests' loopback Entra): this one reads the handler's own metadata.
        EntraMetadata.ValidateIssuerPerTenant(oidc.TokenValidationParameters, signIn.Authority, oidc.Backchannel, configurationManager);

        events.Attach(oidc.Events);
    }
}

/// <summary>
/// The handler's correlation and nonce cookies: HttpOnly, Secure, SameSite=Lax (Entra comes back with a top-level GET),
/// limited to the callback path, and given a relative lifetime (Max-Age) only. The handler would also send an Expires
/// date from the server's clock, which a browser whose clock runs over ten minutes ahead takes as past; the deadline is
/// checked on the server (<see cref="MicrosoftSignInEvents"/>).
/// </summary>
internal sealed class SignInCookie : CookieBuilder
{
    public SignInCookie(string name)
    {
        Name = name;
        Path = MicrosoftSignIn.CallbackPath;
        HttpOnly = true;
        SecurePolicy = CookieSecurePolicy.Always;
        SameSite = SameSiteMode.Lax;
        IsEssential = true;
        MaxAge = MicrosoftSignIn.Timeout;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Expires = null;
        return options;
    }
}

/// <summary>
/// The app's authentication schemes, without the Microsoft one when no client id is configured (a local run; the
/// sign-in page then says sign-in with Microsoft is not configured): the OpenIdConnect handler refuses options
/// without a client id, and the authentication middleware sets up every remote scheme on every request. Decided here,
/// once the configuration is complete, rather than while the services are registered.
/// </summary>
internal sealed class PortalAuthenticationSchemes : AuthenticationSchemeProvider
{
    public PortalAuthenticationSchemes(IOptions<AuthenticationOptions> options, IOptions<MicrosoftSignInOptions> signIn)
        : base(options)
    {
        if (!signIn.Value.Enabled)
        {
            RemoveScheme(MicrosoftSignIn.Scheme);
        }
    }
}
