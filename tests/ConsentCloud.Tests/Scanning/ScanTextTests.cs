using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConsentCloud.Tests.Hosting;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Scanning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ConsentCloud.Tests.Scanning;

/// <summary>The scan panel's words: every key it uses in English, Danish, Norwegian, Swedish and Finnish.</summary>
public sealed partial class ScanTextTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string[] Languages = ["", "da", "nb", "sv", "fi"];
    private static readonly string[] Categories = ["necessary", "preferences", "statistics", "marketing"];
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "src", "ConsentCloud.Web", "Features", "Scanning");
    private static readonly string Panel = Path.Combine(RepoPaths.Root, "src", "ConsentCloud.Web", "Features", "Portal", "Pages", "Shared", "_SiteScan.cshtml");

    private static Dictionary<string, string> Read(string language) =>
        XDocument.Load(Path.Combine(Folder, language.Length == 0 ? "ScanText.resx" : $"ScanText.{language}.resx")).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static string Camel(Enum value) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    [Fact]
    public void EveryKeyThePanelUsesIsWrittenInFiveLanguages()
    {
        var used = LiteralKey().Matches(File.ReadAllText(Panel)).Select(m => m.Groups[1].Value).Where(k => !k.EndsWith('.'))
            .Concat(Enum.GetValues<SkipReason>().Select(r => "Reason." + Camel(r)))
            .Concat(Enum.GetValues<ScanLimit>().Select(l => "Scan.Limit." + Camel(l)))
            .Concat(Enum.GetValues<ResourceKind>().Select(k => "Kind." + Camel(k)))
            .Concat(ScanPanel.Notices.Select(n => "Notice." + n))
            .Concat(Categories.Select(c => "Category." + c))
            .ToHashSet();
        Assert.Contains("Scan.Heading", used);
        foreach (var language in Languages)
        {
            var texts = Read(language);
            Assert.Empty(used.Except(texts.Keys));
            Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{language}: {t.Key} is empty"));
        }

        var english = Read("");
        Assert.All(Languages.Skip(1), language => Assert.Equal(english.Keys.Order(), Read(language).Keys.Order()));
    }

    [Theory]
    [InlineData("en", "Scan site")]
    [InlineData("da", "Scan sitet")]
    [InlineData("nb", "Skann nettstedet")]
    [InlineData("sv", "Skanna webbplatsen")]
    [InlineData("fi", "Skannaa sivusto")]
    public void ThePanelSpeaksTheRequestsLanguage(string culture, string expected)
    {
        var localizer = app.Services.GetRequiredService<IStringLocalizer<ScanText>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Equal(expected, localizer["Scan.Start"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex("X\\[\"([A-Za-z.]+)\"")]
    private static partial Regex LiteralKey();
}
