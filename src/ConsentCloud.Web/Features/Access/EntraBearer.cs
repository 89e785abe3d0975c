using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// Multi-tenant Entra ID access tokens (v2.0) on JwtBearer with Microsoft.IdentityModel.Validators' AadIssuerValidator.
/// Not AddMicrosoftIdentityWebApi: this scheme must exist, rejecting every token, when no client id is configured
/// (a local run with API keys only), which Identity.Web's options validation refuses; and Identity.Web's issuer validator
/// fetches metadata over an HTTPS-only client of its own, so it could not run against the tests' loopback fake Entra.
/// Signature, issuer and keys all come from one metadata document (<see cref="EntraOptions.EffectiveMetadataAddress"/>):
/// the issuer template "{instance}/{tenantid}/v2.0" is checked against the token's <c>tid</c>, each signing key's own
/// "issuer" too (<see cref="EntraMetadata.ValidateIssuerPerTenant"/>); then
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
        jwt.Backchannel ??= EntraMetadata.CreateBackchannel(jwt.BackchannelHttpHandler, jwt.BackchannelTimeout, "ConsentCloud-EntraBearer");

        var configurationManager = EntraMetadata.CreateConfigurationManager(metadataAddress, jwt.Backchannel);
        configurationManager.AutomaticRefreshInterval = jwt.AutomaticRefreshInterval;
        configurationManager.RefreshInterval = jwt.RefreshInterval;
        jwt.ConfigurationManager = configurationManager;
        EntraMetadata.ValidateIssuerPerTenant(jwt.TokenValidationParameters, entra.Authority, jwt.Backchannel, configurationManager);
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
}
