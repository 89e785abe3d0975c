using System.Text.RegularExpressions;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// The URL patterns that identify a service's scripts, iframes and pixels: <c>host[/path-prefix][?name=value-prefix]</c>,
/// lower-case host. The host matches the URL's host or any subdomain of it, on a label boundary ("facebook.net"
/// matches connect.facebook.net, not evilfacebook.net); the path, when given, must prefix the URL's path; the query
/// part, when given, needs that query parameter's first value to start with that value (Google's one gtag.js serves Analytics with
/// id=G-… and Ads with id=AW-…). The banner applies the same rule (src/banner/src/autoblock.ts) and the scanner uses
/// <see cref="Matches"/>. Where several services' patterns match one URL, the longest pattern wins; services tied
/// at that length must all be allowed (the strict reading).
/// </summary>
public static partial class UrlPatterns
{
    public const int MaxPerService = 12;
    public const int MaxLength = 200;

    public const string Message = "A URL pattern is a lower-case host name, optionally followed by a path prefix and one query parameter prefix (e.g. connect.facebook.net or www.googletagmanager.com/gtag/js?id=G-), at most 200 characters.";

    public static bool IsValid(string? pattern) => pattern is { Length: > 0 and <= MaxLength } && Shape().IsMatch(pattern);

    /// <summary>Whether an absolute http(s) URL is one of the pattern's.</summary>
    public static bool Matches(string pattern, Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        var question = pattern.IndexOf('?', StringComparison.Ordinal);
        var (address, query) = question < 0 ? (pattern, "") : (pattern[..question], pattern[(question + 1)..]);
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        var (host, path) = slash < 0 ? (address, "") : (address[..slash], address[slash..]);
        var urlHost = url.IdnHost.TrimEnd('.');
        var hostMatches = urlHost.Length == host.Length
            ? string.Equals(urlHost, host, StringComparison.OrdinalIgnoreCase)
            : urlHost.Length > host.Length && urlHost[urlHost.Length - host.Length - 1] == '.' && urlHost.EndsWith(host, StringComparison.OrdinalIgnoreCase);
        if (!hostMatches || !url.AbsolutePath.StartsWith(path, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.Length == 0)
        {
            return true;
        }

        var equals = query.IndexOf('=', StringComparison.Ordinal);
        var (name, prefix) = (query[..equals], query[(equals + 1)..]);
        return System.Web.HttpUtility.ParseQueryString(url.Query).GetValues(name)?.FirstOrDefault()?.StartsWith(prefix, StringComparison.Ordinal) == true;
    }

    /// <summary>The length of the longest of <paramref name="patterns"/> that matches <paramref name="url"/>; 0 when none does.</summary>
    public static int BestMatch(IEnumerable<string> patterns, Uri url) =>
        patterns.Where(p => Matches(p, url)).Select(p => p.Length).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+(/[A-Za-z0-9._~\-/]*)?(\?[A-Za-z0-9_.\-]{1,40}=[A-Za-z0-9_.~\-]{0,60})?$")]
    private static partial Regex Shape();
}
