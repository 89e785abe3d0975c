using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// Multi-tenant Entra ID access tokens (v2.0) on JwtBearer, without Microsoft.Identity.Web (REFERENCE §5).
/// Signature, issuer and keys all come from one metadata document (<see cref="EntraOptions.EffectiveMetadataAddress"/>):
/// the issuer template "{instance}/{tenantid}/v2.0" is checked by <see cref="AadIssuerValidator"/> against the token's
/// <c>tid</c>, each signing key's own "issuer" by <c>EnableAadSigningKeyIssuerValidation</c>; then
/// <see cref="EntraBearerEvents"/> requires <c>tid</c> + <c>oid</c>, an allowed tenant and the scope.
/// Only v2.0 access tokens are accepted: the API's app registration sets <c>requestedAccessTokenVersion: 2</c>.
/// </summary>
public static class EntraBearer
{
    public const string Scheme = "Entra";

    public static AuthenticationBuilder AddEntraBearer(this AuthenticationBuilder builder)
    {
        builder.Services.AddOptions<EntraOptions>().BindConfiguration(EntraOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntraOptions>, EntraOptionsValidator>());
        builder.Services.TryAddSingleton<EntraBearerEvents>();

        builder.AddJwtBearer(Scheme);

        // Registered after AddJwtBearer so it runs after JwtBearer's own binding of Authentication:Schemes:Entra:
        // nothing in configuration can loosen what is set here.
        builder.Services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<EntraOptions>>((jwt, entra) => Configure(jwt, entra.Value));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, EntraOptions entra)
    {
        jwt.MapInboundClaims = false;
        jwt.EventsType = typeof(EntraBearerEvents);
        jwt.SaveToken = false;
        jwt.Authority = null;
        jwt.Audience = null;
        jwt.TokenValidationParameters = NewValidationParameters(entra);

        if (!entra.Enabled)
        {
            // No metadata, no keys, no audience: EntraBearerEvents rejects any bearer token before it is read.
            return;
        }

        var metadataAddress = entra.EffectiveMetadataAddress;
        jwt.MetadataAddress = metadataAddress;
        jwt.RequireHttpsMetadata = !EntraOptions.IsLoopbackHttp(metadataAddress);
        jwt.Backchannel ??= CreateBackchannel(jwt);

        var configurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadataAddress,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(jwt.Backchannel) { RequireHttps = jwt.RequireHttpsMetadata })
        {
            AutomaticRefreshInterval = jwt.AutomaticRefreshInterval,
            RefreshInterval = jwt.RefreshInterval,
        };
        jwt.ConfigurationManager = configurationManager;

        // The validator reads the issuer template from the same metadata the handler uses for keys (its provider
        // overload), instead of fetching its own copy from a derived address over a default HTTPS-only client.
        // That keeps one source of truth and lets the same code run against a loopback fake.
        var issuerValidator = AadIssuerValidator.GetAadIssuerValidator(entra.Authority, jwt.Backchannel, _ => configurationManager);
        jwt.TokenValidationParameters.IssuerValidator = issuerValidator.Validate;
        jwt.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
        jwt.TokenValidationParameters.EnableEntraIdSigningKeyCloudInstanceValidation();
    }

    private static TokenValidationParameters NewValidationParameters(EntraOptions entra) => new()
    {
        AuthenticationType = Scheme,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidAudiences = entra.Audiences,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        NameClaimType = EntraClaims.Name,
        RoleClaimType = EntraClaims.Roles,
    };

    private static HttpClient CreateBackchannel(JwtBearerOptions jwt)
    {
        // Lives as long as the options (the app): recycle pooled connections so DNS changes are picked up.
        var handler = jwt.BackchannelHttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) };
        var client = new HttpClient(handler)
        {
            Timeout = jwt.BackchannelTimeout,
            MaxResponseContentBufferSize = 1024 * 1024,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ConsentCloud-EntraBearer");
        return client;
    }
}
