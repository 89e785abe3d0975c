using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Reports.ReportTestKit;

namespace ConsentCloud.Tests.Reports;

public sealed class ProofTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task TheProofPageShowsEveryDecisionWithTheExactTextsCategoriesAndServicesOfItsRevision()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var consentId = await DecideAsync(app, siteKey, "rejectAll", Declined);
        app.Clock.Advance(TimeSpan.FromDays(3));
        await DecideAsync(app, siteKey, "acceptAll", Accepted, consentId, language: "en");
        var revision = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/revisions/1"));
        var config = revision.GetProperty("config");

        var response = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/{consentId:D}/proof"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(consentId.ToString("D"), page, StringComparison.Ordinal);
        Assert.Contains("Decision 1: rejectAll", page, StringComparison.Ordinal);
        Assert.Contains("Decision 2: acceptAll", page, StringComparison.Ordinal);
        Assert.Contains(revision.GetProperty("revision").GetProperty("contentHash").GetString()!, page, StringComparison.Ordinal);
        Assert.Contains("matches the stored revision's content", page, StringComparison.Ordinal);
        foreach (var language in new[] { "da", "en" })
        {
            var texts = config.GetProperty("texts").GetProperty(language);
            Assert.Contains($"revision 1, language {language}", page, StringComparison.Ordinal);
            Assert.Contains(texts.GetProperty("title").GetString()!, page, StringComparison.Ordinal);
            Assert.Contains(texts.GetProperty("body").GetString()!, page, StringComparison.Ordinal);
            Assert.Contains(texts.GetProperty("categories").GetProperty("statistics").GetProperty("description").GetString()!, page, StringComparison.Ordinal);
        }

        foreach (var service in config.GetProperty("services").EnumerateArray())
        {
            Assert.Contains(service.GetProperty("name").GetString()!, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheProofAndTheDownloadsShowTheVisitorsDecisionTimeAndEachServicesChoice()
    {
        var (agency, siteKey) = await PublishedSiteWithServicesAsync(app);
        var consentId = Guid.NewGuid();
        var decidedAt = app.Clock.GetUtcNow().AddMinutes(-42);
        var decision = Decision(consentId, "custom", new() { ["necessary"] = true, ["statistics"] = true });
        decision["services"] = new Dictionary<string, bool> { ["hotjar"] = false, ["youtube"] = true };
        decision["decidedAt"] = decidedAt;
        (await PostAsync(app.CreateClient(), siteKey, decision)).EnsureSuccessStatusCode();

        var page = WebUtility.HtmlDecode(await (await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/{consentId:D}/proof"))).Content.ReadAsStringAsync());
        var csv = await CsvLinesAsync(await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/export?from={Day(app)}&to={Day(app)}&format=csv")));
        var json = Assert.Single(await JsonLinesAsync(await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/export?from={Day(app)}&to={Day(app)}&format=jsonl"))));

        var instant = decidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("<h3>Services</h3>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>youtube (youtube)</td><td>granted</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>hotjar (hotjar)</td><td>denied</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>google-analytics (google-analytics)</td><td>granted</td></tr>", page, StringComparison.Ordinal);
        Assert.Matches("Decided \\(visitor's clock\\)</th><td>[^<]*" + decidedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), page);
        var cells = Assert.Single(csv.Skip(1)).Split(',');
        Assert.Equal(instant, cells[^2]);
        Assert.Equal("cookie-consent=granted facebook-pixel=denied google-analytics=granted hotjar=denied youtube=granted", cells[^1]);
        Assert.Equal(instant, json.GetProperty("decidedAt").GetString());
        Assert.True(json.GetProperty("services").GetProperty("youtube").GetBoolean());
        Assert.False(json.GetProperty("services").GetProperty("hotjar").GetBoolean());
    }

    [Fact]
    public async Task VisitorAndAgencyInputIsEncodedAndThePageRunsNoScript()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var consentId = await DecideAsync(app, siteKey, "acceptAll", Accepted, userAgent: "Mozilla/5.0 <script>alert('ua')</script><img src=x onerror=alert(1)>");

        var html = await (await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/{consentId:D}/proof"))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOrMalformedConsentIdIsNotFoundAndNotAudited()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        var unknown = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/{Guid.NewGuid():D}/proof"));
        var malformed = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/not-a-guid/proof"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Empty(await AuditAsync(agency));
    }
}
