using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// What the API's bearer scheme and the portal's sign-in share about Entra's metadata: one HTTP client and one
/// ConfigurationManager per scheme, and multi-tenant issuer checks that read the issuer template from that same
/// document. <see cref="AadIssuerValidator"/> would otherwise fetch its own copy over a default HTTPS-only client,
/// which also keeps it from the loopback fake the tests use.
/// </summary>
internal static class EntraMetadata
{
    public static HttpClient CreateBackchannel(HttpMessageHandler? handler, TimeSpan timeout, string userAgent)
    {
        // Lives as long as the options (the app): recycle pooled connections so DNS changes are picked up.
        var client = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15), AllowAutoRedirect = false })
        {
            Timeout = timeout,
            MaxResponseContentBufferSize = 1024 * 1024,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    public static ConfigurationManager<OpenIdConnectConfiguration> CreateConfigurationManager(string metadataAddress, HttpClient backchannel) =>
        new(metadataAddress, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(backchannel) { RequireHttps = !EntraOptions.IsLoopbackHttp(metadataAddress) });

    /// <summary>
    /// The issuer template "{instance}/{tenantid}/v2.0" checked against each token's <c>tid</c>, and each signing key's
    /// own "issuer" and cloud instance (Microsoft.IdentityModel.Validators).
    /// </summary>
    public static void ValidateIssuerPerTenant(
        TokenValidationParameters parameters, string authority, HttpClient backchannel, BaseConfigurationManager configuration)
    {
        var issuerValidator = AadIssuerValidator.GetAadIssuerValidator(authority, backchannel, _ => configuration);
        parameters.IssuerValidator = issuerValidator.Validate;
        parameters.EnableAadSigningKeyIssuerValidation();
        parameters.EnableEntraIdSigningKeyCloudInstanceValidation();
    }
}
