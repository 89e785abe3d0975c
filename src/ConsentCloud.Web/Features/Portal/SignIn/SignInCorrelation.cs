using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace ConsentCloud.Web.Features.Portal.SignIn;

/// <summary>What ties a callback to the browser that started the sign-in: state, nonce and the PKCE code_verifier.</summary>
public sealed record SignInCorrelation(string State, string Nonce, string CodeVerifier, string ReturnUrl, DateTimeOffset Expires);

/// <summary>
/// Keeps <see cref="SignInCorrelation"/> in a short-lived cookie, encrypted and signed with Data Protection, limited to
/// the sign-in paths. Read once: the callback deletes it whatever the outcome, so a callback cannot be replayed.
/// </summary>
public sealed class SignInCorrelationCookie(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Name = "cc_signin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const string CookiePath = "/portal/sign-in";
    private readonly IDataProtector protector = protection.CreateProtector("ConsentCloud.Portal.SignInCorrelation.v1");

    public SignInCorrelation Create(string returnUrl) =>
        new(RandomToken(), RandomToken(), RandomToken(), returnUrl, clock.GetUtcNow() + Lifetime);

    public void Write(HttpContext http, SignInCorrelation correlation) =>
        http.Response.Cookies.Append(Name, protector.Protect(JsonSerializer.Serialize(correlation)), Options(Lifetime));

    /// <summary>The correlation of this browser's sign-in, or null (none, tampered with, expired). Always deletes the cookie.</summary>
    public SignInCorrelation? ReadAndDelete(HttpContext http)
    {
        var value = http.Request.Cookies[Name];
        if (value is null)
        {
            return null;
        }

        http.Response.Cookies.Delete(Name, Options(TimeSpan.Zero));
        try
        {
            var correlation = value.Length <= 4096 ? JsonSerializer.Deserialize<SignInCorrelation>(protector.Unprotect(value)) : null;
            return correlation is not null && correlation.Expires > clock.GetUtcNow() ? correlation : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    /// <summary>256 random bits, base64url: state, nonce and code_verifier (43 characters, within RFC 7636's 43–128).</summary>
    private static string RandomToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    internal static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static CookieOptions Options(TimeSpan maxAge) => new()
    {
        Path = CookiePath,
        HttpOnly = true,
        Secure = true,
        // Lax: Entra sends the browser back with a top-level GET (response_mode=query), which carries Lax cookies.
        SameSite = SameSiteMode.Lax,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
