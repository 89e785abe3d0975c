using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>A link or image of agency Markdown that the page shows as its text only, and why (<see cref="PolicyLinks"/>).</summary>
public sealed record DroppedLink(string Text, string Url, string Reason, string Message);

/// <summary>Agency Markdown as HTML, with the links and images that were shown as text.</summary>
public sealed record RenderedMarkdown(string Html, IReadOnlyList<DroppedLink> Dropped);

/// <summary>
/// Agency-written Markdown to safe HTML: raw HTML is off (it renders as text); links keep only the targets
/// <see cref="PolicyLinks"/> allows (relative ones resolved against the site's own domain), and anything else shows
/// its text once; images are never shown (their alt text is). Headings nest below the page's own section heading
/// (<see cref="NestHeadings"/>).
/// </summary>
public static class PolicyMarkdown
{
    public const int MaxLength = 20_000;
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    /// <param name="siteDomain">The host relative links are resolved against (https), or null to drop them.</param>
    /// <param name="topLevel">The heading level the Markdown's outermost headings get (one below the section's heading).</param>
    public static RenderedMarkdown Render(string markdown, string? siteDomain, int topLevel = 3)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        NestHeadings(document, topLevel);
        var dropped = new List<DroppedLink>();

        // Every link and autolink is collected before any is changed: unwrapping moves inlines, and a walk of the
        // tree after that could miss some.
        var links = document.Descendants<LinkInline>().ToList();
        var autolinks = document.Descendants<AutolinkInline>().ToList();
        foreach (var link in links)
        {
            var text = TextOf(link);
            if (link.IsImage)
            {
                dropped.Add(new DroppedLink(text, Cut(link.Url), "image", "Images are not shown on policy pages; the image's alt text is shown instead."));
                Unwrap(link);
            }
            else if (PolicyLinks.Resolve(link.Url, siteDomain) is { Href: { } href })
            {
                link.Url = href;
            }
            else
            {
                var refused = PolicyLinks.Resolve(link.Url, siteDomain);
                dropped.Add(new DroppedLink(text, Cut(link.Url), refused.Reason!, refused.Message!));
                Unwrap(link);
            }
        }

        foreach (var link in autolinks)
        {
            var url = link.IsEmail ? "mailto:" + link.Url : link.Url;
            if (PolicyLinks.Resolve(url, siteDomain) is { Href: null } refused)
            {
                dropped.Add(new DroppedLink(link.Url, Cut(link.Url), refused.Reason!, refused.Message!));
                link.ReplaceBy(new LiteralInline(link.Url));
            }
        }

        return new RenderedMarkdown(document.ToHtml(Pipeline), dropped);
    }

    public static string ToHtml(string markdown, string? siteDomain, int topLevel = 3) => Render(markdown, siteDomain, topLevel).Html;

    /// <summary>Whether a URL generated from tenant data (a service's privacy policy) may be a link: absolute http(s) or mailto.</summary>
    public static bool IsSafe(string? url) =>
        url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";

    /// <summary>
    /// Heading levels follow the page outline: the outermost heading of the Markdown gets <paramref name="topLevel"/>,
    /// and each heading one level below the nearest shallower heading before it (so "###" then "#####" become h3 and
    /// h4, never skipping a level), capped at h6.
    /// </summary>
    private static void NestHeadings(MarkdownDocument document, int topLevel)
    {
        var open = new Stack<(int Source, int Output)>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            while (open.Count > 0 && open.Peek().Source >= heading.Level)
            {
                open.Pop();
            }

            var output = Math.Min(6, open.Count == 0 ? topLevel : open.Peek().Output + 1);
            open.Push((heading.Level, output));
            heading.Level = output;
        }
    }

    private static string TextOf(ContainerInline link) =>
        string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()).Concat(link.Descendants<CodeInline>().Select(c => c.Content)));

    /// <summary>Replaces a link (or image) by its content: its text and emphasis stay, once, where the link was.</summary>
    private static void Unwrap(ContainerInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }

    private static string Cut(string? url) => url is null ? "" : url.Length <= 200 ? url : url[..200];
}
