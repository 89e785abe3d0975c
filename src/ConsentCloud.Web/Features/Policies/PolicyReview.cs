using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>A link or image of one section in one language that the pages show as text only.</summary>
/// <param name="Path">"sections.{section}.{language}", like <see cref="PolicyProblem.Path"/>.</param>
/// <param name="Reason">image, scheme, noScheme, noDomain or empty (<see cref="PolicyLinks"/>).</param>
public sealed record PolicyDroppedLink(string Path, string Text, string Url, string Reason, string Message);

/// <summary>Something the agency should look at that does not stop publishing.</summary>
/// <param name="Code">transferContradiction, or partialSection (a cookie-page section missing in some site languages).</param>
public sealed record PolicyWarning(string Code, string Path, string Message);

/// <summary>
/// What the API's answers (and the portal's policies page) tell the agency about its sections beyond what blocks
/// publishing: the links and images shown as text only, and warnings.
/// </summary>
public static partial class PolicyReview
{
    public static IReadOnlyList<PolicyDroppedLink> DroppedLinks(PolicyDraft draft, Site site)
    {
        var domain = PolicyLinks.PrimaryDomain(site);
        var dropped = new List<PolicyDroppedLink>();
        foreach (var section in PolicySections.Any)
        {
            foreach (var language in site.Languages)
            {
                if (draft.Text(section, language) is { } markdown)
                {
                    dropped.AddRange(PolicyMarkdown.Render(markdown, domain).Dropped
                        .Select(d => new PolicyDroppedLink($"sections.{section}.{language}", d.Text, d.Url, d.Reason, d.Message)));
                }
            }
        }

        return dropped;
    }

    /// <param name="services">The services of the banner the pages will list (the draft's, or the published one's).</param>
    public static IReadOnlyList<PolicyWarning> Warnings(PolicyDraft draft, Site site, IEnumerable<ServiceConfig> services, ServiceCatalogue catalogue)
    {
        var warnings = new List<PolicyWarning>();
        var transferring = services
            .Select(s => (Service: s, Transfers: catalogue.Get(s.Id)?.Transfers ?? []))
            .Where(s => s.Transfers.Count > 0)
            .ToList();
        if (transferring.Count > 0)
        {
            var names = string.Join(", ", transferring.Select(t => $"{t.Service.Name} ({string.Join(", ", t.Transfers.Select(x => x.Country))})"));
            foreach (var section in PolicySections.All)
            {
                foreach (var language in site.Languages.Where(l => draft.Text(section, l) is { } text && SaysDataStaysInEea(text, l)))
                {
                    warnings.Add(new PolicyWarning("transferContradiction", $"sections.{section}.{language}",
                        $"The section '{section}' ({language}) says personal data stays within the EU/EEA, but according to the catalogue these services transfer it outside: {names}. Correct the text, or the services."));
                }
            }
        }

        foreach (var section in PolicySections.Cookies)
        {
            var written = site.Languages.Where(l => draft.Text(section, l) is not null).ToList();
            foreach (var language in written.Count > 0 ? site.Languages.Except(written) : [])
            {
                warnings.Add(new PolicyWarning("partialSection", $"sections.{section}.{language}",
                    $"The cookie-policy section '{section}' is written in some languages but not in {BannerRules.LanguageName(language)}; that page will not show it."));
            }
        }

        return warnings;
    }

    /// <summary>
    /// Whether Markdown in <paramref name="language"/> states that personal data is not transferred outside the
    /// EU/EEA: a negation ("ikke", "not", "inte", "ei" …) followed within the sentence by "outside the EU/EEA" in that
    /// language, or "only" followed within the sentence by "within the EU/EEA". The patterns are fixed and documented
    /// in docs/policies.md.
    /// </summary>
    public static bool SaysDataStaysInEea(string markdown, string language) =>
        language switch
        {
            "da" => Danish().IsMatch(markdown),
            "nb" => Norwegian().IsMatch(markdown),
            "sv" => Swedish().IsMatch(markdown),
            "fi" => Finnish().IsMatch(markdown),
            "en" => English().IsMatch(markdown),
            "de" => German().IsMatch(markdown),
            _ => false,
        };

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(ikke|aldrig)\b[^.!?]{0,80}\buden\s+for\s+(EU|EØS)|\b(kun|udelukkende|alene)\b[^.!?]{0,60}\binden\s+for\s+(EU|EØS)", Options, 100)]
    private static partial Regex Danish();

    [GeneratedRegex(@"\b(ikke|aldri)\b[^.!?]{0,80}\b(ut\s+av|utenfor)\s+(EU|EØS)|\b(kun|bare|utelukkende)\b[^.!?]{0,60}\binnenfor\s+(EU|EØS)", Options, 100)]
    private static partial Regex Norwegian();

    [GeneratedRegex(@"\b(inte|ej|aldrig)\b[^.!?]{0,80}\butanför\s+(EU|EES)|\b(endast|bara|enbart|uteslutande)\b[^.!?]{0,60}\binom\s+(EU|EES)", Options, 100)]
    private static partial Regex Swedish();

    [GeneratedRegex(@"\b(ei|emme|eivät)\b[^.!?]{0,80}\b(EU|ETA)[^.!?]{0,30}ulkopuolelle|\b(vain|ainoastaan)\b[^.!?]{0,60}\b(EU|ETA)[^.!?]{0,30}(sisällä|alueella)", Options, 100)]
    private static partial Regex Finnish();

    [GeneratedRegex(@"\b(not|never|no)\b[^.!?]{0,80}\boutside\s+(of\s+)?(the\s+)?(EU|EEA)|\b(only|solely|exclusively)\b[^.!?]{0,60}\b(within|inside)\s+(the\s+)?(EU|EEA)", Options, 100)]
    private static partial Regex English();

    [GeneratedRegex(@"\b(nicht|nie|keine)\b[^.!?]{0,80}\baußerhalb\s+(der\s+|des\s+)?(EU|EWR)|\b(nur|ausschließlich)\b[^.!?]{0,60}\binnerhalb\s+(der\s+|des\s+)?(EU|EWR)", Options, 100)]
    private static partial Regex German();
}
