using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// A site's banner: categories, the services in them, the texts per language, the look, and the Google Consent Mode
/// mapping. The draft is edited freely; <see cref="BannerRules"/> decides whether it may be published.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BannerConfig
{
    [Required, MinLength(1), MaxLength(12)]
    public required IReadOnlyList<CategoryConfig> Categories { get; init; }

    [Required, MaxLength(100)]
    public required IReadOnlyList<ServiceConfig> Services { get; init; }

    /// <summary>Texts by language code (da, nb, sv, fi, en, de).</summary>
    [Required]
    public required IReadOnlyDictionary<string, BannerTexts> Texts { get; init; }

    [Required]
    public required Appearance Appearance { get; init; }

    [Required]
    public required ConsentModeConfig ConsentMode { get; init; }

    /// <summary>Domain for the consent cookie (e.g. "example.dk" so www and shop share it); null = the page's host.</summary>
    [StringLength(253)]
    public string? CookieDomain { get; init; }

    /// <summary>
    /// Automatic blocking: the banner holds back scripts and iframes whose URL matches a declared non-necessary
    /// service's URL patterns until that service is allowed, for sites whose markup cannot be edited (docs/scanning.md).
    /// </summary>
    public bool AutoBlocking { get; init; }

    // The live census (Features/Census): the share of page views, in percent (0–100, 0 = off), whose cookie and
    // storage names are counted once the site publishes; published as "census" (a fraction).
    [Range(0.0, 100.0, ErrorMessage = "The census sampling rate is a percentage from 0 to 100.")]
    public double CensusPercent { get; init; } = 1;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CategoryConfig : IValidatableObject
{
    public const string IdPattern = "^[a-z][a-z0-9_-]{1,31}$";

    /// <summary>necessary, preferences, statistics, marketing, or a custom id.</summary>
    [Required, RegularExpression(IdPattern, ErrorMessage = "A category id is 2–32 lower-case letters, digits, '-' or '_', starting with a letter.")]
    public required string Id { get; init; }

    /// <summary>
    /// A category besides "necessary" whose cookies need no consent (e.g. "security": fraud and bot detection the law
    /// allows without asking): always on, never asked for, and <see cref="LegalReason"/> says why. Never for a
    /// category that needs consent (<see cref="BannerRules.ConsentRequiring"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Exempt { get; init; }

    /// <summary>Why the exempt category needs no consent, by language; required in every site language when <see cref="Exempt"/>.</summary>
    [MaxLength(6)]
    public IReadOnlyDictionary<string, string>? LegalReason { get; init; }

    public const int MaxLegalReasonLength = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Exempt && BannerRules.ConsentRequiring.Contains(Id))
        {
            yield return new ValidationResult(BannerRules.ExemptRefusal(Id), [nameof(Exempt)]);
        }

        foreach (var (language, text) in LegalReason ?? new Dictionary<string, string>())
        {
            if (text?.Length > MaxLegalReasonLength)
            {
                yield return new ValidationResult($"The legal reason in '{(language.Length > 8 ? language[..8] : language)}' is longer than {MaxLegalReasonLength} characters.", [nameof(LegalReason)]);
            }
        }
    }
}

public enum CookieKind
{
    HttpCookie,
    LocalStorage,
    SessionStorage,
    Pixel,
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ServiceConfig
{
    [Required, RegularExpression(CategoryConfig.IdPattern, ErrorMessage = "A service id is 2–32 lower-case letters, digits, '-' or '_', starting with a letter.")]
    public required string Id { get; init; }

    [Required, StringLength(100, MinimumLength = 1)]
    public required string Name { get; init; }

    /// <summary>The provider's legal name (older drafts: name and address as one line).</summary>
    [Required, StringLength(200, MinimumLength = 1)]
    public required string Provider { get; init; }

    /// <summary>The provider's postal address; its country is named in the reader's language.</summary>
    public PostalAddress? ProviderAddress { get; init; }

    [Required, RegularExpression(CategoryConfig.IdPattern)]
    public required string Category { get; init; }

    [Url, StringLength(500)]
    public string? PrivacyPolicyUrl { get; init; }

    /// <summary>What the service is for, by language.</summary>
    [Required]
    public required IReadOnlyDictionary<string, string> Purpose { get; init; }

    [Required, MaxLength(50)]
    public required IReadOnlyList<CookieConfig> Cookies { get; init; }

    /// <summary>Only a strictly necessary service may sit in "necessary", and it must say why.</summary>
    public bool StrictlyNecessary { get; init; }

    [StringLength(500)]
    public string? NecessaryReason { get; init; }

    /// <summary>
    /// The URLs of the service's scripts, iframes and pixels (Catalogue.UrlPatterns), for automatic blocking; null or
    /// empty: those of the catalogue entry with this id, if any. Published inside "blocking", not per service.
    /// </summary>
    [MaxLength(ConsentCloud.Web.Features.Catalogue.UrlPatterns.MaxPerService)]
    public IReadOnlyList<string>? UrlPatterns { get; init; }
}

/// <summary>A postal address as written in its country, apart from the country (an ISO 3166 code, named per language).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostalAddress
{
    [Required, StringLength(120, MinimumLength = 1)]
    public required string Street { get; init; }

    [StringLength(20)]
    public string? PostalCode { get; init; }

    [Required, StringLength(60, MinimumLength = 1)]
    public required string City { get; init; }

    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "A country is an ISO 3166 code of two capital letters (e.g. IE).")]
    public required string Country { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CookieConfig
{
    public const string NamePattern = @"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$";
    public const string NameMessage = "A cookie name has only the characters a cookie name may have ('*' for a pattern).";

    /// <summary>"session", "persistent", a number with a unit (30min, 24h, 400d, 13mo, 2y), or "&lt;=" before one: at most that long ("&lt;=2y").</summary>
    public const string LifetimePattern = @"^(session|persistent|(<=)?[1-9][0-9]{0,4}(min|h|d|w|mo|y))$";
    public const string LifetimeMessage = "A lifetime is session, persistent, or a number with min, h, d, w, mo or y (e.g. 13mo), with <= before it for \"up to\" (e.g. <=2y).";

    /// <summary>A name, or a pattern with '*' (e.g. "_ga_*"); null for cookies the provider does not name, which <see cref="Purpose"/> then describes.</summary>
    [StringLength(100, MinimumLength = 1), RegularExpression(NamePattern, ErrorMessage = NameMessage)]
    public string? Name { get; init; }

    [StringLength(253)]
    public string? Domain { get; init; }

    [Required, RegularExpression(LifetimePattern, ErrorMessage = LifetimeMessage)]
    public required string Lifetime { get; init; }

    public CookieKind Kind { get; init; } = CookieKind.HttpCookie;

    public const int MaxPurposeLength = 300;

    /// <summary>What this cookie is for, by language (at most <see cref="MaxPurposeLength"/> characters each); required in every site language for an unnamed cookie.</summary>
    [MaxLength(6)]
    public IReadOnlyDictionary<string, string>? Purpose { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BannerTexts
{
    [Required, StringLength(200)]
    public required string Title { get; init; }

    [Required, StringLength(2000)]
    public required string Body { get; init; }

    [Required, StringLength(50)]
    public required string AcceptAll { get; init; }

    [Required, StringLength(50)]
    public required string RejectAll { get; init; }

    [Required, StringLength(50)]
    public required string Customise { get; init; }

    [Required, StringLength(50)]
    public required string Save { get; init; }

    /// <summary>Category name and description by category id.</summary>
    [Required]
    public required IReadOnlyDictionary<string, CategoryTexts> Categories { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CategoryTexts
{
    [Required, StringLength(60)]
    public required string Name { get; init; }

    [Required, StringLength(600)]
    public required string Description { get; init; }
}

public enum BannerLayout
{
    Bar,
    Box,
    Modal,
}

public enum BannerPosition
{
    Bottom,
    Top,
    BottomLeft,
    BottomRight,
    Center,
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Appearance
{
    public BannerLayout Layout { get; init; } = BannerLayout.Box;

    public BannerPosition Position { get; init; } = BannerPosition.BottomLeft;

    [Required]
    public required ColourPair Banner { get; init; }

    /// <summary>Accept all and reject all must look the same: equal prominence (EDPB taskforce).</summary>
    [Required]
    public required ColourPair AcceptButton { get; init; }

    [Required]
    public required ColourPair RejectButton { get; init; }

    [Required]
    public required ColourPair CustomiseButton { get; init; }

    [StringLength(100), RegularExpression(@"^[A-Za-z0-9 ,'""\-]+$", ErrorMessage = "A font family has letters, digits, spaces, commas, hyphens and quotes only.")]
    public string? FontFamily { get; init; }

    /// <summary>Show a small button that reopens the preferences after a decision.</summary>
    public bool FloatingButton { get; init; } = true;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ColourPair
{
    public const string HexPattern = "^#[0-9a-fA-F]{6}$";

    [Required, RegularExpression(HexPattern, ErrorMessage = "A colour is #rrggbb.")]
    public required string Background { get; init; }

    [Required, RegularExpression(HexPattern, ErrorMessage = "A colour is #rrggbb.")]
    public required string Text { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConsentModeConfig : IValidatableObject
{
    public const int MaxRegions = 50;

    /// <summary>ISO 3166-1 alpha-2 ("DK") or ISO 3166-2 ("US-CA"), as gtag's region parameter reads them.</summary>
    public const string RegionPattern = "^[A-Z]{2}(-[A-Z0-9]{1,3})?$";

    public static readonly IReadOnlyList<string> Signals =
    [
        "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
        "functionality_storage", "personalization_storage", "security_storage",
    ];

    public bool Enabled { get; init; } = true;

    /// <summary>Milliseconds tags wait for the visitor's update before firing with the defaults.</summary>
    [Range(0, 10000)]
    public int WaitForUpdateMs { get; init; } = 500;

    /// <summary>For each Consent Mode signal, the categories that must all be granted for it to be granted.</summary>
    [Required]
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Mapping { get; init; }

    /// <summary>
    /// The regions the default command is limited to (gtag's <c>region</c>): countries or subdivisions such as "DK",
    /// "US-CA". Null or empty: the default applies everywhere (the safe choice in the EEA).
    /// </summary>
    [MaxLength(MaxRegions)]
    public IReadOnlyList<string>? Region { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in Region ?? [])
        {
            if (code is null || code.Length > 6 || !System.Text.RegularExpressions.Regex.IsMatch(code, RegionPattern))
            {
                yield return new ValidationResult("A region is an ISO 3166 code such as DK or US-CA (upper case).", [nameof(Region)]);
                yield break;
            }

            if (!seen.Add(code))
            {
                yield return new ValidationResult($"The region {code} is listed twice.", [nameof(Region)]);
                yield break;
            }
        }
    }
}
