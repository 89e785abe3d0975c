using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using static ConsentCloud.Tests.Catalogue.CatalogueWorld;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>A service the catalogue lacks, described by the agency: checked before it reaches a draft.</summary>
public sealed class CustomServiceValidationTests
{
    private static readonly string[] DanishAndEnglish = ["da", "en"];

    private static Dictionary<string, string[]> Check(CatalogueService service) =>
        Builtin.CheckCustom(service, DanishAndEnglish, BannerRules.BuiltInCategories, "custom[0]");

    [Fact]
    public void AWellDescribedServicePasses() => Assert.Empty(Check(Custom()));

    [Fact]
    public void EachMissingLanguageIsNamedByItsPath()
    {
        var errors = Check(Custom() with { Purpose = new Dictionary<string, string> { ["da"] = "Kun dansk.", ["pl"] = "Tylko po polsku." } });

        Assert.Equal(["The English text is missing."], errors["custom[0].purpose.en"]);
        Assert.Contains("'pl' is not a supported language", errors["custom[0].purpose.pl"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void TextsAndListsAreBounded()
    {
        var errors = Check(Custom() with
        {
            Name = new string('x', 101),
            Purpose = new Dictionary<string, string> { ["da"] = new string('x', 601), ["en"] = "Fine." },
            Cookies = [.. Enumerable.Range(0, 51).Select(i => new CatalogueCookie { Name = $"c{i}", Lifetime = "1d" })],
        });

        Assert.True(errors.ContainsKey("custom[0].name"));
        Assert.Equal(["The Danish text is longer than 600 characters."], errors["custom[0].purpose.da"]);
        Assert.True(errors.ContainsKey("custom[0].cookies"));
    }

    [Fact]
    public void AnUnknownCategoryIsRefused() =>
        Assert.Contains("'tracking' is not a category of the banner", Check(Custom() with { Category = "tracking" })["custom[0].category"][0], StringComparison.Ordinal);

    [Fact]
    public void NecessaryNeedsToBeStrictlyNecessaryWithAReason()
    {
        Assert.True(Check(Custom() with { Category = "necessary" }).ContainsKey("custom[0].strictlyNecessary"));
        Assert.True(Check(Custom() with { StrictlyNecessary = true }).ContainsKey("custom[0].strictlyNecessary"));
        Assert.Empty(Check(Custom() with { Category = "necessary", StrictlyNecessary = true, NecessaryReason = "Keeps the booking the visitor started." }));
    }

    [Fact]
    public void CookiesNeedANameALifetimeAndNoTwin()
    {
        var errors = Check(Custom() with
        {
            Cookies =
            [
                new CatalogueCookie { Name = "", Lifetime = "session" },
                new CatalogueCookie { Name = "bad name", Lifetime = "forever" },
                new CatalogueCookie { Name = "bb", Lifetime = "1d" },
                new CatalogueCookie { Name = "bb", Lifetime = "2d" },
            ],
        });

        Assert.True(errors.ContainsKey("custom[0].cookies[0].name"));
        Assert.Contains("characters a cookie name may have", errors["custom[0].cookies[1].name"][0], StringComparison.Ordinal);
        Assert.Contains("A lifetime is session, persistent", errors["custom[0].cookies[1].lifetime"][0], StringComparison.Ordinal);
        Assert.Equal(["The cookie 'bb' is listed twice."], errors["custom[0].cookies"]);
    }

    [Fact]
    public void ProviderIsRequiredUnlessSelfHostedAndItsPolicyLinkIsHttps()
    {
        Assert.True(Check(Custom() with { Provider = null }).ContainsKey("custom[0].provider"));
        Assert.Empty(Check(Custom() with { Provider = null, SelfHosted = true }));
        var http = Custom() with { Provider = Custom().Provider! with { PrivacyPolicyUrl = "http://bookbord.example/privacy" } };
        Assert.Equal(["The privacy policy link must start with https://."], Check(http)["custom[0].provider.privacyPolicyUrl"]);
    }

    [Fact]
    public void TransfersAreOnlyForCountriesOutsideTheEea()
    {
        var errors = Check(Custom() with { Transfers = [new DataTransfer { Country = "SE", Basis = TransferBasis.StandardContractualClauses }] });

        Assert.Equal(["SE is in the EU/EEA; only countries outside it are transfers."], errors["custom[0].transfers[0].country"]);
    }

    [Fact]
    public void ConsentModeSignalsMustBeRealOnes() =>
        Assert.Contains("'analytics' is not a Google Consent Mode signal", Check(Custom() with { ConsentSignals = ["analytics"] })["custom[0].consentSignals[0]"][0], StringComparison.Ordinal);

    [Fact]
    public void ACatalogueIdCannotBeReusedForACustomService() =>
        Assert.Contains("is a catalogue service", Check(Custom("hotjar"))["custom[0].id"][0], StringComparison.Ordinal);
}
