using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>The catalogue as the app loads it, and sites to apply it to (in memory: these tests need no storage).</summary>
internal static class CatalogueWorld
{
    public static readonly ServiceCatalogue Builtin = new();

    public static readonly string[] AllLanguages = ["da", "nb", "sv", "fi", "en", "de"];

    public static Site Site(params string[] languages)
    {
        var now = new DateTimeOffset(2025, 3, 12, 9, 0, 0, TimeSpan.Zero);
        return new Site(
            SiteKey.New(), AgencyId.New(), "Bageriet Hansen",
            new Company("Bageriet Hansen ApS", "10150817", new Address("Strandvejen 12", "2100", "København Ø", null), "kontakt@bageriet.example", null, null),
            "DK", ["www.bageriet.example"], languages[0], languages, ConsentSettings.Default, 0, null, now, now, null);
    }

    /// <summary>A service an agency describes itself: a Danish booking widget, in Danish and English.</summary>
    public static CatalogueService Custom(string id = "bookbord") => new()
    {
        Id = id,
        Name = "BookBord",
        Provider = new ServiceProvider
        {
            LegalName = "BookBord ApS", Street = "Nørregade 1", PostalCode = "1165", City = "København K", Country = "DK",
            PrivacyPolicyUrl = "https://bookbord.example/privacy",
        },
        Category = "preferences",
        Purpose = new Dictionary<string, string>
        {
            ["da"] = "Lader dig bestille bord direkte på siden.",
            ["en"] = "Lets you book a table right on the page.",
        },
        Cookies = [new CatalogueCookie { Name = "bb_session", Lifetime = "session" }],
    };
}
