using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>Where a link of agency Markdown goes: the address to link to, or why it is shown as text only.</summary>
public readonly record struct LinkTarget(string? Href, string? Reason, string? Message);

/// <summary>
/// The link rule of agency Markdown on the hosted pages. Kept: https, http, mailto and tel links, and relative links
/// ("/kontakt", "fravalg", "../om?x=1#y"), which are resolved against https://{the site's primary domain}/ because the
/// pages are not served from the site itself; "#anchor" stays a link within the page. Shown as text only: every other
/// scheme (javascript:, data:, file:, …: reason "scheme"), a host written without a scheme ("www.example.dk/x",
/// "example.dk": "noScheme"), and relative links when the site has no domain to resolve them against ("noDomain").
/// </summary>
public static partial class PolicyLinks
{
    private static readonly string[] Schemes = ["https", "http", "mailto", "tel"];

    /// <summary>File endings that make "privatliv.html" a relative path rather than a host written without https://.</summary>
    private static readonly string[] FileEndings = ["html", "htm", "php", "asp", "aspx", "jsp", "pdf", "txt", "xml", "json"];

    /// <summary>
    /// The host relative links resolve against: the site's first exact domain other than localhost, else the base of
    /// its first wildcard ("*.shop.example.dk" → "shop.example.dk"), else null.
    /// </summary>
    public static string? PrimaryDomain(Site site) =>
        site.Domains.FirstOrDefault(d => !d.StartsWith("*.", StringComparison.Ordinal) && d != "localhost")
        ?? site.Domains.FirstOrDefault(d => d.StartsWith("*.", StringComparison.Ordinal))?[2..];

    public static LinkTarget Resolve(string? url, string? siteDomain)
    {
        var value = (url ?? "").Trim();
        if (value.Length == 0)
        {
            return Refuse("empty", "The link has no address.");
        }

        if (SchemePattern().Match(value) is { Success: true } scheme)
        {
            var name = scheme.Groups[1].Value.ToLowerInvariant();
            return Schemes.Contains(name) && Uri.TryCreate(value, UriKind.Absolute, out var absolute) && (name is "mailto" or "tel" || absolute.Host.Length > 0)
                ? new LinkTarget(value, null, null)
                : Refuse("scheme", Schemes.Contains(name)
                    ? $"'{Cut(value)}' is not a valid {name}: address."
                    : $"'{name}:' links are not allowed on policy pages; use https:, mailto: or tel:, or a path on the site such as /contact.");
        }

        if (value.StartsWith('#'))
        {
            return new LinkTarget(value, null, null);
        }

        if (value.StartsWith("//", StringComparison.Ordinal) || LooksLikeHost(value))
        {
            return Refuse("noScheme", $"'{Cut(value)}' names a host without https://; write https://{Cut(value.TrimStart('/'))} (or a path on the site such as /contact).");
        }

        if (siteDomain is null)
        {
            return Refuse("noDomain", "The site has no domain to resolve the relative link against; write the whole https:// address.");
        }

        return Uri.TryCreate(new Uri($"https://{siteDomain}/"), value, out var resolved) && resolved.Scheme == "https" && resolved.Host == siteDomain
            ? new LinkTarget(resolved.AbsoluteUri, null, null)
            : Refuse("noScheme", $"'{Cut(value)}' cannot be resolved against https://{siteDomain}/; write the whole https:// address.");
    }

    /// <summary>"www.example.dk/x" or "example.dk": the first segment has a dot, letters-only last label, and no file ending.</summary>
    private static bool LooksLikeHost(string value)
    {
        var first = value.Split('/', '?', '#')[0];
        if (first.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var labels = first.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length > 0) && HostLabel().IsMatch(labels[^1]) && !FileEndings.Contains(labels[^1].ToLowerInvariant());
    }

    private static LinkTarget Refuse(string reason, string message) => new(null, reason, message);

    private static string Cut(string value) => value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();

    [GeneratedRegex("^[A-Za-z]{2,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex HostLabel();
}
