using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Policies.Texts;
using static ConsentCloud.Tests.Catalogue.CatalogueWorld;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>The built-in catalogue: complete in every language, consistent, and publishable as it comes.</summary>
public sealed class CatalogueEntryTests
{
    public static TheoryData<string> Ids() => [.. Builtin.All.Select(s => s.Id)];

    [Fact]
    public void TheCatalogueHasEveryServiceTheWizardOffers()
    {
        string[] promised =
        [
            "google-analytics", "google-tag-manager", "google-ads", "meta-pixel", "linkedin-insight", "tiktok-pixel", "hotjar",
            "microsoft-clarity", "matomo", "matomo-cloud", "siteimprove", "hubspot", "youtube", "vimeo", "google-maps", "calendly",
            "trustpilot", "zendesk-chat", "intercom",
        ];

        Assert.Empty(promised.Except(Builtin.All.Select(s => s.Id)));
    }

    [Fact]
    public void IdsAreUniqueStableSlugs()
    {
        Assert.Equal(Builtin.All.Count, Builtin.All.Select(s => s.Id).Distinct().Count());
        Assert.All(Builtin.All, s => Assert.Matches(CategoryConfig.IdPattern, s.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryEntryHasItsPurposeAndEveryCookiePurposeInAllLanguages(string id)
    {
        var service = Builtin.Get(id)!;

        Assert.All(AllLanguages, l => Assert.False(string.IsNullOrWhiteSpace(service.Purpose.GetValueOrDefault(l)), $"{id}: purpose in {l}"));
        Assert.All(service.Cookies, c => Assert.All(AllLanguages, l =>
            Assert.False(string.IsNullOrWhiteSpace(c.Purpose?.GetValueOrDefault(l)), $"{id}: {c.Name} purpose in {l}")));
        Assert.Empty(ServiceValidation.Check(service, AllLanguages, BannerRules.BuiltInCategories, requireCookiePurposes: true));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryEntryPassesTheBannerRulesWhenAddedToTheDefaultDraft(string id)
    {
        var site = Site(AllLanguages);

        var result = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Builtin.Get(id)!]);

        Assert.Equal([id], result.Added);
        Assert.Empty(BannerRules.Check(result.Config, site));
        Assert.Empty(result.Changes); // the default draft already maps every signal the catalogue needs
    }

    [Fact]
    public void TheWholeCatalogueTogetherIsAPublishableDraft()
    {
        var site = Site("da", "en");

        var result = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, Builtin.All);

        Assert.Equal(Builtin.All.Count, result.Config.Services.Count);
        Assert.Empty(BannerRules.Check(result.Config, site));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void NoServiceListsACookieTwice(string id) =>
        Assert.DoesNotContain(Builtin.Get(id)!.Cookies.GroupBy(c => (c.Name, c.Domain)), g => g.Count() > 1);

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryLifetimeParsesAndReadsInEveryLanguage(string id)
    {
        foreach (var cookie in Builtin.Get(id)!.Cookies)
        {
            Assert.Matches(@"^(session|persistent|(<=)?[1-9][0-9]{0,4}(min|h|d|w|mo|y))$", cookie.Lifetime);
            Assert.All(AllLanguages, l => Assert.False(string.IsNullOrWhiteSpace(PolicyTexts.Lifetime(l, cookie.Lifetime))));
        }
    }

    [Theory]
    [InlineData("google-analytics", "_ga", "2y")]
    [InlineData("google-analytics", "_ga_*", "2y")]
    [InlineData("google-ads", "_gcl_au", "90d")]
    [InlineData("meta-pixel", "_fbp", "90d")]
    [InlineData("linkedin-insight", "li_fat_id", "30d")]
    [InlineData("tiktok-pixel", "_ttp", "13mo")]
    [InlineData("hotjar", "_hjSession_*", "30min")]
    [InlineData("microsoft-clarity", "_clck", "1y")]
    [InlineData("matomo", "_pk_id.*", "13mo")]
    [InlineData("intercom", "intercom-session-*", "1w")]
    [InlineData("vimeo", "vuid", "2y")]
    public void LifetimesAreWhatTheVendorsDocument(string id, string cookie, string lifetime) =>
        Assert.Equal(lifetime, Builtin.Get(id)!.Cookies.Single(c => c.Name == cookie).Lifetime);

    [Fact]
    public void OnlyCloudflareClaimsToBeStrictlyNecessaryAndSaysWhy()
    {
        var necessary = Builtin.All.Where(s => s.Category == BannerRules.Necessary).ToList();

        Assert.Equal(["cloudflare"], necessary.Select(s => s.Id));
        Assert.All(necessary, s => Assert.True(s.StrictlyNecessary && !string.IsNullOrWhiteSpace(s.NecessaryReason)));
    }

    [Fact]
    public void GoogleServicesDeclareTheConsentModeSignalsTheyRead()
    {
        Assert.Equal(["analytics_storage"], Builtin.Get("google-analytics")!.ConsentSignals);
        Assert.Equal(["ad_storage", "ad_user_data", "ad_personalization"], Builtin.Get("google-ads")!.ConsentSignals);
        Assert.Empty(Builtin.Get("meta-pixel")!.ConsentSignals);
    }

    [Fact]
    public void EmbedsAreRecognisedByTheirUrl()
    {
        Assert.Equal("youtube", Builtin.FindByEmbedUrl(new Uri("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"))?.Id);
        Assert.Equal("vimeo", Builtin.FindByEmbedUrl(new Uri("https://player.vimeo.com/video/76979871?dnt=1"))?.Id);
        Assert.Equal("google-maps", Builtin.FindByEmbedUrl(new Uri("https://www.google.com/maps/embed?pb=abc"))?.Id);
        Assert.Null(Builtin.FindByEmbedUrl(new Uri("https://www.google.com/search?q=maps")));
        Assert.All(Builtin.All.Where(s => s.Embed?.Example is not null), s =>
            Assert.Contains($"data-service=\"{s.Id}\"", s.Embed!.Example, StringComparison.Ordinal));
    }

    [Fact]
    public void TheCookiePolicyShowsProviderPurposeTransferPrivacyLinkAndCookies()
    {
        var site = Site("da", "en");
        var config = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Builtin.Get("google-analytics")!, Builtin.Get("google-ads")!]).Config;

        var html = PolicyRenderer.MainContent(new PolicyInput(site, PublishedConfig.From(site, config), PolicyDraft.Empty, PolicyKind.Cookies, "da"));

        Assert.Contains("<h4>Google Analytics 4</h4>", html, StringComparison.Ordinal);
        Assert.Contains("Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, D04 E5W5, Irland", html, StringComparison.Ordinal);
        Assert.Contains("Google Analytics 4 måler, hvordan besøgende bruger hjemmesiden", html, StringComparison.Ordinal);
        Assert.Contains("uden for EU/EØS (USA) på grundlag af EU-US Data Privacy Framework", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://policies.google.com/privacy\"", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<code>_ga</code></td><td>—</td><td>2 år</td>"), html);
        Assert.Matches(new Regex("<code>IDE</code></td><td>doubleclick.net</td><td>13 måneder</td>"), html);
    }

    [Fact]
    public void SelfHostedMatomoNamesTheSitesOwnCompanyAsProvider()
    {
        var site = Site("da");

        var service = ServiceCatalogue.ToServiceConfig(Builtin.Get("matomo")!, site);

        Assert.Equal("Bageriet Hansen ApS", service.Provider);
        Assert.Null(service.PrivacyPolicyUrl);
        Assert.DoesNotContain("EU/EØS", service.Purpose["da"], StringComparison.Ordinal);
        Assert.Equal(["da"], service.Purpose.Keys);
    }

    [Fact]
    public void ABrokenCatalogueStopsTheStart()
    {
        var broken = Builtin.Get("hotjar")! with { Purpose = new Dictionary<string, string> { ["da"] = "Kun dansk." } };

        var error = Assert.Throws<InvalidDataException>(() => new ServiceCatalogue([broken, broken]));

        Assert.Contains("hotjar: the id is used twice.", error.Message, StringComparison.Ordinal);
        Assert.Contains("hotjar.purpose.fi: The Finnish text is missing.", error.Message, StringComparison.Ordinal);
    }
}
