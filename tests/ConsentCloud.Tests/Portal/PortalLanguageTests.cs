using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConsentCloud.Tests.Hosting;
using ConsentCloud.Tests.Portal.Sites;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// The portal's language: the reader's choice (?ui-lang=, remembered in a cookie), else Accept-Language, else English;
/// and the parts of the portal that are translated are translated completely, in da, nb, sv and fi.
/// </summary>
public sealed partial class PortalLanguageTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly string FeaturesDirectory = Path.Combine(RepoPaths.Root, "src", "ConsentCloud.Web", "Features");
    private static readonly string[] Languages = ["da", "nb", "sv", "fi"];

    /// <summary>The resource files with translations, and the keys (by prefix) every language must have.</summary>
    public static readonly TheoryData<string, string> Translated = new()
    {
        { "Portal/PortalText", "Layout." },
        { "Portal/PortalText", "Nav." },
        { "Portal/SitePages/SitePagesText", "Census." },
        { "Scanning/ScanText", "" },
        { "Portal/WizardText", "AutoBlocking." },
    };

    [Theory]
    [MemberData(nameof(Translated))]
    public void EveryLanguageHasEveryKeyOfATranslatedPartWithItsPlaceholders(string file, string prefix)
    {
        var english = Read(file, null).Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary();
        Assert.NotEmpty(english);
        foreach (var language in Languages)
        {
            var translated = Read(file, language);
            foreach (var (key, value) in english)
            {
                Assert.True(translated.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text), $"{file}.{language}.resx has no '{key}'");
                Assert.Equal(Placeholders(value), Placeholders(text));
                // Short technical words (localStorage, Cookie, Id) may rightly stay as they are; sentences may not.
                Assert.True(text != value || value.Length < 16, $"{file}.{language}.resx: '{key}' is the English text");
            }

            Assert.Empty(translated.Keys.Except(Read(file, null).Keys)); // no key the English file lacks
        }
    }

    [Fact]
    public async Task ABrowserAskingForDanishGetsTheCensusPageInDanish()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/portal/sites/{world.SiteA1}/census");
        request.Headers.AcceptLanguage.ParseAdd("da-DK,da;q=0.9,en;q=0.5");

        var html = WebUtility.HtmlDecode(await (await world.Owner.Http.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Contains("<html lang=\"da\">", html, StringComparison.Ordinal);
        Assert.Contains(CensusTitle("da"), html, StringComparison.Ordinal);
        Assert.DoesNotContain(CensusTitle(null), html, StringComparison.Ordinal);
        Assert.Contains(Read("Portal/PortalText", "da")["Nav.Dashboard"], html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSitePagesScanPanelFollowsTheChosenLanguage()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var site = $"/portal/sites/{world.SiteA1}";

        foreach (var language in Languages)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await world.Owner.GetAsync($"{site}?ui-lang={language}")).StatusCode);
            var html = WebUtility.HtmlDecode(await world.Owner.GetStringAsync(site));

            Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
            Assert.Contains(Read("Scanning/ScanText", language)["Scan.Start"], html, StringComparison.Ordinal);
            Assert.Contains(Read("Scanning/ScanText", language)["Scan.Heading"], html, StringComparison.Ordinal);
            Assert.Contains(Read("Scanning/ScanText", language)["Verify.Heading"], html, StringComparison.Ordinal);
            Assert.Contains(Read("Scanning/ScanText", language)["Verify.Check"], html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AChosenLanguageIsRememberedAndWinsOverTheBrowsers()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var census = $"/portal/sites/{world.SiteA1}/census";

        var chosen = await world.Owner.GetAsync(census + "?days=7&ui-lang=fi");

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal(census + "?days=7", chosen.Headers.Location!.OriginalString);
        using var request = new HttpRequestMessage(HttpMethod.Get, census);
        request.Headers.AcceptLanguage.ParseAdd("sv");
        var html = WebUtility.HtmlDecode(await (await world.Owner.Http.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"fi\">", html, StringComparison.Ordinal);
        Assert.Contains(CensusTitle("fi"), html, StringComparison.Ordinal);
        Assert.Contains("href=\"?ui-lang=fi\" hreflang=\"fi\" lang=\"fi\" aria-current=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("days=7", html, StringComparison.Ordinal); // the picker repeats no path or query of the page
    }

    [Fact]
    public async Task AnUnknownLanguageOrNoneIsEnglish()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var census = $"/portal/sites/{world.SiteA1}/census";

        Assert.Contains("<html lang=\"en\">", await world.Member.GetStringAsync(census), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await world.Member.GetAsync(census + "?ui-lang=xx")).StatusCode);
        var html = WebUtility.HtmlDecode(await world.Member.GetStringAsync(census));
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains(CensusTitle(null), html, StringComparison.Ordinal);
    }

    private static string CensusTitle(string? language) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Read("Portal/SitePages/SitePagesText", language)["Census.Title"], "Site One");

    private static Dictionary<string, string> Read(string file, string? language)
    {
        var path = Path.Combine(FeaturesDirectory, file + (language is null ? "" : "." + language) + ".resx");
        Assert.True(File.Exists(path), $"{path} is missing");
        return XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex("\\{[0-9]+[^}]*\\}")]
    private static partial Regex Placeholder();
}
