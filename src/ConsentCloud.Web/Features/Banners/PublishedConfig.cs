using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// What a published revision serves to the banner (config.json): the site's public settings and its banner, with no
/// internal fields (no agency, no author). Immutable once published.
/// </summary>
public sealed record PublishedConfig
{
    public required string SiteKey { get; init; }
    public required int Revision { get; init; }
    public required string ContentHash { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>The newest revision that asked visitors to consent again: a decision made on an older one is re-asked.</summary>
    public required int RenewalRevision { get; init; }

    public required string DefaultLanguage { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required PublishedConsent Consent { get; init; }
    public string? CookieDomain { get; init; }
    public required IReadOnlyList<PublishedCategory> Categories { get; init; }
    public required IReadOnlyList<ServiceConfig> Services { get; init; }
    public required IReadOnlyDictionary<string, BannerTexts> Texts { get; init; }
    public required Appearance Appearance { get; init; }
    public required ConsentModeConfig ConsentMode { get; init; }

    /// <summary>
    /// Automatic blocking, when the site turned it on (null otherwise): [URL pattern, service id] for every declared
    /// service that is not strictly necessary, its own patterns or else its catalogue entry's (Catalogue.UrlPatterns).
    /// </summary>
    public IReadOnlyList<string[]>? Blocking { get; init; }

    /// <summary>The live census: the share of page views (0–1) that load census.js; null (absent) = off.</summary>
    public double? Census { get; init; }

    internal static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        // Nordic letters as themselves (not \u00E5): a smaller document. HTML-sensitive characters stay escaped.
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
        ApiDefaults.Configure(options);
        return options;
    }

    /// <summary>The published document for a site's draft; revision fields are set by <see cref="Stamp"/>.</summary>
    public static PublishedConfig From(Site site, BannerConfig config) => new()
    {
        SiteKey = site.Key.Value,
        Revision = 0,
        ContentHash = "",
        PublishedAt = default,
        RenewalRevision = 0,
        DefaultLanguage = site.DefaultLanguage,
        Languages = site.Languages,
        Consent = new PublishedConsent(site.Consent.AcceptValidityMonths, site.Consent.DeclineValidityMonths, site.Consent.HonourGlobalPrivacyControl),
        CookieDomain = config.CookieDomain,
        Categories = config.Categories.Select(c => new PublishedCategory(c.Id, BannerRules.IsRequired(c))
        {
            LegalReason = c.Exempt && BannerRules.IsRequired(c) ? InLanguages(c.LegalReason, site) : null,
        }).ToList(),
        Blocking = config.AutoBlocking
            ? config.Services.Where(s => !s.StrictlyNecessary && s.Category != BannerRules.Necessary)
                .SelectMany(s => PatternsOf(s).Select(p => new[] { p, s.Id })).ToList()
            : null,
        Services = config.Services.Select(s => s with
        {
            UrlPatterns = null,
            Purpose = InLanguages(s.Purpose, site)!,
            Cookies = s.Cookies.Select(c => c with { Purpose = InLanguages(c.Purpose, site) is { Count: > 0 } purpose ? purpose : null }).ToList(),
        }).ToList(),
        Texts = config.Texts.Where(t => site.Languages.Contains(t.Key)).ToDictionary(),
        Appearance = config.Appearance,
        ConsentMode = config.ConsentMode,
        Census = global::ConsentCloud.Web.Features.Census.CensusSampling.Published(config.CensusPercent),
    };

    private static IReadOnlyList<string> PatternsOf(ServiceConfig service) =>
        service.UrlPatterns is { Count: > 0 } own ? own : ServiceCatalogue.Builtin.Get(service.Id)?.UrlPatterns ?? [];

    /// <summary>The texts in the site's languages only (null stays null).</summary>
    private static Dictionary<string, string>? InLanguages(IReadOnlyDictionary<string, string>? texts, Site site) =>
        texts?.Where(p => site.Languages.Contains(p.Key)).ToDictionary();

    /// <summary>SHA-256 of the content alone (revision fields blanked): equal content, equal hash.</summary>
    public string ComputeContentHash()
    {
        var content = this with { Revision = 0, ContentHash = "", PublishedAt = default, RenewalRevision = 0 };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content, Json)));
    }

    public PublishedConfig Stamp(int revision, DateTimeOffset publishedAt, int renewalRevision) =>
        this with { Revision = revision, ContentHash = ComputeContentHash(), PublishedAt = publishedAt, RenewalRevision = renewalRevision };

    /// <summary>The categories visitors cannot refuse: "necessary", and any exempt from consent (published as required).</summary>
    public IReadOnlyList<string> AlwaysOn() =>
        Categories.Where(c => c.Required || c.Id == BannerRules.Necessary).Select(c => c.Id).ToList();

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static PublishedConfig FromUtf8(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<PublishedConfig>(json, Json) ?? throw new InvalidDataException("Empty published config.");
}

public sealed record PublishedConsent(int AcceptValidityMonths, int DeclineValidityMonths, bool HonourGlobalPrivacyControl);

/// <summary>A category; <see cref="Required"/> ones are always on and never asked for ("necessary", and exempt ones with their <see cref="LegalReason"/>).</summary>
public sealed record PublishedCategory(string Id, bool Required)
{
    /// <summary>Why an exempt category needs no consent, by language; null for "necessary" and optional categories.</summary>
    public IReadOnlyDictionary<string, string>? LegalReason { get; init; }
}
