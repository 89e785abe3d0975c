using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Policies;

/// <summary>Three client sites built the way an agency would enter them, with their services and policy sections.</summary>
internal static class PolicyFixtures
{
    public static readonly string[] AllLanguages = ["da", "nb", "sv", "fi", "en"];

    /// <summary>A Danish design studio with embedded YouTube, Vimeo, Google Maps and Calendly.</summary>
    public static Dictionary<string, object?> DanishStudio() => Site("Studio Lys ApS", "DK", "10150817", "Vesterbrogade 40", "1620", "København V",
        ["studiolys.example", "www.studiolys.example", "localhost"], "da");

    /// <summary>A Norwegian web agency's own site.</summary>
    public static Dictionary<string, object?> NorwegianAgency() => Site("Fjordkode AS", "NO", "923609016", "Storgata 5", "0155", "Oslo",
        ["fjordkode.example", "localhost"], "nb");

    /// <summary>A Swedish software company with analytics, marketing and personalisation services.</summary>
    public static Dictionary<string, object?> SwedishSoftware() => Site("Norrsken Mjukvara AB", "SE", "556036-0793", "Kungsgatan 12", "111 43", "Stockholm",
        ["norrsken.example", "*.norrsken.example", "localhost"], "sv");

    public static Dictionary<string, object?> FinnishShop() => Site("Kuusi Kauppa Oy", "FI", "0112038-9", "Mannerheimintie 10", "00100", "Helsinki",
        ["kuusi.example", "localhost"], "fi");

    private static Dictionary<string, object?> Site(string legalName, string country, string registration, string street, string postalCode, string city, string[] domains, string defaultLanguage) => new()
    {
        ["displayName"] = legalName,
        ["company"] = new Dictionary<string, object?>
        {
            ["legalName"] = legalName,
            ["registrationNumber"] = registration,
            ["address"] = new { street, postalCode, city },
            ["email"] = "privacy@" + domains[0],
            ["phone"] = "+45 12 34 56 78",
            ["dataProtectionContact"] = new { name = "Kim Berg", email = "dpo@" + domains[0] },
        },
        ["country"] = country,
        ["domains"] = domains,
        ["defaultLanguage"] = defaultLanguage,
        ["languages"] = AllLanguages,
    };

    public static JsonObject Service(string id, string name, string provider, string category, params (string Name, string Lifetime, string? Domain)[] cookies)
    {
        var purpose = new JsonObject();
        foreach (var language in AllLanguages)
        {
            purpose[language] = $"{name} ({language})";
        }

        var list = new JsonArray();
        foreach (var (cookieName, lifetime, domain) in cookies)
        {
            var cookie = new JsonObject { ["name"] = cookieName, ["lifetime"] = lifetime };
            if (domain is not null)
            {
                cookie["domain"] = domain;
            }

            list.Add(cookie);
        }

        return new JsonObject
        {
            ["id"] = id, ["name"] = name, ["provider"] = provider, ["category"] = category,
            ["privacyPolicyUrl"] = "https://provider.example/privacy", ["purpose"] = purpose, ["cookies"] = list,
        };
    }

    public static JsonObject[] DanishStudioServices() =>
    [
        Service("youtube", "YouTube", "Google Ireland Limited", "marketing", ("YSC", "session", ".youtube.com"), ("VISITOR_INFO1_LIVE", "6mo", ".youtube.com")),
        Service("vimeo", "Vimeo", "Vimeo.com, Inc.", "statistics", ("vuid", "2y", ".vimeo.com")),
        Service("google-maps", "Google Maps", "Google Ireland Limited", "preferences", ("NID", "6mo", ".google.com")),
        Service("calendly", "Calendly", "Calendly LLC", "preferences", ("__cf_bm", "30min", ".calendly.com")),
    ];

    public static JsonObject[] SwedishSoftwareServices() =>
    [
        Service("google-analytics", "Google Analytics 4", "Google Ireland Limited", "statistics", ("_ga", "2y", null), ("_ga_*", "2y", null)),
        Service("hotjar", "Hotjar", "Hotjar Ltd", "statistics", ("_hjSessionUser_*", "1y", null)),
        Service("linkedin", "LinkedIn Insight Tag", "LinkedIn Ireland Unlimited Company", "marketing", ("li_sugr", "3mo", ".linkedin.com"), ("bcookie", "1y", ".linkedin.com")),
        Service("meta-pixel", "Meta Pixel", "Meta Platforms Ireland Limited", "marketing", ("_fbp", "3mo", null)),
        Service("optimizely", "Optimizely", "Optimizely AB", "preferences", ("optimizelyEndUserId", "6mo", null)),
    ];

    /// <summary>The agency-written sections in every language (with a little Markdown).</summary>
    public static object Sections(string company) => new { sections = SectionTexts(company) };

    /// <summary>The sections of <see cref="Sections"/> as section → language → Markdown, to change one before saving.</summary>
    public static Dictionary<string, Dictionary<string, string>> SectionTexts(string company)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>();
        foreach (var section in new[] { "purposes", "dataCollected", "recipients", "security", "transfers" })
        {
            sections[section] = AllLanguages.ToDictionary(l => l, l => $"**{company}** – {section} ({l}). Se [vores kontaktside](https://{company.Replace(' ', '-').ToLowerInvariant()}.example/kontakt) eller skriv til <mailto:privacy@example.dk>.\n\n- one\n- two");
        }

        return sections;
    }

    public static async Task<(TestAgency Agency, string SiteKey)> PublishedSiteAsync(TestApp app, Dictionary<string, object?> site, JsonObject[] services, bool withSections = true)
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, site);
        await SetServicesAsync(agency, siteKey, services);
        if (withSections)
        {
            (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), Sections((string)((Dictionary<string, object?>)site["company"]!)["legalName"]!))).EnsureSuccessStatusCode();
        }

        await app.PublishAsync(agency, siteKey);
        return (agency, siteKey);
    }

    public static async Task SetServicesAsync(TestAgency agency, string siteKey, JsonObject[] services)
    {
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();
        draft["services"] = new JsonArray(services.Select(s => (JsonNode)s.DeepClone()).ToArray());
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).EnsureSuccessStatusCode();
    }
}
