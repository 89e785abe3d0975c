using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>A client website of an agency: the tenant of every consent record and published banner.</summary>
public sealed record Site(
    SiteKey Key,
    AgencyId Agency,
    string DisplayName,
    Company Company,
    string Country,
    IReadOnlyList<string> Domains,
    string DefaultLanguage,
    IReadOnlyList<string> Languages,
    ConsentSettings Consent,
    int LatestRevision,
    DateTimeOffset? PublishedAt,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    DateTimeOffset? Deleted)
{
    /// <summary>Validity values (months) the site used before its current ones: records made then still expire by them.</summary>
    public IReadOnlyList<int> PastValidityMonths { get; init; } = [];

    /// <summary>A demo or sample site (the local demo seed), not a client: it never counts toward the plan's site limit.</summary>
    public bool IsDemo { get; init; }

    /// <summary>Every validity a stored decision of this site can have.</summary>
    public IEnumerable<int> ValidityMonthsInUse =>
        PastValidityMonths.Append(Consent.AcceptValidityMonths).Append(Consent.DeclineValidityMonths).Distinct().Order();
}

/// <param name="Website">The company's own website (an absolute http(s) address), shown with the controller.</param>
/// <param name="OrganisationForm">The legal form as the company writes it ("Anpartsselskab (ApS)", "Aksjeselskap").</param>
public sealed record Company(
    string LegalName,
    string? RegistrationNumber,
    Address Address,
    string Email,
    string? Phone,
    DataProtectionContact? DataProtectionContact,
    string? Website = null,
    string? OrganisationForm = null);

public sealed record Address(string Street, string PostalCode, string City, string? Country);

/// <param name="Title">The contact person's title or role ("Data protection officer", "Databeskyttelsesrådgiver").</param>
public sealed record DataProtectionContact(string Name, string Email, string? Phone, string? Title = null);

/// <summary>How long a decision holds and how long its proof is kept.</summary>
public sealed record ConsentSettings(int AcceptValidityMonths, int DeclineValidityMonths, int RetentionMonths, bool HonourGlobalPrivacyControl)
{
    public static ConsentSettings Default { get; } = new(12, 6, 60, true);
}

public static class SiteLanguages
{
    /// <summary>Languages a site may show; da, nb, sv, fi and en are written for this project, de too.</summary>
    public static readonly IReadOnlyList<string> Supported = ["da", "nb", "sv", "fi", "en", "de"];

    public static bool IsSupported(string language) => Supported.Contains(language);
}

public static class SiteCountries
{
    /// <summary>The Nordic countries whose law and authorities the policies know; any other ISO 3166 code is "other".</summary>
    public static readonly IReadOnlyList<string> Nordic = ["DK", "NO", "SE", "FI"];
}
