using System.Globalization;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>
/// The hosts allowed to use a site's banner: exact host names ("www.example.dk") and wildcard subdomains
/// ("*.example.dk", which matches any subdomain but not example.dk itself). Stored in ASCII (IDN as punycode).
/// </summary>
public static class Domains
{
    public const int MaxCount = 50;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The canonical form of an entry, or null with a reason.</summary>
    public static string? Normalise(string entry, out string? error)
    {
        error = null;
        var text = entry.Trim().TrimEnd('.').ToLowerInvariant();
        var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        var host = wildcard ? text[2..] : text;
        if (host.Length is 0 or > 253 || host.Contains('*', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
        {
            error = $"'{Shorten(entry)}' is not a host name: give a host such as www.example.dk or *.example.dk, without scheme, port or path.";
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(host);
        }
        catch (ArgumentException)
        {
            error = $"'{Shorten(entry)}' is not a valid host name.";
            return null;
        }

        var labels = ascii.Split('.');
        if (ascii != "localhost" && (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63)))
        {
            error = $"'{Shorten(entry)}' needs a domain and a top-level domain, such as example.dk.";
            return null;
        }

        return wildcard ? "*." + ascii : ascii;
    }

    /// <summary>Whether a request's host belongs to the site: an exact match, or a subdomain of a wildcard entry.</summary>
    public static bool Matches(IEnumerable<string> domains, string host)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        foreach (var domain in domains)
        {
            if (domain.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(domain[1..], StringComparison.Ordinal) && host.Length > domain.Length - 1
                : host == domain)
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
