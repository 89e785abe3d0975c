using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Scanning.ScanApp;

namespace ConsentCloud.Tests.Scanning;

/// <summary>POST …/scans → the queue → the local worker → GET …/scans/{id}, against the sample site served in the test.</summary>
public sealed class SiteScanTests(ScanApp app) : IClassFixture<ScanApp>
{
    private static readonly string[] YouTube = ["youtube"];
    private static readonly string[] Hotjar = ["hotjar"];
    private static readonly string[] AnalyticsAndPixel = ["google-analytics", "meta-pixel"];

    private static JsonElement? Service(JsonElement scan, string id) =>
        scan.GetProperty("findings").GetProperty("services").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(s => s!.Value.GetProperty("id").GetString() == id);

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static List<string> Pages(JsonElement scan) => Strings(scan.GetProperty("findings").GetProperty("pages"));

    private static List<(string Url, string Reason)> Skipped(JsonElement scan) =>
        scan.GetProperty("findings").GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("url").GetString()!, s.GetProperty("reason").GetString()!)).ToList();

    [Fact]
    public async Task AScanFindsTheCatalogueServicesOfTheSitesPagesWithTheirCategoryProviderAndCookies()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("done", scan.GetProperty("status").GetString());
        Assert.Equal(100, scan.GetProperty("progress").GetInt32());
        Assert.NotNull(scan.GetProperty("startedAt").GetString());
        Assert.NotNull(scan.GetProperty("finishedAt").GetString());
        var analytics = Service(scan, "google-analytics")!.Value;
        Assert.Equal("statistics", analytics.GetProperty("category").GetString());
        Assert.Equal("Google Ireland Limited", analytics.GetProperty("provider").GetString());
        Assert.Contains("_ga", Strings(analytics.GetProperty("cookies")));
        Assert.Equal(["https://www.bageriet.example/"], Strings(analytics.GetProperty("pages")));
        Assert.False(analytics.GetProperty("declared").GetBoolean());
        var pixel = Service(scan, "meta-pixel")!.Value;
        Assert.Equal("marketing", pixel.GetProperty("category").GetString());
        Assert.Equal(["pixel"], Strings(pixel.GetProperty("seen")));
        Assert.Equal(["iframe"], Strings(Service(scan, "youtube")!.Value.GetProperty("seen")));
        Assert.Equal(["https://www.bageriet.example/om-os"], Strings(Service(scan, "linkedin-insight")!.Value.GetProperty("pages")));
    }

    [Fact]
    public async Task ATagManagerLoadedByAnInlineSnippetIsFoundAndInlineAddressesAreNoUnknownHosts()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        var manager = Service(scan, "google-tag-manager")!.Value;
        Assert.Equal(["inline"], Strings(manager.GetProperty("seen")));
        Assert.Equal(["https://www.bageriet.example/om-os"], Strings(manager.GetProperty("pages")));
        var hosts = scan.GetProperty("findings").GetProperty("unknownHosts").EnumerateArray().Select(h => h.GetProperty("host").GetString()).ToList();
        Assert.DoesNotContain("inline-only.example", hosts);
        Assert.DoesNotContain("ld-only.example", hosts);
        Assert.DoesNotContain("schema.org", hosts);
    }

    [Fact]
    public async Task AnUnknownThirdPartyHostIsListedAndTheSitesOwnCookiesAreNamedWithoutValues()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        var findings = scan.GetProperty("findings");
        var unknown = Assert.Single(findings.GetProperty("unknownHosts").EnumerateArray());
        Assert.Equal("cdn.unknown-widgets.example", unknown.GetProperty("host").GetString());
        Assert.Equal(1, unknown.GetProperty("count").GetInt32());
        Assert.Equal("https://www.bageriet.example/", unknown.GetProperty("samplePage").GetString());
        Assert.Equal(["bh_session"], Strings(findings.GetProperty("cookies")));
        Assert.DoesNotContain("do-not-keep-this-value", scan.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RobotsTxtIsObeyed()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.DoesNotContain("/private/kasse", app.Site.Requested);
        Assert.DoesNotContain("/private/hemmelig", app.Site.Requested);
        Assert.Contains(("https://www.bageriet.example/private/kasse", "robots"), Skipped(scan));
        Assert.Contains(("https://www.bageriet.example/private/hemmelig", "robots"), Skipped(scan));
    }

    [Fact]
    public async Task AScanReadsAtMostMaxPagesAndSaysItStoppedThere()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal(MaxPages, scan.GetProperty("pagesScanned").GetInt32());
        Assert.Equal(MaxPages, Pages(scan).Count);
        Assert.Equal(["maxPages"], Strings(scan.GetProperty("findings").GetProperty("limits")));
        // The sitemap's pages come after the home page's links, in order: the last ones were never asked for.
        Assert.Contains("https://www.bageriet.example/side-18", Pages(scan));
        Assert.DoesNotContain("/side-19", app.Site.Requested);
        Assert.DoesNotContain("/side-25", app.Site.Requested);
    }

    [Fact]
    public async Task HostsThatAreNotTheSitesDomainsAreNeverFetchedNotEvenThroughARedirect()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Empty(app.Foreign.Requested);
        Assert.Contains(("https://www.bageriet.example/videre", "redirectElsewhere"), Skipped(scan));
        Assert.All(Pages(scan), page => Assert.StartsWith("https://www.bageriet.example/", page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASiteWithOnlyWildcardDomainsFailsWithAReason()
    {
        var (agency, siteKey) = await app.SiteAsync("*.shop.bageriet.example");

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("failed", scan.GetProperty("status").GetString());
        Assert.Equal("noDomain", scan.GetProperty("errorReason").GetString());
        Assert.False(string.IsNullOrEmpty(scan.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task AServiceAlreadyInTheDraftIsMarkedDeclared()
    {
        var (agency, siteKey) = await app.SiteAsync();
        (await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft/services"), new { catalogue = YouTube })).EnsureSuccessStatusCode();

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.True(Service(scan, "youtube")!.Value.GetProperty("declared").GetBoolean());
        Assert.False(Service(scan, "meta-pixel")!.Value.GetProperty("declared").GetBoolean());
    }

    [Fact]
    public async Task AScanIsAcceptedWithItsAddressAndListedNewestFirst()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var response = await StartScanAsync(agency, siteKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = queued.GetProperty("id").GetString()!;
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(agency.Path($"/sites/{siteKey}/scans/{id}"), response.Headers.Location!.ToString());
        await FinishedAsync(agency, siteKey, id);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await StartedScanAsync(agency, siteKey)).GetProperty("id").GetString()!;
        await FinishedAsync(agency, siteKey, second);

        var list = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/scans"));

        Assert.Equal([second, id], list.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList());
    }

    [Fact]
    public async Task ASecondScanWhileOneIsActiveIsAConflict()
    {
        var gate = app.CloseSlowGate();
        var (agency, siteKey) = await app.SiteAsync(ScanApp.SlowDomain);
        var first = await StartedScanAsync(agency, siteKey);

        var again = await StartScanAsync(agency, siteKey);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        gate.SetResult();
        Assert.Equal("done", (await FinishedAsync(agency, siteKey, first.GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnAgencyStartsAtMostTenScansAnHour()
    {
        var agency = await app.CreateAgencyAsync();
        for (var i = 0; i < 10; i++)
        {
            var site = await app.CreateSiteAsync(agency, SiteWith("*.shop.bageriet.example"));
            Assert.Equal(HttpStatusCode.Accepted, (await StartScanAsync(agency, site)).StatusCode);
        }

        var eleventh = await app.CreateSiteAsync(agency, SiteWith("*.shop.bageriet.example"));
        var refused = await StartScanAsync(agency, eleventh);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Accepted, (await StartScanAsync(agency, eleventh)).StatusCode);
    }

    [Fact]
    public async Task ApplyingAddsTheChosenServicesToTheDraftAndAStaleVersionIsRefused()
    {
        var (agency, siteKey) = await app.SiteAsync();
        var scan = await app.ScanAsync(agency, siteKey);
        var id = scan.GetProperty("id").GetString()!;
        var draft = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/banner/draft"));
        var version = draft.Headers.ETag!;

        var apply = new HttpRequestMessage(HttpMethod.Post, agency.Path($"/sites/{siteKey}/scans/{id}/apply")) { Content = JsonContent.Create(new { services = AnalyticsAndPixel }) };
        apply.Headers.IfMatch.Add(version);
        var applied = await agency.Owner.SendAsync(apply);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var body = await applied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["google-analytics", "meta-pixel"], Strings(body.GetProperty("added")));

        var config = (await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"))).GetProperty("config");
        var services = config.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains("google-analytics", services);
        Assert.Contains("meta-pixel", services);
        Assert.DoesNotContain("youtube", services);
        var again = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/scans/{id}"));
        Assert.True(Service(again, "google-analytics")!.Value.GetProperty("declared").GetBoolean()); // as the draft is now

        var stale = new HttpRequestMessage(HttpMethod.Post, agency.Path($"/sites/{siteKey}/scans/{id}/apply")) { Content = JsonContent.Create(new { services = YouTube }) };
        stale.Headers.IfMatch.Add(version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await agency.Owner.SendAsync(stale)).StatusCode);

        var notFound = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/scans/{id}/apply"), new { services = Hotjar });
        Assert.Equal(HttpStatusCode.BadRequest, notFound.StatusCode);
    }

    [Fact]
    public async Task AnotherAgencyCanNeitherReadStartNorApplyAScan()
    {
        var (agency, siteKey) = await app.SiteAsync();
        var scan = await app.ScanAsync(agency, siteKey);
        var id = scan.GetProperty("id").GetString()!;
        var other = await app.CreateAgencyAsync("Other Agency");

        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.GetAsync(other.Path($"/sites/{siteKey}/scans"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.GetAsync(other.Path($"/sites/{siteKey}/scans/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.PostAsync(other.Path($"/sites/{siteKey}/scans"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.PostAsJsonAsync(other.Path($"/sites/{siteKey}/scans/{id}/apply"), new { services = YouTube })).StatusCode);
        // This agency's path is no way in either.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.GetAsync(agency.Path($"/sites/{siteKey}/scans/{id}"))).StatusCode);
    }
}
