using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Portal.SitePages;
using static ConsentCloud.Tests.Catalogue.CatalogueWorld;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>The portal's "what changed between two revisions" names changes to cookie purposes, provider addresses and exempt categories.</summary>
public sealed class RevisionDiffCookieTests
{
    [Fact]
    public void ACookiesPurposeTheProvidersAddressAndAnExemptCategorysReasonShowAsChanges()
    {
        var site = Site("da");
        var before = Builtin.AddToDraft(DefaultBanner.For(site.Languages), site, [Custom()]).Config;
        var service = before.Services[0];
        var after = before with
        {
            Services =
            [
                service with
                {
                    ProviderAddress = service.ProviderAddress! with { Street = "Nørregade 2" },
                    Cookies = [service.Cookies[0] with { Purpose = new Dictionary<string, string> { ["da"] = "Husker din bestilling." } }],
                },
            ],
        };
        var withSecurity = after with
        {
            Categories = [.. after.Categories, new CategoryConfig { Id = "security", Exempt = true, LegalReason = new Dictionary<string, string> { ["da"] = "Mod svindel." } }],
        };
        var reasonChanged = withSecurity with
        {
            Categories = [.. after.Categories, new CategoryConfig { Id = "security", Exempt = true, LegalReason = new Dictionary<string, string> { ["da"] = "Mod bedrageri." } }],
        };

        var changes = RevisionDiff.Compare(PublishedConfig.From(site, before), PublishedConfig.From(site, after)).SelectMany(g => g.Changes).ToList();
        var categories = RevisionDiff.Compare(PublishedConfig.From(site, withSecurity), PublishedConfig.From(site, reasonChanged)).SelectMany(g => g.Changes).ToList();

        var address = Assert.Single(changes, c => c.Label == "Diff.ServiceProviderAddress");
        Assert.Equal("Nørregade 1, 1165 København K, Denmark", address.Before);
        Assert.Equal("Nørregade 2, 1165 København K, Denmark", address.After);
        var purpose = Assert.Single(changes, c => c.Label == "Diff.ServiceCookiePurpose");
        Assert.Equal(["BookBord", "bb_session", "da"], purpose.Args);
        Assert.Equal(ChangeKind.Added, purpose.Kind);
        var reason = Assert.Single(categories);
        Assert.Equal("Diff.CategoryReason", reason.Label);
        Assert.Equal(("Mod svindel.", "Mod bedrageri."), (reason.Before, reason.After));
    }
}
