using System.Text.Json;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using static ConsentCloud.Tests.Catalogue.CatalogueWorld;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>Turning a pick into the draft's services: no duplicates, the agency's edits kept, the rules still met.</summary>
public sealed class AddToDraftTests
{
    private static string Json(BannerConfig config) => JsonSerializer.Serialize(config, PublishedConfig.Json);

    [Fact]
    public void AddingTheSameServicesTwiceChangesNothing()
    {
        var site = Site("da", "en");
        var picks = new[] { Builtin.Get("google-analytics")!, Builtin.Get("youtube")!, Custom() };
        var once = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, picks);

        var twice = Builtin.AddToDraft(once.Config, site, picks);

        Assert.Equal(["google-analytics", "youtube", "bookbord"], once.Added);
        Assert.Empty(twice.Added);
        Assert.Equal(["google-analytics", "youtube", "bookbord"], twice.AlreadyPresent);
        Assert.Empty(twice.Changes);
        Assert.Equal(Json(once.Config), Json(twice.Config));
    }

    [Fact]
    public void APickListingAServiceTwiceAddsItOnce()
    {
        var site = Site("da");

        var result = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Builtin.Get("hotjar")!, Builtin.Get("hotjar")!]);

        Assert.Single(result.Config.Services);
    }

    [Fact]
    public void TheAgencysEditsToAServiceAreKept()
    {
        var site = Site("da", "en");
        var draft = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Builtin.Get("google-analytics")!]).Config;
        var edited = draft with
        {
            Services = [draft.Services[0] with
            {
                Name = "Google Analytics (vores opsætning)",
                Category = "marketing",
                Purpose = new Dictionary<string, string> { ["da"] = "Vores egen tekst.", ["en"] = "Our own text." },
                Cookies = [new CookieConfig { Name = "_ga", Lifetime = "13mo" }],
            }],
        };

        var result = Builtin.AddToDraft(edited, site, [Builtin.Get("google-analytics")!, Builtin.Get("hotjar")!]);

        Assert.Equal(edited.Services[0], result.Config.Services[0]);
        Assert.Equal(["hotjar"], result.Added);
        Assert.Equal(["google-analytics"], result.AlreadyPresent);
    }

    [Fact]
    public void ASiteLanguageAddedLaterGetsTheCataloguePurposeWithoutTouchingTheOthers()
    {
        var danish = Site("da");
        var draft = Builtin.AddToDraft(DefaultBanner.For(["da", "sv"]), danish, [Builtin.Get("hotjar")!]).Config;
        draft = draft with { Services = [draft.Services[0] with { Purpose = new Dictionary<string, string> { ["da"] = "Vores egen tekst." } }] };
        var nowSwedishToo = Site("da", "sv");

        var result = Builtin.AddToDraft(draft, nowSwedishToo, [Builtin.Get("hotjar")!]);

        var purpose = result.Config.Services[0].Purpose;
        Assert.Equal("Vores egen tekst.", purpose["da"]);
        Assert.StartsWith("Hotjar visar oss hur webbplatsen används", purpose["sv"], StringComparison.Ordinal);
        Assert.Single(result.Changes);
        Assert.Empty(BannerRules.Check(result.Config, nowSwedishToo));
    }

    [Fact]
    public void ACategoryTheDraftDroppedComesBackWithItsTexts()
    {
        var site = Site("da", "fi");
        var draft = DefaultBanner.For(site.Languages);
        draft = draft with
        {
            Categories = draft.Categories.Where(c => c.Id != "preferences").ToList(),
            Texts = draft.Texts.ToDictionary(t => t.Key, t => t.Value with { Categories = t.Value.Categories.Where(c => c.Key != "preferences").ToDictionary() }),
            ConsentMode = draft.ConsentMode with { Mapping = draft.ConsentMode.Mapping.Where(m => !m.Value.Contains("preferences")).ToDictionary() },
        };

        var result = Builtin.AddToDraft(draft, site, [Builtin.Get("intercom")!]);

        Assert.Contains(result.Config.Categories, c => c.Id == "preferences");
        Assert.Equal("Asetukset", result.Config.Texts["fi"].Categories["preferences"].Name);
        Assert.Empty(BannerRules.Check(result.Config, site));
    }

    [Fact]
    public void AnUnmappedConsentModeSignalIsMappedToTheServicesCategory()
    {
        var site = Site("da");
        var draft = DefaultBanner.For(site.Languages);
        draft = draft with { ConsentMode = draft.ConsentMode with { Mapping = draft.ConsentMode.Mapping.Where(m => m.Key != "analytics_storage").ToDictionary() } };

        var result = Builtin.AddToDraft(draft, site, [Builtin.Get("google-analytics")!]);

        Assert.Equal(["statistics"], result.Config.ConsentMode.Mapping["analytics_storage"]);
        Assert.Contains("analytics_storage", Assert.Single(result.Changes), StringComparison.Ordinal);
    }

    [Fact]
    public void ASignalMappedElsewhereAlsoNeedsTheServicesCategorySoItIsNeverGrantedWithoutIt()
    {
        var site = Site("da");
        var draft = DefaultBanner.For(site.Languages);
        var mapping = draft.ConsentMode.Mapping.ToDictionary(m => m.Key, m => m.Value);
        mapping["ad_storage"] = ["preferences"];
        draft = draft with { ConsentMode = draft.ConsentMode with { Mapping = mapping } };

        var result = Builtin.AddToDraft(draft, site, [Builtin.Get("google-ads")!]);

        Assert.Equal(["preferences", "marketing"], result.Config.ConsentMode.Mapping["ad_storage"]);
        Assert.Equal(["marketing"], result.Config.ConsentMode.Mapping["ad_user_data"]);
        Assert.Empty(BannerRules.Check(result.Config, site));
    }

    [Fact]
    public void ACustomServiceBecomesAPublishableBannerService()
    {
        var site = Site("da", "en");

        var result = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Custom()]);

        var service = Assert.Single(result.Config.Services);
        Assert.Equal("BookBord ApS", service.Provider);
        Assert.Equal(new PostalAddress { Street = "Nørregade 1", PostalCode = "1165", City = "København K", Country = "DK" }, service.ProviderAddress);
        Assert.Equal("bb_session", Assert.Single(service.Cookies).Name);
        Assert.Empty(BannerRules.Check(result.Config, site));
    }
}
