using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConsentCloud.Tests.Hosting;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Portal.Setup;

namespace ConsentCloud.Tests.Portal;

/// <summary>Every string the wizard's pages ask for exists in WizardText.resx, including the names built from a step, section or language.</summary>
public sealed partial class WizardTextTests
{
    private static readonly string[] Languages = ["da", "nb", "sv", "fi", "en", "de"];
    private static readonly string[] Categories = ["necessary", "preferences", "statistics", "marketing"];
    private static readonly string[] TextFields = ["Title", "Body", "AcceptAll", "RejectAll", "Customise", "Save"];
    private static readonly string[] ColourParts = ["banner", "acceptButton", "rejectButton", "customiseButton"];
    private static readonly string PortalDirectory = Path.Combine(RepoPaths.Root, "src", "ConsentCloud.Web", "Features", "Portal");

    [Fact]
    public void EveryStringTheWizardUsesIsInItsResourceFile()
    {
        var names = XDocument.Load(Path.Combine(PortalDirectory, "WizardText.resx")).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(PortalDirectory, "Pages", "Setup"), "*.cshtml")
            .SelectMany(file => LiteralKey().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Where(key => !key.EndsWith('.'))
            .ToHashSet();
        var built = SetupSteps.All.SelectMany(s => new[] { $"Step.{s.Slug}", $"Lead.{s.Slug}" })
            .Concat(PolicySections.Any.SelectMany(s => new[] { $"Section.{s}", $"Section.{s}.Hint" }))
            .Concat(Languages.Select(l => $"Language.{l}"))
            .Concat(Categories.Select(c => $"Category.{c}"))
            .Concat(TextFields.Select(f => $"Banner.Text.{f}"))
            .Concat(ColourParts.Select(k => $"Banner.Colours.{k}"));

        Assert.NotEmpty(used);
        Assert.Empty(used.Concat(built).Except(names));
    }

    [GeneratedRegex("W\\[\"([A-Za-z.]+)\"")]
    private static partial Regex LiteralKey();
}
