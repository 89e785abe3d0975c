using System.Security.Cryptography;
using ConsentCloud.Web.Features.Portal.SignIn;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>
/// Headers on every /portal response: a CSP whose only scripts are ours with this response's nonce (no inline script
/// without it, no eval), styles from our own file, forms posting only to us (and to Entra, where the sign-in form's
/// redirect goes), no framing; no MIME sniffing; no Referer (an invitation link carries its token in the path);
/// signed-in pages are not cached.
/// </summary>
internal sealed class PortalSecurityHeaders(RequestDelegate next, IOptions<MicrosoftSignInOptions> signIn)
{
    private static readonly object NonceKey = new();
    private readonly string formAction = signIn.Value.Enabled ? $"'self' {signIn.Value.InstanceOrigin}" : "'self'";

    private static readonly object OverrideKey = new();

    /// <summary>
    /// For the few responses that need another policy (the wizard's banner step frames the live preview; the preview
    /// runs the banner): <paramref name="replace"/> gets the portal's policy and this response's nonce and returns the
    /// policy to send and whether same-origin pages may frame the response.
    /// </summary>
    public static void ReplacePolicy(HttpContext context, Func<string, string, (string Policy, bool Framable)> replace) =>
        context.Items[OverrideKey] = replace;

    /// <summary>This response's CSP nonce, for <c>&lt;script nonce="…"&gt;</c>.</summary>
    public static string Nonce(HttpContext context) => context.Items[NonceKey] as string ?? "";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var policy = $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                $"form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
            var framable = false;
            if (context.Items[OverrideKey] is Func<string, string, (string Policy, bool Framable)> replace)
            {
                (policy, framable) = replace(policy, nonce);
            }

            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = framable ? "SAMEORIGIN" : "DENY";
            if (!context.Request.Path.StartsWithSegments(PortalAssets.Path))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
