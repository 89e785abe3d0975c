using System.Net;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Reports;
using ConsentCloud.Web.Features.Reports;

namespace ConsentCloud.Tests.Portal.Reports;

/// <summary>
/// The portal's reports pages over decisions received through the public endpoint: the site's statistics, a download
/// (audited, visible in the agency's download log), a refused range kept in the form, and the proof page.
/// </summary>
public sealed class ReportPagesTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task AClientViewerDownloadsTheCsvAndTheOwnerSeesItInTheDownloadLog()
    {
        var (agency, site, accepted, rejected) = await SiteWithDecisionsAsync();
        var viewerUser = await app.AddMemberAsync(agency, "ClientViewer", site);
        var viewer = await PortalClient.SignedInAsync(app, viewerUser);
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        Assert.Contains("Nothing has been downloaded yet.", await owner.GetStringAsync($"/portal/agencies/{agency.Id}/audit"), StringComparison.Ordinal);

        var response = await viewer.GetAsync($"/portal/sites/{site}/reports?handler=Download&from={ReportTestKit.Day(app, -1)}&to={ReportTestKit.Day(app)}&format=csv&method=&category=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = await ReportTestKit.CsvLinesAsync(response);
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, line => line.Contains(accepted.ToString("D"), StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(rejected.ToString("D"), StringComparison.Ordinal));

        var filtered = await ReportTestKit.CsvLinesAsync(await viewer.GetAsync(
            $"/portal/sites/{site}/reports?handler=Download&from={ReportTestKit.Day(app)}&to={ReportTestKit.Day(app)}&format=csv&method=rejectAll"));
        Assert.Equal(2, filtered.Count);
        Assert.Contains(rejected.ToString("D"), filtered[1], StringComparison.Ordinal);

        var log = WebUtility.HtmlDecode(await owner.GetStringAsync($"/portal/agencies/{agency.Id}/audit"));
        Assert.Contains("user:" + viewerUser.UserKey, log, StringComparison.Ordinal);
        Assert.Contains("method=rejectAll", log, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(log, "data-kind=\"export\""));
        Assert.Equal(2, (await ReportTestKit.AuditAsync(agency)).Length);
    }

    [Fact]
    public async Task ABadRangeIsAReadable400WithTheInputKeptAndNothingIsAudited()
    {
        var (agency, site, _, _) = await SiteWithDecisionsAsync();
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);

        var response = await owner.GetAsync($"/portal/sites/{site}/reports?handler=Download&from=2026-02-10&to=2026-01-01&format=jsonl&category=statistics");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-02-10\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-01-01\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"statistics\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"jsonl\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Empty(await ReportTestKit.AuditAsync(agency));
    }

    [Fact]
    public async Task TheProofPageShowsTheDecisionAndIsAudited()
    {
        var (agency, site, accepted, _) = await SiteWithDecisionsAsync();
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);

        var response = await owner.GetAsync($"/portal/sites/{site}/reports/proof/{accepted:D}");
        var lookedUp = await owner.GetAsync($"/portal/sites/{site}/reports/proof?consentId={accepted:D}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProofPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Proof of consent", html, StringComparison.Ordinal);
        Assert.Contains(accepted.ToString("D"), html, StringComparison.Ordinal);
        Assert.Contains("statistics", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, lookedUp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/portal/sites/{site}/reports/proof/{Guid.NewGuid():D}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/portal/sites/{site}/reports/proof/not-an-id")).StatusCode);
        Assert.Contains("Page not found", await (await owner.GetAsync($"/portal/sites/{site}/reports/proof?consentId=nope")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var log = await owner.GetStringAsync($"/portal/agencies/{agency.Id}/audit");
        Assert.Equal(2, CountOf(log, "data-kind=\"proof\""));
        Assert.Contains(accepted.ToString("D"), log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStatisticsShowTheDecisionsReceived()
    {
        var (agency, site, _, _) = await SiteWithDecisionsAsync();
        await ReportTestKit.FlushStatisticsAsync(app);
        var owner = await PortalClient.SignedInAsync(app, agency.OwnerUser);

        var html = await owner.GetStringAsync($"/portal/sites/{site}/reports?days=90");
        var siteHtml = await owner.GetStringAsync($"/portal/sites/{site}");

        Assert.Contains("data-total=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"statistics\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"90\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/portal/sites/{site}/reports\"", siteHtml, StringComparison.Ordinal);
    }

    private async Task<(TestAgency Agency, string Site, Guid Accepted, Guid Rejected)> SiteWithDecisionsAsync()
    {
        var agency = await app.CreateAgencyAsync("Reports Agency");
        var site = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, site);
        var accepted = await ReportTestKit.DecideAsync(app, site, "acceptAll", ReportTestKit.Accepted);
        var rejected = await ReportTestKit.DecideAsync(app, site, "rejectAll", ReportTestKit.Declined);
        return (agency, site, accepted, rejected);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
