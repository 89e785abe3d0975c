using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>Create or replace a site's settings.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SiteRequest : IValidatableObject
{
    [Required, StringLength(100, MinimumLength = 1)]
    public required string DisplayName { get; init; }

    [Required]
    public required CompanyRequest Company { get; init; }

    /// <summary>ISO 3166-1 alpha-2: DK, NO, SE and FI get their own law and authority; any other is "other".</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "Give the country as an ISO 3166 code such as DK, NO, SE or FI.")]
    public required string Country { get; init; }

    [Required, MinLength(1), MaxLength(Features.Sites.Domains.MaxCount)]
    public required IReadOnlyList<string> Domains { get; init; }

    [Required]
    public required string DefaultLanguage { get; init; }

    [MaxLength(6)]
    public IReadOnlyList<string>? Languages { get; init; }

    public ConsentSettingsRequest? Consent { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < (Domains?.Count ?? 0); i++)
        {
            string? error = null;
            if (Domains![i] is not { } domain || Features.Sites.Domains.Normalise(domain, out error) is null)
            {
                yield return new ValidationResult(error ?? "A domain is empty.", [$"{nameof(Domains)}[{i}]"]);
            }
        }

        if (DefaultLanguage is not null && !SiteLanguages.IsSupported(DefaultLanguage))
        {
            yield return new ValidationResult($"'{DefaultLanguage}' is not a supported language; choose from {string.Join(", ", SiteLanguages.Supported)}.", [nameof(DefaultLanguage)]);
        }

        for (var i = 0; i < (Languages?.Count ?? 0); i++)
        {
            if (Languages![i] is not { } language || !SiteLanguages.IsSupported(language))
            {
                yield return new ValidationResult($"'{Languages[i]}' is not a supported language; choose from {string.Join(", ", SiteLanguages.Supported)}.", [$"{nameof(Languages)}[{i}]"]);
            }
        }

        if (Company?.RegistrationNumber is { Length: > 0 } number && Country is not null && RegistrationNumbers.Check(Country, number) is { } problem)
        {
            yield return new ValidationResult(problem, ["Company.RegistrationNumber"]);
        }

        if (Company?.Website is { Length: > 0 } website && !CompanyRequest.IsWebsite(website))
        {
            yield return new ValidationResult("Give the website as a whole address starting with https://, such as https://www.example.dk.", ["Company.Website"]);
        }
    }

    public IReadOnlyList<string> AllLanguages() =>
        new[] { DefaultLanguage }.Concat(Languages ?? []).Where(l => l is not null).Distinct(StringComparer.Ordinal).ToList();
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompanyRequest
{
    [Required, StringLength(200, MinimumLength = 1)]
    public required string LegalName { get; init; }

    [StringLength(20)]
    public string? RegistrationNumber { get; init; }

    [Required]
    public required AddressRequest Address { get; init; }

    [Required, EmailAddress, StringLength(254)]
    public required string Email { get; init; }

    [Phone, StringLength(30)]
    public string? Phone { get; init; }

    public DataProtectionContactRequest? DataProtectionContact { get; init; }

    /// <summary>The company's own website, an absolute https (or http) address; shown on the privacy policy.</summary>
    [StringLength(200)]
    public string? Website { get; init; }

    /// <summary>The legal form as the company writes it, such as "Anpartsselskab (ApS)", "Aksjeselskap" or "Osakeyhtiö".</summary>
    [StringLength(100)]
    public string? OrganisationForm { get; init; }

    public static bool IsWebsite(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0 && value.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddressRequest
{
    [Required, StringLength(200, MinimumLength = 1)]
    public required string Street { get; init; }

    [Required, StringLength(20, MinimumLength = 1)]
    public required string PostalCode { get; init; }

    [Required, StringLength(100, MinimumLength = 1)]
    public required string City { get; init; }

    [StringLength(100)]
    public string? Country { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DataProtectionContactRequest
{
    [Required, StringLength(200, MinimumLength = 1)]
    public required string Name { get; init; }

    [Required, EmailAddress, StringLength(254)]
    public required string Email { get; init; }

    [Phone, StringLength(30)]
    public string? Phone { get; init; }

    /// <summary>The contact person's title or role, such as "Data protection officer".</summary>
    [StringLength(100)]
    public string? Title { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConsentSettingsRequest
{
    /// <summary>Months an acceptance holds before the banner asks again (1–13, default 12).</summary>
    [Range(1, 13)]
    public int? AcceptValidityMonths { get; init; }

    /// <summary>Months a refusal holds before the banner asks again (1–13, default 6).</summary>
    [Range(1, 13)]
    public int? DeclineValidityMonths { get; init; }

    /// <summary>Months consent records are kept as proof (13–120, default 60).</summary>
    [Range(13, 120)]
    public int? RetentionMonths { get; init; }

    public bool? HonourGlobalPrivacyControl { get; init; }
}
