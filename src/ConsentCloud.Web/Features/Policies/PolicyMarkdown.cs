using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>
/// Agency-written Markdown to safe HTML: raw HTML is off (it renders as text), links keep only http, https and mailto
/// targets (anything else becomes plain text), and images are not shown. Headings are shifted below the page's own.
/// </summary>
public static class PolicyMarkdown
{
    public const int MaxLength = 20_000;
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + 2);
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage || !IsSafe(link.Url))
            {
                Unwrap(link);
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafe(link.IsEmail ? "mailto:" + link.Url : link.Url))
            {
                link.ReplaceBy(new LiteralInline(link.Url));
            }
        }

        return document.ToHtml(Pipeline);
    }

    public static bool IsSafe(string? url) =>
        url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";

    /// <summary>Replaces a link (or image) by its text.</summary>
    private static void Unwrap(LinkInline link)
    {
        var text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
        link.ReplaceBy(new LiteralInline(text));
    }
}
