using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConsentCloud.Tests.Hosting;

namespace ConsentCloud.Tests.Portal;

/// <summary>Every UI string a portal page asks for by name exists in PortalText.resx, so no page shows a bare key.</summary>
public sealed partial class PortalTextTests
{
    private static readonly string PortalDirectory = Path.Combine(RepoPaths.Root, "src", "ConsentCloud.Web", "Features", "Portal");

    [Fact]
    public void EveryStringThePagesUseIsInTheResourceFile()
    {
        var names = XDocument.Load(Path.Combine(PortalDirectory, "PortalText.resx")).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(PortalDirectory, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => LiteralKey().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Where(key => !key.EndsWith('.'))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(names));
        foreach (var role in Enum.GetNames<ConsentCloud.Web.Features.Agencies.AgencyRole>())
        {
            Assert.Contains("Role." + role, names);
        }
    }

    [GeneratedRegex("T\\[\"([A-Za-z.]+)\"")]
    private static partial Regex LiteralKey();
}
