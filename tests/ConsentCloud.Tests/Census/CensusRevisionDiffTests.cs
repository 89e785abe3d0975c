using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Portal.SitePages;
using static ConsentCloud.Tests.Catalogue.CatalogueWorld;

namespace ConsentCloud.Tests.Census;

/// <summary>The revision comparison names the two site-wide switches of issue 19: automatic blocking and the census rate.</summary>
public sealed class CensusRevisionDiffTests
{
    [Fact]
    public void TurningAutomaticBlockingOnAndChangingTheCensusRateShowAsSettingsChanges()
    {
        var site = Site("da");
        var before = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Builtin.Get("google-analytics")!]).Config with { CensusPercent = 1 };
        var after = before with { AutoBlocking = true, CensusPercent = 2.5 };

        var changes = RevisionDiff.Compare(PublishedConfig.From(site, before), PublishedConfig.From(site, after)).SelectMany(g => g.Changes).ToList();

        var blocking = Assert.Single(changes, c => c.Label == "Diff.AutoBlocking");
        Assert.Equal((RevisionDiff.Off, RevisionDiff.On), (blocking.Before, blocking.After));
        var census = Assert.Single(changes, c => c.Label == "Diff.Census");
        Assert.Equal(("1 %", "2.5 %"), (census.Before, census.After));
    }

    [Fact]
    public void TurningTheCensusOffShowsOffAndAnUnchangedRateShowsNothing()
    {
        var site = Site("da");
        var on = DefaultBanner.For(site.Languages) with { CensusPercent = 1 };

        var off = RevisionDiff.Compare(PublishedConfig.From(site, on), PublishedConfig.From(site, on with { CensusPercent = 0 })).SelectMany(g => g.Changes).ToList();
        var same = RevisionDiff.Compare(PublishedConfig.From(site, on), PublishedConfig.From(site, on)).SelectMany(g => g.Changes).ToList();

        var census = Assert.Single(off, c => c.Label == "Diff.Census");
        Assert.Equal(("1 %", RevisionDiff.Off), (census.Before, census.After));
        Assert.Empty(same);
    }
}
