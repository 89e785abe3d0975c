using System.Net;
using ConsentCloud.Tests.Reports;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>
/// The dashboard over the real statistics (the reports feature's daily aggregates, filled at ingest): decisions
/// received through the public endpoint show up as the last decision, the 30-day count and the opt-in rate.
/// Compiled only when the reports feature is in the tree (see the merge bridge in both project files).
/// </summary>
public sealed class DashboardStatisticsTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task DecisionsReceivedShowAsLastDecisionCountAndOptInRate()
    {
        var agency = await app.CreateAgencyAsync("Stats Agency");
        var site = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, site);
        await ReportTestKit.DecideAsync(app, site, "acceptAll", ReportTestKit.Accepted);
        await ReportTestKit.DecideAsync(app, site, "acceptAll", ReportTestKit.Accepted);
        await ReportTestKit.DecideAsync(app, site, "acceptAll", ReportTestKit.Accepted);
        await ReportTestKit.DecideAsync(app, site, "rejectAll", ReportTestKit.Declined);
        await ReportTestKit.FlushStatisticsAsync(app);
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);

        var html = WebUtility.HtmlDecode(await owner.GetStringAsync($"/portal/agencies/{agency.Id}"));
        var start = html.IndexOf($"<tr data-site=\"{site}\"", StringComparison.Ordinal);
        var row = html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];

        Assert.Contains(ReportTestKit.Day(app), row, StringComparison.Ordinal);
        Assert.Contains(">4<", row.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("75", row, StringComparison.Ordinal);
        Assert.DoesNotContain("snippet removed?", row, StringComparison.Ordinal);
    }
}
