using System.Security.Claims;
using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>
/// The portal's own session cookie (a scheme of its own, apart from the API's bearer and API-key schemes): HttpOnly,
/// Secure, SameSite=Lax, path /portal, sliding expiry. It holds who the person is (Entra tid + oid, name, username),
/// never a token; what they may do is read from the agency's member row on every request.
/// </summary>
public static class PortalSession
{
    public const string Scheme = "PortalCookie";
    public const string Policy = "Portal";
    public const string CookieName = "cc_portal";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>How the person signed in ("microsoft" or "development"), kept in the cookie for display and audit.</summary>
    public const string MethodClaim = "cc_signin";

    /// <summary>The <see cref="MethodClaim"/> of a "Sign in with Microsoft" session.</summary>
    public const string MicrosoftMethod = "microsoft";

    public static Task SignInAsync(HttpContext http, EntraUser user, string method) =>
        http.SignInAsync(Scheme, Principal(user, method), new AuthenticationProperties { IsPersistent = false });

    /// <summary>What the cookie holds: who the person is and how they signed in, nothing else from the id_token.</summary>
    public static ClaimsPrincipal Principal(EntraUser user, string method)
    {
        var claims = new List<Claim>
        {
            new(EntraClaims.TenantId, user.TenantId.ToString("D")),
            new(EntraClaims.ObjectId, user.ObjectId.ToString("D")),
            new(MethodClaim, method),
        };
        if (user.Name is { } name)
        {
            claims.Add(new Claim(EntraClaims.Name, Bounded(name)));
        }

        if (user.Username is { } username)
        {
            claims.Add(new Claim(EntraClaims.PreferredUsername, Bounded(username)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, EntraClaims.Name, EntraClaims.Roles));
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>The signed-in person of a portal request (the cookie's user), or null.</summary>
    public static UserCaller? User(ClaimsPrincipal principal) =>
        principal.Identity?.AuthenticationType == Scheme ? Caller.From(principal) as UserCaller : null;

    internal static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.Path = PortalPaths.Home;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = PortalPaths.SignIn;
        options.LogoutPath = "/portal/sign-out";
        options.AccessDeniedPath = PortalPaths.SignIn;
        options.ReturnUrlParameter = "returnUrl";
    }

    // Claims come from a validated id_token or the seeded list, but a cookie must stay small whatever Entra sends.
    private static string Bounded(string value) => value.Length <= 200 ? value : value[..200];
}
