using System.ComponentModel.DataAnnotations;

namespace ConsentCloud.Web.Features.Portal;

public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The portal's public origin (https://portal.example.com), for links in e-mails and the sign-in redirect URI.
    /// Set it in Azure: behind the Functions host the app sees loopback http requests. Empty = the request's origin.
    /// </summary>
    [Url, StringLength(200)]
    public string? PublicOrigin { get; set; }

    public string Origin(HttpContext http) =>
        string.IsNullOrWhiteSpace(PublicOrigin) ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" : PublicOrigin.TrimEnd('/');
}
