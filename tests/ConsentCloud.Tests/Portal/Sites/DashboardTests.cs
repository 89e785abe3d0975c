using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Portal.SitePages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>
/// The portal app with the dashboard's statistics source replaced by figures the test sets. The real source is the
/// reports feature's daily statistics (another branch, not in this build); these tests check what the dashboard does
/// with the figures: columns, sorting, the quiet-site alert.
/// </summary>
public sealed class DashboardApp : PortalApp
{
    public FixedSiteActivity Activity { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<ISiteActivity>(Activity)));
    }
}

public sealed class FixedSiteActivity : ISiteActivity
{
    public ConcurrentDictionary<string, SiteActivity> Sites { get; } = new();

    public Task<SiteActivity> GetAsync(SiteKey site, DateOnly today, CancellationToken ct) =>
        Task.FromResult(Sites.GetValueOrDefault(site.Value) ?? SiteActivity.Unknown);
}

public sealed partial class DashboardTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task ListsTheSitesWithStatusActivityAndAContinueSetupLinkForDrafts()
    {
        var (agency, owner, busy, _, draft) = await ThreeSitesAsync();
        app.Activity.Sites[busy] = new SiteActivity(Today.AddDays(-1), 987, 0.6, Known: true);

        var html = await owner.GetStringAsync($"/portal/agencies/{agency.Id}");

        var busyRow = Row(html, busy);
        Assert.Contains("Published (revision 1)", WebUtility.HtmlDecode(busyRow), StringComparison.Ordinal);
        Assert.Contains(Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), busyRow, StringComparison.Ordinal);
        Assert.Contains("987", busyRow, StringComparison.Ordinal);
        Assert.Contains("60", busyRow, StringComparison.Ordinal);
        var draftRow = Row(html, draft);
        Assert.Contains($"href=\"/portal/sites/{draft}/setup\"", draftRow, StringComparison.Ordinal);
        Assert.Contains("continue setup", draftRow, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(WebUtility.HtmlDecode(draftRow), "—"));
    }

    [Fact]
    public async Task SearchesByNameAndByDomainWithoutScript()
    {
        var (agency, owner, busy, quiet, draft) = await ThreeSitesAsync();

        var byName = await owner.GetStringAsync($"/portal/agencies/{agency.Id}?q=BUSY");
        var byDomain = await owner.GetStringAsync($"/portal/agencies/{agency.Id}?q=quiet-bakery");
        var none = await owner.GetStringAsync($"/portal/agencies/{agency.Id}?q=nothing-like-this");

        Assert.Equal([busy], SiteRows(byName));
        Assert.Equal([quiet], SiteRows(byDomain));
        Assert.Contains("value=\"quiet-bakery\"", byDomain, StringComparison.Ordinal);
        Assert.Empty(SiteRows(none));
        Assert.Contains("No site matches", WebUtility.HtmlDecode(none), StringComparison.Ordinal);
        Assert.DoesNotContain(draft, string.Join(' ', SiteRows(byName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SortsByNameLastDecisionAndDecisions()
    {
        var (agency, owner, busy, quiet, draft) = await ThreeSitesAsync();
        app.Activity.Sites[busy] = new SiteActivity(Today.AddDays(-3), 900, 0.5, Known: true);
        app.Activity.Sites[quiet] = new SiteActivity(Today.AddDays(-1), 20, 0.1, Known: true);

        var path = $"/portal/agencies/{agency.Id}";
        Assert.Equal([busy, draft, quiet], SiteRows(await owner.GetStringAsync(path + "?sort=name"))); // Busy…, Draft…, Quiet…
        Assert.Equal([quiet, busy, draft], SiteRows(await owner.GetStringAsync(path + "?sort=last")));
        Assert.Equal([busy, quiet, draft], SiteRows(await owner.GetStringAsync(path + "?sort=decisions")));
        Assert.Equal([busy, draft, quiet], SiteRows(await owner.GetStringAsync(path + "?sort=nonsense")));
    }

    [Fact]
    public async Task APublishedSiteWithNoDecisionInSevenDaysIsFlaggedAndOthersAreNot()
    {
        var (agency, owner, busy, quiet, draft) = await ThreeSitesAsync();
        app.Activity.Sites[busy] = new SiteActivity(Today.AddDays(-6), 10, 0.5, Known: true);
        app.Activity.Sites[quiet] = new SiteActivity(Today.AddDays(-7), 0, null, Known: true);

        var html = await owner.GetStringAsync($"/portal/agencies/{agency.Id}");

        Assert.Contains("snippet removed?", Row(html, quiet), StringComparison.Ordinal);
        Assert.DoesNotContain("snippet removed?", Row(html, busy), StringComparison.Ordinal);
        Assert.DoesNotContain("snippet removed?", Row(html, draft), StringComparison.Ordinal);
        Assert.Contains("1 published site(s) received no decisions in the last 7 days", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheQuietRuleCountsFromTheLastDecisionOrElseTheLatestPublish()
    {
        var today = new DateOnly(2026, 11, 22);
        var never = new SiteActivity(null, 0, null, Known: true);
        var publishedAt = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        Assert.False(never.IsQuiet(1, publishedAt, today)); // published two days ago: too early to tell
        Assert.True(never.IsQuiet(1, publishedAt.AddDays(-5), today));
        Assert.False(never.IsQuiet(0, publishedAt.AddDays(-30), today)); // a draft receives nothing
        Assert.False(SiteActivity.Unknown.IsQuiet(1, publishedAt.AddDays(-30), today)); // no statistics: no alarm
        Assert.True(new SiteActivity(today.AddDays(-7), 5, 0.2, true).IsQuiet(1, publishedAt, today)); // went quiet, even if republished since
        Assert.False(new SiteActivity(today.AddDays(-6), 5, 0.2, true).IsQuiet(1, publishedAt.AddDays(-30), today));
    }

    [Fact]
    public async Task AMemberSeesOnlyTheirAssignedSites()
    {
        var (agency, _, busy, quiet, draft) = await ThreeSitesAsync();
        var member = await PortalClient.SignedInAsync(app, await app.AddMemberAsync(agency, "Member", quiet));

        Assert.Equal([quiet], SiteRows(await member.GetStringAsync($"/portal/agencies/{agency.Id}")));
        Assert.Empty(SiteRows(await member.GetStringAsync($"/portal/agencies/{agency.Id}?q=busy")));
        _ = (busy, draft);
    }

    [Fact]
    public async Task ASoftDeletedSiteDisappearsFromTheDashboard()
    {
        var (agency, owner, busy, quiet, draft) = await ThreeSitesAsync();

        var deleted = await owner.PostFormAsync($"/portal/sites/{quiet}/delete", []);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"/portal/agencies/{agency.Id}?done=deleted", deleted.Headers.Location!.OriginalString);
        var html = await owner.GetStringAsync(deleted.Headers.Location.OriginalString);
        Assert.Equal([busy, draft], SiteRows(html));
        Assert.Contains("purged after 30 days", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/portal/sites/{quiet}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agency.Owner.GetAsync(agency.Path($"/sites/{quiet}"))).StatusCode);
    }

    /// <summary>An agency with "Busy Bakery" and "Quiet Bakery" (published) and "Draft Bakery" (not yet).</summary>
    private async Task<(TestAgency Agency, PortalClient Owner, string Busy, string Quiet, string Draft)> ThreeSitesAsync()
    {
        var agency = await app.CreateAgencyAsync("Dashboard Agency");
        var busy = await app.CreateSiteAsync(agency, WithDomains(TestApp.SampleSite("Busy Bakery"), "www.busy-bakery.example"));
        var quiet = await app.CreateSiteAsync(agency, WithDomains(TestApp.SampleSite("Quiet Bakery"), "www.quiet-bakery.example"));
        var draft = await app.CreateSiteAsync(agency, WithDomains(TestApp.SampleSite("Draft Bakery"), "www.draft-bakery.example"));
        await app.PublishAsync(agency, busy);
        await app.PublishAsync(agency, quiet);
        return (agency, await PortalClient.SignedInAsync(app, agency.OwnerUser), busy, quiet, draft);
    }

    private static Dictionary<string, object?> WithDomains(Dictionary<string, object?> site, params string[] domains)
    {
        site["domains"] = domains;
        return site;
    }

    private static string[] SiteRows(string html) => [.. RowKey().Matches(html).Select(m => m.Groups[1].Value)];

    private static string Row(string html, string siteKey)
    {
        var start = html.IndexOf($"<tr data-site=\"{siteKey}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No row for {siteKey}.");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<tr data-site=\"([^\"]+)\"")]
    private static partial Regex RowKey();
}
