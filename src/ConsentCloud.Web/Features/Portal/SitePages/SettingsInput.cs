using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>
/// The site page's settings form: validity, retention, Global Privacy Control, domains (one a line), and the version
/// of the site the form was made from. Checked by the API's own rules (<see cref="ConsentSettingsRequest"/>'s ranges,
/// <see cref="Sites.Domains"/>), so the portal accepts exactly what the API accepts.
/// </summary>
public sealed class SettingsInput
{
    /// <summary>Bounds the form field: every allowed domain at its longest, one a line.</summary>
    public const int MaxDomainsLength = Sites.Domains.MaxCount * 256;

    public int? AcceptValidityMonths { get; set; }

    public int? DeclineValidityMonths { get; set; }

    public int? RetentionMonths { get; set; }

    public bool HonourGlobalPrivacyControl { get; set; }

    [StringLength(MaxDomainsLength, ErrorMessage = "That is far more text than the allowed domains need.")]
    public string? Domains { get; set; }

    /// <summary>The site's version (its ETag, as the API gives it) when the form was shown.</summary>
    [StringLength(200)]
    public string? Version { get; set; }

    public static SettingsInput From(Site site, Azure.ETag etag) => new()
    {
        AcceptValidityMonths = site.Consent.AcceptValidityMonths,
        DeclineValidityMonths = site.Consent.DeclineValidityMonths,
        RetentionMonths = site.Consent.RetentionMonths,
        HonourGlobalPrivacyControl = site.Consent.HonourGlobalPrivacyControl,
        Domains = string.Join('\n', site.Domains),
        Version = Api.Conditional.ToHeader(etag),
    };

    public IReadOnlyList<string> DomainEntries() =>
        (Domains ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The settings and the canonical domains, or the problems keyed by this form's field names (for inline errors).
    /// </summary>
    public (ConsentSettings? Settings, IReadOnlyList<string>? Domains, IReadOnlyList<(string Field, string Message)> Problems) Check()
    {
        var problems = new List<(string, string)>();
        var request = new ConsentSettingsRequest
        {
            AcceptValidityMonths = AcceptValidityMonths,
            DeclineValidityMonths = DeclineValidityMonths,
            RetentionMonths = RetentionMonths,
            HonourGlobalPrivacyControl = HonourGlobalPrivacyControl,
        };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                problems.Add((member, Friendly(member, result.ErrorMessage)));
            }
        }

        foreach (var (field, value) in new[] { (nameof(AcceptValidityMonths), AcceptValidityMonths), (nameof(DeclineValidityMonths), DeclineValidityMonths), (nameof(RetentionMonths), RetentionMonths) })
        {
            if (value is null)
            {
                problems.Add((field, "Give a whole number of months."));
            }
        }

        var entries = DomainEntries();
        var domains = new List<string>();
        if (entries.Count == 0)
        {
            problems.Add((nameof(Domains), "Give at least one domain, such as www.example.dk."));
        }
        else if (entries.Count > Sites.Domains.MaxCount)
        {
            problems.Add((nameof(Domains), $"A site has at most {Sites.Domains.MaxCount} domains."));
        }
        else
        {
            foreach (var entry in entries)
            {
                if (Sites.Domains.Normalise(entry, out var error) is { } domain)
                {
                    domains.Add(domain);
                }
                else
                {
                    problems.Add((nameof(Domains), error!));
                }
            }
        }

        return problems.Count > 0
            ? (null, null, problems)
            : (new ConsentSettings(AcceptValidityMonths!.Value, DeclineValidityMonths!.Value, RetentionMonths!.Value, HonourGlobalPrivacyControl), domains.Distinct().ToList(), problems);
    }

    /// <summary>The API's range rule (its own <see cref="RangeAttribute"/>), worded for the form.</summary>
    private static string Friendly(string member, string? message) =>
        typeof(ConsentSettingsRequest).GetProperty(member)?.GetCustomAttributes(typeof(RangeAttribute), false) is [RangeAttribute range]
            ? $"Choose {range.Minimum} to {range.Maximum} months."
            : message ?? "Check this value.";
}
