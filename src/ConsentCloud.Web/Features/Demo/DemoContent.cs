using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Demo;

/// <summary>The demo site: a Danish bakery with a web shop, Google Analytics, a YouTube video and the Meta Pixel.</summary>
internal static class DemoContent
{
    public static Site Site(AgencyId agency, SiteKey key, DateTimeOffset now) => new(
        key, agency, "Bageriet Hansen",
        new Company("Bageriet Hansen ApS", "10150817", new Address("Strandvejen 12", "2100", "København Ø", "Danmark"),
            "kontakt@bageriet-hansen.example", "+45 33 12 34 56", new DataProtectionContact("Mette Hansen", "privatliv@bageriet-hansen.example", null)),
        "DK", ["localhost", "127.0.0.1", "bageriet-hansen.example", "*.bageriet-hansen.example"],
        "da", ["da", "en", "sv", "nb", "fi"], ConsentSettings.Default,
        LatestRevision: 0, PublishedAt: null, Created: now, Updated: now, Deleted: null)
    {
        IsDemo = true,
    };

    public static BannerConfig Banner(Site site) => DefaultBanner.For(site.Languages) with
    {
        Services =
        [
            new ServiceConfig
            {
                Id = "google-analytics", Name = "Google Analytics 4", Provider = "Google Ireland Limited", Category = "statistics",
                PrivacyPolicyUrl = "https://policies.google.com/privacy",
                Purpose = Purposes(
                    "Måler, hvordan besøgende bruger siden, så vi kan forbedre den.",
                    "Måler hvordan besøkende bruker nettstedet, slik at vi kan forbedre det.",
                    "Mäter hur besökare använder webbplatsen så att vi kan förbättra den.",
                    "Mittaa, miten kävijät käyttävät sivustoa, jotta voimme parantaa sitä.",
                    "Measures how visitors use the site so we can improve it."),
                Cookies = [Cookie("_ga", "2y"), Cookie("_ga_*", "2y")],
            },
            new ServiceConfig
            {
                Id = "youtube", Name = "YouTube", Provider = "Google Ireland Limited", Category = "marketing",
                PrivacyPolicyUrl = "https://policies.google.com/privacy",
                Purpose = Purposes(
                    "Viser vores bagevideoer. YouTube kan bruge dit besøg til annoncering.",
                    "Viser bakevideoene våre. YouTube kan bruke besøket ditt til annonsering.",
                    "Visar våra bakvideor. YouTube kan använda ditt besök för annonsering.",
                    "Näyttää leivontavideomme. YouTube voi käyttää käyntiäsi mainontaan.",
                    "Shows our baking videos. YouTube may use your visit for advertising."),
                Cookies = [Cookie("VISITOR_INFO1_LIVE", "6mo"), Cookie("YSC", "session")],
            },
            new ServiceConfig
            {
                Id = "meta-pixel", Name = "Meta Pixel", Provider = "Meta Platforms Ireland Limited", Category = "marketing",
                PrivacyPolicyUrl = "https://www.facebook.com/privacy/policy/",
                Purpose = Purposes(
                    "Måler effekten af vores annoncer på Facebook og Instagram.",
                    "Måler effekten av annonsene våre på Facebook og Instagram.",
                    "Mäter effekten av våra annonser på Facebook och Instagram.",
                    "Mittaa Facebook- ja Instagram-mainostemme tehoa.",
                    "Measures the effect of our ads on Facebook and Instagram."),
                Cookies = [Cookie("_fbp", "3mo"), new CookieConfig { Name = "tr", Domain = "facebook.com", Lifetime = "session", Kind = CookieKind.Pixel }],
            },
        ],
    };

    private static Dictionary<string, string> Purposes(string da, string nb, string sv, string fi, string en) =>
        new() { ["da"] = da, ["nb"] = nb, ["sv"] = sv, ["fi"] = fi, ["en"] = en };

    private static CookieConfig Cookie(string name, string lifetime) => new() { Name = name, Lifetime = lifetime };
}
