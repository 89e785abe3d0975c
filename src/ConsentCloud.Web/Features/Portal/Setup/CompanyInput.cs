using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>
/// The wizard's first step as a form: the site's name and its company. It becomes a <see cref="SiteRequest"/>, which
/// the API's own validation checks (lengths, e-mail, the registration number's checksum for the country), so the
/// form has no rules of its own; <see cref="Field"/> puts each error next to its field.
/// </summary>
public sealed class CompanyInput
{
    public string? DisplayName { get; set; }
    public string? LegalName { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; } = "DK";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? DpoName { get; set; }
    public string? DpoEmail { get; set; }
    public string? DpoPhone { get; set; }
    public string? DpoTitle { get; set; }

    /// <summary>The company's own website for the privacy policy ("www.example.dk" gets https:// put in front).</summary>
    public string? CompanyWebsite { get; set; }

    public string? OrganisationForm { get; set; }

    /// <summary>The website's address, asked for on a new site only (a site has at least one domain; step 2 adds more).</summary>
    public string? Website { get; set; }

    /// <summary>Countries offered; DK, NO, SE and FI have their own law, authority and registration-number check.</summary>
    public static readonly IReadOnlyList<string> Countries = ["DK", "NO", "SE", "FI", "IS", "DE", "NL", "GB", "IE", "EE", "LV", "LT", "PL"];

    public static CompanyInput From(Site site) => new()
    {
        DisplayName = site.DisplayName,
        LegalName = site.Company.LegalName,
        RegistrationNumber = site.Company.RegistrationNumber,
        Street = site.Company.Address.Street,
        PostalCode = site.Company.Address.PostalCode,
        City = site.Company.Address.City,
        Country = site.Country,
        Email = site.Company.Email,
        Phone = site.Company.Phone,
        DpoName = site.Company.DataProtectionContact?.Name,
        DpoEmail = site.Company.DataProtectionContact?.Email,
        DpoPhone = site.Company.DataProtectionContact?.Phone,
        DpoTitle = site.Company.DataProtectionContact?.Title,
        CompanyWebsite = site.Company.Website,
        OrganisationForm = site.Company.OrganisationForm,
    };

    /// <summary>A new site: this company, the website as its one domain, and the country's language to start with.</summary>
    public SiteRequest ToNewSite() => new()
    {
        DisplayName = Clean(DisplayName) ?? "",
        Company = ToCompany(),
        Country = Clean(Country) ?? "",
        Domains = [Clean(Website) ?? ""],
        DefaultLanguage = LanguageOf(Country),
        Languages = [LanguageOf(Country)],
    };

    /// <summary>The site with this company instead of its own; everything else as it is.</summary>
    public SiteRequest ToUpdate(Site site) => SiteRequests.From(site) with
    {
        DisplayName = Clean(DisplayName) ?? "",
        Company = ToCompany(),
        Country = Clean(Country) ?? "",
    };

    private CompanyRequest ToCompany() => new()
    {
        LegalName = Clean(LegalName) ?? "",
        RegistrationNumber = Clean(RegistrationNumber),
        Address = new AddressRequest { Street = Clean(Street) ?? "", PostalCode = Clean(PostalCode) ?? "", City = Clean(City) ?? "" },
        Email = Clean(Email) ?? "",
        Phone = Clean(Phone),
        DataProtectionContact = Clean(DpoName) is null && Clean(DpoEmail) is null && Clean(DpoPhone) is null && Clean(DpoTitle) is null
            ? null
            : new DataProtectionContactRequest { Name = Clean(DpoName) ?? "", Email = Clean(DpoEmail) ?? "", Phone = Clean(DpoPhone), Title = Clean(DpoTitle) },
        Website = Clean(CompanyWebsite) is { } website && !website.Contains("://", StringComparison.Ordinal) ? "https://" + website : Clean(CompanyWebsite),
        OrganisationForm = Clean(OrganisationForm),
    };

    /// <summary>The form field of a <see cref="SiteRequest"/> error path ("Company.Address.Street" → "Street").</summary>
    public static string? Field(string path) => path.ToLowerInvariant() switch
    {
        "displayname" => nameof(DisplayName),
        "company.legalname" => nameof(LegalName),
        "company.registrationnumber" => nameof(RegistrationNumber),
        "company.address.street" => nameof(Street),
        "company.address.postalcode" => nameof(PostalCode),
        "company.address.city" => nameof(City),
        "company.email" => nameof(Email),
        "company.phone" => nameof(Phone),
        "company.dataprotectioncontact.name" => nameof(DpoName),
        "company.dataprotectioncontact.email" => nameof(DpoEmail),
        "company.dataprotectioncontact.phone" => nameof(DpoPhone),
        "company.dataprotectioncontact.title" => nameof(DpoTitle),
        "company.website" => nameof(CompanyWebsite),
        "company.organisationform" => nameof(OrganisationForm),
        "country" => nameof(Country),
        var p when p.StartsWith("domains", StringComparison.Ordinal) => nameof(Website),
        _ => null,
    };

    /// <summary>The language a site in <paramref name="country"/> starts with (step 3 changes it).</summary>
    public static string LanguageOf(string? country) => country switch
    {
        "DK" => "da",
        "NO" => "nb",
        "SE" => "sv",
        "FI" => "fi",
        "DE" => "de",
        _ => "en",
    };

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A site's current settings as the request that would store them again: the wizard changes one part of it.</summary>
public static class SiteRequests
{
    public static SiteRequest From(Site site) => new()
    {
        DisplayName = site.DisplayName,
        Company = new CompanyRequest
        {
            LegalName = site.Company.LegalName,
            RegistrationNumber = site.Company.RegistrationNumber,
            Address = new AddressRequest { Street = site.Company.Address.Street, PostalCode = site.Company.Address.PostalCode, City = site.Company.Address.City, Country = site.Company.Address.Country },
            Email = site.Company.Email,
            Phone = site.Company.Phone,
            DataProtectionContact = site.Company.DataProtectionContact is { } dpc ? new DataProtectionContactRequest { Name = dpc.Name, Email = dpc.Email, Phone = dpc.Phone, Title = dpc.Title } : null,
            Website = site.Company.Website,
            OrganisationForm = site.Company.OrganisationForm,
        },
        Country = site.Country,
        Domains = site.Domains,
        DefaultLanguage = site.DefaultLanguage,
        Languages = site.Languages,
        Consent = new ConsentSettingsRequest
        {
            AcceptValidityMonths = site.Consent.AcceptValidityMonths,
            DeclineValidityMonths = site.Consent.DeclineValidityMonths,
            RetentionMonths = site.Consent.RetentionMonths,
            HonourGlobalPrivacyControl = site.Consent.HonourGlobalPrivacyControl,
        },
    };
}
