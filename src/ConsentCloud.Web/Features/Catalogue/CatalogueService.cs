using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// A service a site may use, described once: who provides it, what it is for (by language), where data goes, what
/// it stores in the browser, which Google Consent Mode signals it reads, and how its embed is recognised. The built-in
/// catalogue and an agency's custom services share this shape; <see cref="ServiceValidation"/> checks both, and
/// <see cref="ServiceCatalogue.ToServiceConfig"/> turns one into a banner service.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CatalogueService
{
    [Required, RegularExpression(CategoryConfig.IdPattern, ErrorMessage = "A service id is 2–32 lower-case letters, digits, '-' or '_', starting with a letter.")]
    public required string Id { get; init; }

    [Required, StringLength(100, MinimumLength = 1)]
    public required string Name { get; init; }

    /// <summary>Null only for a self-hosted service: the site's own company is then the provider.</summary>
    public ServiceProvider? Provider { get; init; }

    /// <summary>The tool runs on the site operator's own servers (e.g. self-hosted Matomo).</summary>
    public bool SelfHosted { get; init; }

    /// <summary>A banner category: necessary, preferences, statistics, marketing (or a custom category of the banner).</summary>
    [Required, RegularExpression(CategoryConfig.IdPattern, ErrorMessage = "A category id is 2–32 lower-case letters, digits, '-' or '_', starting with a letter.")]
    public required string Category { get; init; }

    /// <summary>What the service is for, by language (da, nb, sv, fi, en, de).</summary>
    [Required, MaxLength(6)]
    public required IReadOnlyDictionary<string, string> Purpose { get; init; }

    /// <summary>Only for a service without which something the visitor asked for cannot work; then a reason is required.</summary>
    public bool StrictlyNecessary { get; init; }

    [StringLength(500)]
    public string? NecessaryReason { get; init; }

    /// <summary>Countries outside the EU/EEA that personal data goes to, and on what basis. Empty: it stays in the EU/EEA.</summary>
    [MaxLength(10)]
    public IReadOnlyList<DataTransfer> Transfers { get; init; } = [];

    [Required, MaxLength(50)]
    public required IReadOnlyList<CatalogueCookie> Cookies { get; init; }

    /// <summary>The Google Consent Mode signals the service reads (e.g. analytics_storage); empty for non-Google tools.</summary>
    [MaxLength(7)]
    public IReadOnlyList<string> ConsentSignals { get; init; } = [];

    /// <summary>
    /// The URLs of the service's scripts, iframes and pixels (<see cref="UrlPatterns"/>): what automatic blocking
    /// holds back until consent and what the scanner recognises. Empty for a service that runs on the site's own
    /// host (self-hosted Matomo) or is never blocked (strictly necessary).
    /// </summary>
    [MaxLength(global::ConsentCloud.Web.Features.Catalogue.UrlPatterns.MaxPerService)]
    public IReadOnlyList<string> UrlPatterns { get; init; } = [];

    /// <summary>For content loaded in an iframe (videos, maps, booking, reviews): how to recognise it for the placeholder.</summary>
    public EmbedInfo? Embed { get; init; }

    /// <summary>A note for the agency (English): a setting that changes what the service stores, or why it sits in its category.</summary>
    [StringLength(1000)]
    public string? Note { get; init; }

    [JsonIgnore]
    public bool TransfersOutsideEea => Transfers.Count > 0;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ServiceProvider
{
    [Required, StringLength(120, MinimumLength = 1)]
    public required string LegalName { get; init; }

    /// <summary>Street and building as written in the provider's country (no floor or country: those are not localised).</summary>
    [Required, StringLength(120, MinimumLength = 1)]
    public required string Street { get; init; }

    [StringLength(20)]
    public string? PostalCode { get; init; }

    [Required, StringLength(60, MinimumLength = 1)]
    public required string City { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code of the provider's country, named in each reader's language (<see cref="Countries"/>).</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "A country is an ISO 3166 code of two capital letters (e.g. IE).")]
    public required string Country { get; init; }

    [Required, Url, StringLength(500)]
    public required string PrivacyPolicyUrl { get; init; }
}

public enum TransferBasis
{
    /// <summary>EU-US Data Privacy Framework (adequacy decision of 10 July 2023), for certified US companies.</summary>
    DataPrivacyFramework,

    /// <summary>The European Commission's standard contractual clauses.</summary>
    StandardContractualClauses,

    /// <summary>An adequacy decision of the European Commission for the country (e.g. the UK, New Zealand).</summary>
    AdequacyDecision,
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DataTransfer
{
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "A country is an ISO 3166 code of two capital letters (e.g. US).")]
    public required string Country { get; init; }

    public required TransferBasis Basis { get; init; }
}

/// <summary>One cookie or storage item. <see cref="Domain"/> is null for first-party storage (the site's own domain).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CatalogueCookie
{
    /// <summary>
    /// A name, or a pattern with '*' for a variable part (e.g. "_ga_*" for _ga_&lt;container-id&gt;); null for cookies
    /// the provider does not name ("cookies the payment provider sets to detect fraud"), which <see cref="Purpose"/> then describes.
    /// </summary>
    [StringLength(100, MinimumLength = 1), RegularExpression(CookieConfig.NamePattern, ErrorMessage = CookieConfig.NameMessage)]
    public string? Name { get; init; }

    public CookieKind Kind { get; init; } = CookieKind.HttpCookie;

    /// <summary>The third party's domain (e.g. "doubleclick.net"); null when stored on the site's own domain.</summary>
    [StringLength(253), RegularExpression(@"^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$", ErrorMessage = "A cookie domain is a lower-case host name such as doubleclick.net.")]
    public string? Domain { get; init; }

    /// <summary>session, persistent, or a number with min, h, d, w, mo or y, as the provider documents it (e.g. 2y, 90d); "&lt;=2y" for "up to 2 years".</summary>
    [Required, RegularExpression(CookieConfig.LifetimePattern, ErrorMessage = CookieConfig.LifetimeMessage)]
    public required string Lifetime { get; init; }

    /// <summary>What this item is for, by language. Required in the catalogue and for an unnamed cookie; otherwise optional for a custom service.</summary>
    [MaxLength(6)]
    public IReadOnlyDictionary<string, string>? Purpose { get; init; }

    [JsonIgnore]
    public bool FirstParty => Domain is null;
}

/// <summary>How an embed is recognised: hosts (optionally with a path prefix) of its iframe or script, and an example.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EmbedInfo
{
    /// <summary>"www.youtube-nocookie.com" or "www.google.com/maps/embed": a host, optionally with a path prefix.</summary>
    [Required, MinLength(1), MaxLength(10)]
    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>A blocked iframe as the banner expects it (data-src, data-category, data-service).</summary>
    [StringLength(500)]
    public string? Example { get; init; }
}
