using System.Text.Json.Serialization;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Policies;

public enum PolicyKind
{
    Privacy,
    Cookies,
}

/// <summary>
/// The agency-written parts of a site's privacy policy: Markdown per section and language. Everything else on the
/// pages (controller, rights, authority, consent, the cookie list) is generated from the site and its banner.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PolicyDraft
{
    /// <summary>Section id → language → Markdown.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Sections { get; init; }

    public static PolicyDraft Empty { get; } = new() { Sections = new Dictionary<string, IReadOnlyDictionary<string, string>>() };

    public string? Text(string section, string language) =>
        Sections.TryGetValue(section, out var texts) && texts.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}

public static class PolicySections
{
    /// <summary>In page order. The first four must be written before the policies can be published.</summary>
    public static readonly IReadOnlyList<string> All = ["purposes", "dataCollected", "recipients", "security", "transfers", "children", "other"];
    public static readonly IReadOnlyList<string> Required = ["purposes", "dataCollected", "recipients", "security"];
}

public sealed record PolicyProblem(string Path, string Message);

/// <summary>What a draft needs: known sections and languages, bounded Markdown (checked at save), and the required
/// sections in every language of the site (checked before publishing).</summary>
public static class PolicyRules
{
    public static IReadOnlyList<PolicyProblem> CheckShape(PolicyDraft draft)
    {
        var problems = new List<PolicyProblem>();
        foreach (var (section, texts) in draft.Sections)
        {
            if (!PolicySections.All.Contains(section))
            {
                problems.Add(new($"sections.{Cut(section)}", $"Unknown section; the sections are {string.Join(", ", PolicySections.All)}."));
                continue;
            }

            foreach (var (language, text) in texts)
            {
                if (!SiteLanguages.IsSupported(language))
                {
                    problems.Add(new($"sections.{section}.{Cut(language)}", "Unknown language."));
                }
                else if (text.Length > PolicyMarkdown.MaxLength)
                {
                    problems.Add(new($"sections.{section}.{language}", $"At most {PolicyMarkdown.MaxLength:N0} characters ({text.Length:N0} given)."));
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<PolicyProblem> CheckPublishable(PolicyDraft draft, Site site)
    {
        var problems = new List<PolicyProblem>();
        foreach (var section in PolicySections.Required)
        {
            foreach (var language in site.Languages.Where(l => draft.Text(section, l) is null))
            {
                problems.Add(new($"sections.{section}.{language}", $"The section '{section}' is not written in {Banners.BannerRules.LanguageName(language)}."));
            }
        }

        foreach (var section in PolicySections.All.Except(PolicySections.Required))
        {
            var written = site.Languages.Where(l => draft.Text(section, l) is not null).ToList();
            foreach (var language in written.Count > 0 ? site.Languages.Except(written) : [])
            {
                problems.Add(new($"sections.{section}.{language}", $"The section '{section}' is written in some languages but not in {Banners.BannerRules.LanguageName(language)}."));
            }
        }

        return problems;
    }

    private static string Cut(string value) => value.Length <= 32 ? value : value[..32];
}
