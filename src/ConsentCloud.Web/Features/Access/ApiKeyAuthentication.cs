using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// Agency API keys: "cck_{agencyId}_{keyId}_{secret}" in the X-Api-Key header. The agency and key id locate one row
/// in the agency's partition (a point read); the secret is checked against its stored SHA-256 in constant time.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgencyStore agencies)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string AgencyClaim = "cc_agency";
    public const string KeyClaim = "cc_key";
    private const string Prefix = "cck";
    private const int MaxLength = 128;

    public static (string KeyId, string Secret, string PresentedKey) NewKey(AgencyId agency)
    {
        var keyId = Ids.New()[..16];
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        var secretText = Ids.Base32(secret);
        return (keyId, Hash(secretText), $"{Prefix}_{agency.Value}_{keyId}_{secretText}");
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = values.ToString();
        var parts = presented.Length <= MaxLength ? presented.Split('_') : [];
        if (parts is not [Prefix, var agencyText, var keyId, var secret] || !AgencyId.TryParse(agencyText, out var agency) ||
            !Ids.IsValid(keyId, 16) || secret.Length is 0 or > 64)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var key = await agencies.GetApiKeyAsync(agency, keyId, Context.RequestAborted);
        if (key is null || key.Revoked is not null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(Hash(secret))))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity([new Claim(AgencyClaim, agency.Value), new Claim(KeyClaim, keyId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
