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

    /// <summary>This response's CSP nonce, for <c>&lt;script nonce="…"&gt;</c>.</summary>
    public static string Nonce(HttpContext context) => context.Items[NonceKey] as string ?? "";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                $"form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (!context.Request.Path.StartsWithSegments(PortalAssets.Path))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
