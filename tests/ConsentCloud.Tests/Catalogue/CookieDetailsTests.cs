using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Policies.Texts;
using static ConsentCloud.Tests.Catalogue.CatalogueWorld;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>
/// What a cookie policy says about each cookie (its purpose, its lifetime as policies state it, cookies the provider
/// does not name) and about each provider (its address with the country in the page's language). In memory.
/// </summary>
public sealed class CookieDetailsTests
{
    private static string CookiePage(Web.Features.Sites.Site site, BannerConfig config, string language) =>
        PolicyRenderer.MainContent(new PolicyInput(site, PublishedConfig.From(site, config), PolicyDraft.Empty, PolicyKind.Cookies, language));

    private static readonly string[] EnglishCountryNames = ["Ireland", "Malta", "United States", "New Zealand", "Denmark", "United Kingdom", "China"];

    [Fact]
    public void ACatalogueCookiesPurposeReachesTheDraftInTheSitesLanguages()
    {
        var site = Site("da", "sv");

        var service = ServiceCatalogue.ToServiceConfig(Builtin.Get("google-analytics")!, site);

        var ga = service.Cookies.Single(c => c.Name == "_ga");
        Assert.Equal(["da", "sv"], ga.Purpose!.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("Genkender din browser ved senere besøg", ga.Purpose["da"], StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomCookiesPurposeIsKeptOnTheWayIntoTheDraft()
    {
        var site = Site("da", "en");
        var custom = Custom() with
        {
            Cookies = [new CatalogueCookie { Name = "bb_session", Lifetime = "session", Purpose = new Dictionary<string, string> { ["da"] = "Husker din bestilling.", ["en"] = "Remembers your booking." } }],
        };

        var result = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [custom]);

        Assert.Equal("Husker din bestilling.", Assert.Single(Assert.Single(result.Config.Services).Cookies).Purpose!["da"]);
    }

    [Fact]
    public void ASiteLanguageAddedLaterGivesTheCataloguesCookiesTheirPurposeInItToo()
    {
        var danish = Site("da");
        var draft = Builtin.AddToDraft(DefaultBanner.For(["da", "fi"]), danish, [Builtin.Get("hotjar")!]).Config;
        var alsoFinnish = Site("da", "fi");

        var result = Builtin.AddToDraft(draft, alsoFinnish, [Builtin.Get("hotjar")!]);

        var cookie = result.Config.Services[0].Cookies.Single(c => c.Name == "_hjSession_*");
        Assert.Equal(draft.Services[0].Cookies.Single(c => c.Name == "_hjSession_*").Purpose!["da"], cookie.Purpose!["da"]);
        Assert.StartsWith("Pitää kirjaa meneillään olevasta käynnistä", cookie.Purpose["fi"], StringComparison.Ordinal);
    }

    [Fact]
    public void ATransferToACountryWithoutNamesIsRefused()
    {
        var custom = Custom() with { Transfers = [new DataTransfer { Country = "ZZ", Basis = TransferBasis.StandardContractualClauses }] };

        var errors = Builtin.CheckCustom(custom, ["da", "en"], BannerRules.BuiltInCategories);

        Assert.Contains("is not a country ConsentCloud can name", Assert.Single(errors["transfers[0].country"]), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCookiePolicyShowsEachCookiesPurposeInThePagesLanguage()
    {
        var site = Site("da", "en");
        var config = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Builtin.Get("google-analytics")!]).Config;

        var danish = CookiePage(site, config, "da");
        var english = CookiePage(site, config, "en");

        Assert.Matches(new Regex("<code>_ga</code></td><td>—</td><td>2 år</td><td>HTTP-cookie</td><td>Genkender din browser ved senere besøg"), danish);
        Assert.Matches(new Regex("<code>_ga_\\*</code></td><td>—</td><td>2 years</td><td>HTTP cookie</td><td>Keeps track of the current visit"), english);
        Assert.Contains("<th scope=\"col\">Formål</th></tr>", danish, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NonEnglish))]
    public void ProviderAddressesNameTheirCountryInThePagesLanguage(string language)
    {
        var site = Site(language);
        var config = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, Builtin.All).Config;

        var html = CookiePage(site, config, language);

        foreach (var english in EnglishCountryNames.Where(n => n != Countries.Name(CodeOf(n), language)))
        {
            Assert.DoesNotMatch(new Regex($"<dd>[^<]*, {english}</dd>"), html);
        }

        Assert.Contains($"Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, D04 E5W5, {Countries.Name("IE", language)}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"Hotjar Ltd, Dragonara Business Centre, Dragonara Road, Paceville, St Julian&#x27;s STJ 3141, {Countries.Name("MT", language)}</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("floor", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EveryCatalogueProviderIsInACountryNamedInEveryLanguage()
    {
        foreach (var service in Builtin.All.Where(s => s.Provider is not null))
        {
            Assert.True(Countries.IsKnown(service.Provider!.Country), service.Id);
            Assert.DoesNotContain(EnglishCountryNames, n => service.Provider.Street.Contains(n, StringComparison.Ordinal) || service.Provider.City.Contains(n, StringComparison.Ordinal));
        }

        Assert.Equal("Yhdysvallat", Countries.Name("US", "fi"));
        Assert.Equal("Irland", Countries.Name("IE", "sv"));
        Assert.Equal("Storbritannia", Countries.Name("GB", "nb"));
    }

    [Fact]
    public void ACustomProviderInACountryWithoutNamesIsRefused()
    {
        var custom = Custom() with { Provider = Custom().Provider! with { Country = "ZZ" } };

        var errors = Builtin.CheckCustom(custom, ["da", "en"], BannerRules.BuiltInCategories);

        Assert.Contains("is not a country ConsentCloud can name", Assert.Single(errors["provider.country"]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllLanguagesData))]
    public void TheBannersOwnEntryDoesNotRepeatTheNecessaryNote(string language)
    {
        var site = Site(language);

        var html = CookiePage(site, DefaultBanner.For(site.Languages), language);

        var note = PolicyRenderer.E(PolicyTexts.Get(language, "cookies.necessaryNote"));
        Assert.Single(Regex.Matches(html, Regex.Escape(note)));
        Assert.Contains(PolicyRenderer.E(PolicyTexts.Get(language, "cookies.ownStorage")), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("da", "<=2y", "Op til 2 år")]
    [InlineData("nb", "<=2y", "Opptil 2 år")]
    [InlineData("sv", "<=13mo", "Upp till 13 månader")]
    [InlineData("fi", "<=2y", "Enintään 2 vuotta")]
    [InlineData("fi", "<=1y", "Enintään 1 vuosi")]
    [InlineData("en", "<=2y", "Up to 2 years")]
    [InlineData("en", "<=30min", "Up to 30 minutes")]
    [InlineData("de", "<=2y", "Höchstens 2 Jahre")]
    [InlineData("nb", "session", "Til nettleseren lukkes")]
    [InlineData("sv", "session", "Tills webbläsaren stängs")]
    [InlineData("fi", "session", "Kunnes selain suljetaan")]
    [InlineData("de", "session", "Bis der Browser geschlossen wird")]
    [InlineData("sv", "persistent", "Inget fast utgångsdatum")]
    [InlineData("sv", "30min", "30 minuter")]
    public void LifetimesReadAsPoliciesStateThem(string language, string lifetime, string expected) =>
        Assert.Equal(expected, PolicyTexts.Lifetime(language, lifetime));

    [Theory]
    [InlineData("<=session")]
    [InlineData("<=persistent")]
    [InlineData("<=0d")]
    [InlineData("<2y")]
    [InlineData("=<2y")]
    [InlineData("<=2 y")]
    [InlineData("<=100000d")]
    [InlineData("up to 2y")]
    public void AnUpToLifetimeInAnotherFormIsRefused(string lifetime)
    {
        var custom = Custom() with { Cookies = [new CatalogueCookie { Name = "bb_session", Lifetime = lifetime }] };

        var errors = Builtin.CheckCustom(custom, ["da", "en"], BannerRules.BuiltInCategories);

        Assert.Contains("<=2y", Assert.Single(errors["cookies[0].lifetime"]), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PolicyTexts.Lifetime("en", lifetime));
    }

    [Fact]
    public void AnUnnamedCookieNeedsItsDescriptionInEveryLanguage()
    {
        var custom = Custom() with
        {
            Cookies = [new CatalogueCookie { Lifetime = "<=2y", Purpose = new Dictionary<string, string> { ["da"] = "Cookies, som betalingsudbyderen sætter for at opdage svindel." } }],
        };

        var errors = Builtin.CheckCustom(custom, ["da", "en"], BannerRules.BuiltInCategories);

        Assert.Equal(["cookies[0].purpose.en"], errors.Keys);
        Assert.Empty(Builtin.CheckCustom(custom with { Cookies = [custom.Cookies[0] with { Purpose = new Dictionary<string, string> { ["da"] = "Svindel.", ["en"] = "Fraud." } }] }, ["da", "en"], BannerRules.BuiltInCategories));
    }

    [Fact]
    public void AnUnnamedCookieIsShownAsSuchWithItsDescription()
    {
        var site = Site("da", "en");
        var custom = Custom() with
        {
            Cookies =
            [
                new CatalogueCookie
                {
                    Lifetime = "<=2y", Domain = "pay.example",
                    Purpose = new Dictionary<string, string> { ["da"] = "Cookies, som betalingsudbyderen sætter for at opdage svindel.", ["en"] = "Cookies the payment provider sets to detect fraud." },
                },
            ],
        };
        var config = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [custom]).Config;

        var html = CookiePage(site, config, "da");

        Assert.Empty(BannerRules.Check(config, site));
        Assert.Matches(new Regex("<em class=\"unnamed\">\\(uden navn\\)</em></td><td>pay.example</td><td>Op til 2 år</td><td>HTTP-cookie</td><td>Cookies, som betalingsudbyderen sætter for at opdage svindel.</td>"), html);
    }

    [Fact]
    public void AnUnnamedCookieWithoutADescriptionInASiteLanguageCannotBePublished()
    {
        var site = Site("da", "en");
        var config = DefaultBanner.For(site.Languages) with
        {
            Services = [ServiceCatalogue.ToServiceConfig(Custom(), site) with { Cookies = [new CookieConfig { Lifetime = "session", Purpose = new Dictionary<string, string> { ["da"] = "Svindel." } }] }],
        };

        var problems = BannerRules.Check(config, site);

        Assert.Equal("services[0].cookies[0].purpose.en", Assert.Single(problems).Path);
    }

    public static TheoryData<string> NonEnglish => new(AllLanguages.Where(l => l != "en"));

    public static TheoryData<string> AllLanguagesData => new(AllLanguages);

    private static string CodeOf(string englishName) => Countries.Codes.First(c => Countries.Name(c, "en") == englishName);
}
