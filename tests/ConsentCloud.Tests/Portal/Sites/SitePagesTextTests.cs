using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConsentCloud.Tests.Hosting;
using ConsentCloud.Web.Features.Portal.SitePages;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>Every string the running-sites pages and the revision comparison ask for exists in SitePagesText.resx.</summary>
public sealed partial class SitePagesTextTests
{
    private static readonly string[] Parts = ["Settings", "Categories", "Services", "Texts", "Appearance", "ConsentMode"];
    private static readonly string[] Sorts = ["name", "last", "decisions"];
    private static readonly string[] Outcomes = ["saved", "published", "invited"];
    private static readonly string PortalDirectory = Path.Combine(RepoPaths.Root, "src", "ConsentCloud.Web", "Features", "Portal");

    [Fact]
    public void EveryStringThePagesAndTheComparisonUseIsInTheResourceFile()
    {
        var names = XDocument.Load(Path.Combine(PortalDirectory, "SitePages", "SitePagesText.resx")).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var pages = Directory.EnumerateFiles(Path.Combine(PortalDirectory, "Pages"), "*.cshtml").Select(File.ReadAllText).ToList();
        var used = pages.SelectMany(page => LiteralKey().Matches(page).Select(m => m.Groups[1].Value)).Where(key => !key.EndsWith('.'))
            .Concat(DiffLabel().Matches(File.ReadAllText(Path.Combine(PortalDirectory, "SitePages", "RevisionDiff.cs"))).Select(m => m.Groups[1].Value))
            .Concat(Enum.GetNames<ChangeKind>().Select(kind => "Diff.Kind." + kind))
            .Concat(Parts.Select(part => "Diff.Part." + part))
            .Concat(Sorts.Select(sort => "Dashboard.Sort." + sort))
            .Concat(Outcomes.Select(done => "Site.Done." + done))
            .ToHashSet();

        Assert.Contains("Diff.Text.Title", used);
        Assert.Empty(used.Except(names));
    }

    [GeneratedRegex("S\\[\"([A-Za-z.]+)\"")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("\"(Diff\\.[A-Za-z.]+)\"")]
    private static partial Regex DiffLabel();
}
