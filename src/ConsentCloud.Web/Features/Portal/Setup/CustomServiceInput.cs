using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>
/// A custom service as a form (a provider, a category, the purpose in each site language, up to
/// <see cref="CookieRows"/> cookies). It becomes a <see cref="CatalogueService"/>, checked by
/// <see cref="ServiceCatalogue.CheckCustom"/> exactly as the API's custom services are.
/// </summary>
public sealed class CustomServiceInput
{
    public const int CookieRows = 3;

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Category { get; set; } = "statistics";
    public bool SelfHosted { get; set; }
    public string? ProviderName { get; set; }
    public string? ProviderStreet { get; set; }
    public string? ProviderPostalCode { get; set; }
    public string? ProviderCity { get; set; }
    public string? ProviderCountry { get; set; }
    public string? PrivacyPolicyUrl { get; set; }
    public string? NecessaryReason { get; set; }
    public Dictionary<string, string?> Purpose { get; set; } = [];
    public List<CookieInput> Cookies { get; set; } = [];

    public sealed class CookieInput
    {
        public string? Name { get; set; }
        public string? Lifetime { get; set; }
        public string? Domain { get; set; }

        /// <summary>What the cookie does, by language; required for a cookie without a name.</summary>
        public Dictionary<string, string?> Purpose { get; set; } = [];
    }

    public CatalogueService ToService(IReadOnlyList<string> languages) => new()
    {
        Id = CompanyInput.Clean(Id) ?? "",
        Name = CompanyInput.Clean(Name) ?? "",
        Category = CompanyInput.Clean(Category) ?? "",
        SelfHosted = SelfHosted,
        Provider = new[] { ProviderName, ProviderStreet, ProviderPostalCode, ProviderCity, ProviderCountry, PrivacyPolicyUrl }.All(v => CompanyInput.Clean(v) is null) ? null : new Catalogue.ServiceProvider
        {
            LegalName = CompanyInput.Clean(ProviderName) ?? "",
            Street = CompanyInput.Clean(ProviderStreet) ?? "",
            PostalCode = CompanyInput.Clean(ProviderPostalCode),
            City = CompanyInput.Clean(ProviderCity) ?? "",
            Country = CompanyInput.Clean(ProviderCountry)?.ToUpperInvariant() ?? "",
            PrivacyPolicyUrl = CompanyInput.Clean(PrivacyPolicyUrl) ?? "",
        },
        StrictlyNecessary = Category == BannerRules.Necessary,
        NecessaryReason = Category == BannerRules.Necessary ? CompanyInput.Clean(NecessaryReason) : null,
        Purpose = languages.Where(l => CompanyInput.Clean(Purpose.GetValueOrDefault(l)) is not null).ToDictionary(l => l, l => Purpose[l]!.Trim()),
        Cookies = Cookies.Take(CookieRows).Where(c => CompanyInput.Clean(c.Name) is not null || CompanyInput.Clean(c.Lifetime) is not null || c.Purpose.Values.Any(p => CompanyInput.Clean(p) is not null))
            .Select(c => new CatalogueCookie
            {
                Name = CompanyInput.Clean(c.Name),
                Lifetime = CompanyInput.Clean(c.Lifetime) ?? "",
                Domain = CompanyInput.Clean(c.Domain),
                Purpose = languages.Where(l => CompanyInput.Clean(c.Purpose.GetValueOrDefault(l)) is not null).ToDictionary(l => l, l => c.Purpose[l]!.Trim()) is { Count: > 0 } purpose ? purpose : null,
            })
            .ToList(),
    };

    /// <summary>The form field of an error path of <see cref="ServiceCatalogue.CheckCustom"/> ("custom[0].provider.legalName").</summary>
    public static string? Field(string path)
    {
        var at = path.IndexOf("].", StringComparison.Ordinal);
        var member = at >= 0 ? path[(at + 2)..] : path;
        return member switch
        {
            "id" => nameof(Id),
            "name" => nameof(Name),
            "category" => nameof(Category),
            "strictlyNecessary" or "necessaryReason" => nameof(NecessaryReason),
            "provider" or "provider.legalName" => nameof(ProviderName),
            "provider.street" => nameof(ProviderStreet),
            "provider.postalCode" => nameof(ProviderPostalCode),
            "provider.city" => nameof(ProviderCity),
            "provider.country" => nameof(ProviderCountry),
            "provider.privacyPolicyUrl" => nameof(PrivacyPolicyUrl),
            var m when m.StartsWith("purpose.", StringComparison.Ordinal) => $"{nameof(Purpose)}[{m[8..]}]",
            var m when m.StartsWith("cookies[", StringComparison.Ordinal) && m.Length > 9 && char.IsDigit(m[8]) =>
                $"{nameof(Cookies)}[{m[8]}]" + (m.EndsWith(".lifetime", StringComparison.Ordinal) ? ".Lifetime" : m.EndsWith(".domain", StringComparison.Ordinal) ? ".Domain"
                    : m.IndexOf(".purpose", StringComparison.Ordinal) is var p and > 0 ? (m.Length > p + 9 ? $".Purpose[{m[(p + 9)..]}]" : ".Purpose") : ".Name"),
            _ => null,
        };
    }
}
