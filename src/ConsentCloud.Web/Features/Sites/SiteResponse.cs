namespace ConsentCloud.Web.Features.Sites;

public sealed record SiteResponse(
    string SiteKey,
    string DisplayName,
    Company Company,
    string Country,
    string RegistrationNumberLabel,
    IReadOnlyList<string> Domains,
    string DefaultLanguage,
    IReadOnlyList<string> Languages,
    ConsentSettings Consent,
    int LatestRevision,
    DateTimeOffset? PublishedAt,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    SiteLinks Links)
{
    public static SiteResponse From(Site site) => new(
        site.Key.Value, site.DisplayName, site.Company, site.Country, RegistrationNumbers.Label(site.Country), site.Domains,
        site.DefaultLanguage, site.Languages, site.Consent, site.LatestRevision, site.PublishedAt, site.Created, site.Updated,
        new SiteLinks($"/v1/sites/{site.Key}/config.json"));
}

/// <summary>Public paths of the site's artefacts, relative to the ConsentCloud host.</summary>
public sealed record SiteLinks(string Config);
