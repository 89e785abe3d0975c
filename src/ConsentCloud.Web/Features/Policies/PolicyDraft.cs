using System.Text.Json.Serialization;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Policies;

public enum PolicyKind
{
    Privacy,
    Cookies,
}

/// <summary>
/// The agency-written parts of a site's policies: Markdown per section and language (<see cref="PolicySections"/>:
/// the privacy policy's and the cookie policy's), and the date the next version takes effect. Everything else on the
/// pages (controller, rights, authority, consent, the cookie list) is generated from the site and its banner.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PolicyDraft
{
    /// <summary>Section id → language → Markdown.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Sections { get; init; }

    /// <summary>
    /// When the next published version takes effect (at most <see cref="PolicyRules.MaxDaysAhead"/> days ahead); when
    /// absent, or already passed at publishing, a version takes effect on the day it is published.
    /// </summary>
    public DateOnly? EffectiveFrom { get; init; }

    public static PolicyDraft Empty { get; } = new() { Sections = new Dictionary<string, IReadOnlyDictionary<string, string>>() };

    public string? Text(string section, string language) =>
        Sections.TryGetValue(section, out var texts) && texts.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}

public static class PolicySections
{
    /// <summary>The privacy policy's, in page order. The first four must be written before the policies can be published.</summary>
    public static readonly IReadOnlyList<string> All = ["purposes", "dataCollected", "recipients", "retention", "security", "transfers", "children", "other"];
    public static readonly IReadOnlyList<string> Required = ["purposes", "dataCollected", "recipients", "security"];

    /// <summary>The cookie policy's, all optional: cookie kinds and web beacons after the introduction, how to delete cookies at the end.</summary>
    public static readonly IReadOnlyList<string> Cookies = ["cookieKinds", "webBeacons", "deletingCookies"];

    /// <summary>Every section id a draft may hold.</summary>
    public static readonly IReadOnlyList<string> Any = [.. All, .. Cookies];
}

public sealed record PolicyProblem(string Path, string Message);

/// <summary>What a draft needs: known sections and languages, bounded Markdown (checked at save), and the required
/// sections in every language of the site (checked before publishing).</summary>
public static class PolicyRules
{
    /// <summary>How far ahead an effective-from date may be.</summary>
    public const int MaxDaysAhead = 30;

    public static IReadOnlyList<PolicyProblem> CheckShape(PolicyDraft draft, DateOnly today)
    {
        var problems = new List<PolicyProblem>();
        if (CheckEffectiveFrom(draft.EffectiveFrom, today) is { } late)
        {
            problems.Add(late);
        }

        foreach (var (section, texts) in draft.Sections)
        {
            if (!PolicySections.Any.Contains(section))
            {
                problems.Add(new($"sections.{Cut(section)}", $"Unknown section; the sections are {string.Join(", ", PolicySections.Any)}."));
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

    /// <summary>
    /// An effective-from date may be at most <see cref="MaxDaysAhead"/> days after <paramref name="today"/> (UTC); one
    /// earlier than yesterday is refused too (yesterday is allowed: it is already today east of UTC).
    /// </summary>
    public static PolicyProblem? CheckEffectiveFrom(DateOnly? effectiveFrom, DateOnly today) => effectiveFrom switch
    {
        { } date when date > today.AddDays(MaxDaysAhead) =>
            new("effectiveFrom", $"The effective-from date can be at most {MaxDaysAhead} days ahead (until {today.AddDays(MaxDaysAhead):yyyy-MM-dd}); {date:yyyy-MM-dd} given."),
        { } date when date < today.AddDays(-1) =>
            new("effectiveFrom", $"The effective-from date cannot be in the past ({date:yyyy-MM-dd} given); leave it out to take effect on publishing."),
        _ => null,
    };

    private static string Cut(string value) => value.Length <= 32 ? value : value[..32];
}
