using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>How a page loads something from elsewhere.</summary>
public enum ResourceKind
{
    Script,
    Iframe,
    Pixel,
    Preload,

    /// <summary>An address written in an inline script (a tag manager's or pixel's loader snippet); matched, never an unknown host.</summary>
    Inline,
}

/// <summary>One address a page loads (absolute, http or https).</summary>
public sealed record PageResource(ResourceKind Kind, Uri Url);

/// <summary>
/// What the scanner reads from a page's HTML: <c>script src</c>, <c>iframe src</c>, <c>img src</c> (pixels, those in
/// <c>noscript</c> too), <c>link rel=preload as=script</c>, and the page's <c>a href</c> links, each resolved against
/// the page's address (or its <c>base href</c>). AngleSharp's HTML5 parser, with scripting off, so the markup inside
/// <c>noscript</c> is read as elements the way a browser without JavaScript sees it. Inline scripts are not run, but
/// the absolute addresses written in them are read too (<see cref="ResourceKind.Inline"/>): the standard Google Tag
/// Manager, Meta Pixel and Hotjar snippets name their loader's URL as a string literal.
/// </summary>
public static partial class PageMarkup
{
    /// <summary>Inline script text read per script, and addresses taken from one script.</summary>
    public const int MaxInlineChars = 200_000;
    public const int MaxInlinePerScript = 50;

    public const int MaxResources = 2000;
    public const int MaxLinks = 2000;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    /// <summary>The contents of a page's <c>meta name="consentcloud-verification"</c> tags (at most this many).</summary>
    public const int MaxVerificationTags = 10;

    public static (IReadOnlyList<PageResource> Resources, IReadOnlyList<Uri> Links, IReadOnlyList<string> VerificationTags) Read(string html, Uri page)
    {
        using var document = Parser.ParseDocument(html);
        var baseUrl = document.QuerySelector("base[href]")?.GetAttribute("href") is { } href && Uri.TryCreate(page, href, out var declared) && IsWeb(declared) ? declared : page;
        var resources = new List<PageResource>();

        void Add(ResourceKind kind, string? value)
        {
            if (resources.Count < MaxResources && Resolve(baseUrl, value) is { } url)
            {
                resources.Add(new PageResource(kind, url));
            }
        }

        foreach (var element in document.QuerySelectorAll("script[src]"))
        {
            Add(ResourceKind.Script, element.GetAttribute("src"));
        }

        foreach (var element in document.QuerySelectorAll("script:not([src])"))
        {
            var type = (element.GetAttribute("type") ?? "").Trim();
            if (type.Length > 0 && !type.Contains("javascript", StringComparison.OrdinalIgnoreCase) && !type.Equals("module", StringComparison.OrdinalIgnoreCase))
            {
                continue; // JSON-LD, templates and other data blocks load nothing
            }

            var text = element.TextContent;
            text = text.Length > MaxInlineChars ? text[..MaxInlineChars] : text;
            foreach (var literal in InlineAddress().Matches(text.Replace("\\/", "/", StringComparison.Ordinal)).Take(MaxInlinePerScript))
            {
                Add(ResourceKind.Inline, literal.Value.StartsWith("//", StringComparison.Ordinal) ? "https:" + literal.Value : literal.Value);
            }
        }

        foreach (var element in document.QuerySelectorAll("iframe[src]"))
        {
            Add(ResourceKind.Iframe, element.GetAttribute("src"));
        }

        foreach (var element in document.QuerySelectorAll("img[src]"))
        {
            Add(ResourceKind.Pixel, element.GetAttribute("src"));
        }

        foreach (var element in document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = element.GetAttribute("rel") ?? "";
            if (rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r.Equals("preload", StringComparison.OrdinalIgnoreCase) || r.Equals("modulepreload", StringComparison.OrdinalIgnoreCase))
                && (element.GetAttribute("as") ?? "script").Equals("script", StringComparison.OrdinalIgnoreCase))
            {
                Add(ResourceKind.Preload, element.GetAttribute("href"));
            }
        }

        var links = document.QuerySelectorAll("a[href]")
            .Select(a => Resolve(baseUrl, a.GetAttribute("href")))
            .Where(u => u is not null)
            .Select(u => u!)
            .Take(MaxLinks)
            .ToList();
        var verification = document.QuerySelectorAll("meta[name][content]")
            .Where(m => string.Equals(m.GetAttribute("name")?.Trim(), DomainProof.MetaName, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.GetAttribute("content")!.Trim())
            .Where(c => c.Length is > 0 and <= 100)
            .Take(MaxVerificationTags)
            .ToList();
        return (resources, links, verification);
    }

    /// <summary>An absolute http(s) address without its fragment, or null.</summary>
    public static Uri? Resolve(Uri baseUrl, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 2048 || !Uri.TryCreate(baseUrl, value.Trim(), out var url) || !IsWeb(url))
        {
            return null;
        }

        return url.Fragment.Length > 0 ? new UriBuilder(url) { Fragment = "" }.Uri : url;
    }

    /// <summary>An absolute or protocol-relative address in script text: a host with a dot, then a path up to a quote.</summary>
    [GeneratedRegex(@"(?:https?:)?//[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:/[^\s'""`<>\\()]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAddress();

    private static bool IsWeb(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
}
