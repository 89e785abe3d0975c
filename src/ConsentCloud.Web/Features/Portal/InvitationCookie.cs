using System.Security.Cryptography;
using ConsentCloud.Web.Features.Agencies;
using Microsoft.AspNetCore.DataProtection;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>
/// Carries an invitation token from the e-mailed link through sign-in to the accept page, encrypted in a short-lived
/// cookie, so the token leaves the address bar at once and never appears in a page, a return URL or a log.
/// </summary>
public sealed class InvitationCookie(IDataProtectionProvider protection)
{
    public const string Name = "cc_invitation";
    private const string CookiePath = "/portal/invitations";
    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("ConsentCloud.Portal.Invitation.v1").ToTimeLimitedDataProtector();

    public void Write(HttpContext http, InvitationToken token) =>
        http.Response.Cookies.Append(Name, protector.Protect(token.ToString(), TimeSpan.FromHours(1)), Options());

    public InvitationToken? Read(HttpContext http)
    {
        try
        {
            return http.Request.Cookies[Name] is { Length: <= 1024 } value && InvitationToken.TryParse(protector.Unprotect(value), out var token)
                ? token
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Delete(HttpContext http) => http.Response.Cookies.Delete(Name, Options());

    private static CookieOptions Options() => new()
    {
        Path = CookiePath,
        HttpOnly = true,
        Secure = true,
        // Lax: the e-mailed link is a top-level navigation from another site; the accept page is then same-site.
        SameSite = SameSiteMode.Lax,
        MaxAge = TimeSpan.FromHours(1),
        IsEssential = true,
    };
}
