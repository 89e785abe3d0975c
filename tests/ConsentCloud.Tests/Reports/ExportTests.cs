using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using Microsoft.Extensions.DependencyInjection;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Reports.ReportTestKit;

namespace ConsentCloud.Tests.Reports;

public sealed class ExportTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ACsvDownloadHoldsTheRangesDecisionsWithEveryColumnAndNothingOutsideIt()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var before = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var from = Day(app);
        var first = await DecideAsync(app, siteKey, "custom", StatisticsOnly, userAgent: "=cmd|' /C calc'!A0");
        app.Clock.Advance(TimeSpan.FromDays(1));
        var second = await DecideAsync(app, siteKey, "rejectAll", Declined);
        var to = Day(app);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var after = await DecideAsync(app, siteKey, "acceptAll", Accepted);

        var response = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/export?from={from}&to={to}&format=csv"));

        var lines = await CsvLinesAsync(response);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"consents-{siteKey}-{from}-to-{to}.csv", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition.DispositionType);
        Assert.Equal(
            "consent_id,event_id,received_at,revision,revision_content_hash,method,category.necessary,category.preferences,category.statistics,category.marketing,language,page_url,ip_prefix,user_agent,gpc,state,expires_at,decided_at,services",
            lines[0]);
        Assert.Equal(3, lines.Count);
        var rows = lines.Skip(1).ToList();
        Assert.StartsWith($"{first:D},", rows[0], StringComparison.Ordinal);
        Assert.StartsWith($"{second:D},", rows[1], StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.StartsWith($"{before:D}", StringComparison.Ordinal) || r.StartsWith($"{after:D}", StringComparison.Ordinal));
        var cells = rows[0].Split(',');
        Assert.Matches($"^{from}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}\\.[0-9]{{7}}Z$", cells[2]);
        Assert.Equal("1", cells[3]);
        Assert.Matches("^[0-9a-f]{64}$", cells[4]);
        Assert.Equal(["custom", "granted", "denied", "granted", "denied", "da", "https://www.bageriet.example/kager", "203.0.113.0/24"], cells[5..13]);
        Assert.Equal("'=cmd|' /C calc'!A0", cells[13]);
        Assert.Equal(["false", "active"], cells[14..16]);
        Assert.EndsWith("Z", cells[16], StringComparison.Ordinal);
        Assert.Equal(cells[2], cells[17]); // no decision time sent: the receipt time
        Assert.Equal("", cells[18]); // the default banner has no services
    }

    [Fact]
    public async Task ALargeRangeIsStreamedInFullAcrossPagesAndDaysInBothFormats()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var from = Day(app);
        var first = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        var template = (await app.Services.GetRequiredService<ConsentLog>().HistoryAsync(new SiteKey(siteKey), first, CancellationToken.None)).Single();
        // 2,499 more decisions over two days, straight into the table (the API would take minutes): several pages of
        // 1,000 rows and far more than any write buffer, so nothing but the streamed path can deliver them.
        var more = Enumerable.Range(1, 2499).Select(i => template with
        {
            ConsentId = Guid.NewGuid(),
            EventId = Guid.NewGuid(),
            ReceivedAt = template.ReceivedAt.AddSeconds(i * 30), // into the next day, never past it
            UserAgent = "=HYPERLINK(\"https://evil.example\"), " + i,
        }).ToList();
        var table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "Consents");
        foreach (var partition in more.Select(r => r.ToEntity()).GroupBy(e => e.PartitionKey))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            }
        }

        var path = agency.Path($"/sites/{siteKey}/consents/export?from={from}&to={Day(app, 1)}");
        var csv = await CsvLinesAsync(await agency.Owner.GetAsync(path + "&format=csv"));
        var jsonl = await JsonLinesAsync(await agency.Owner.GetAsync(path + "&format=jsonl"));

        var expected = more.Select(r => r.ConsentId).Append(first).Order().ToList();
        Assert.Equal(expected, csv.Skip(1).Select(l => Guid.Parse(l[..36])).Order().ToList());
        Assert.Equal(expected, jsonl.Select(r => r.GetProperty("consentId").GetGuid()).Order().ToList());
        Assert.True(csv.Sum(l => l.Length) > 500_000);
        Assert.Equal(2499, csv.Count(l => l.Contains(",\"'=HYPERLINK(\"\"https://evil.example\"\"), ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task JsonLinesCarryTheSameDecisionsAndFiltersNarrowThem()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var accepted = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        var custom = await DecideAsync(app, siteKey, "custom", StatisticsOnly);
        var declined = await DecideAsync(app, siteKey, "rejectAll", Declined);
        var path = agency.Path($"/sites/{siteKey}/consents/export?from={Day(app)}&to={Day(app)}&format=jsonl");

        var all = await JsonLinesAsync(await agency.Owner.GetAsync(path));
        var byMethod = await JsonLinesAsync(await agency.Owner.GetAsync(path + "&method=rejectAll"));
        var grantedStatistics = await JsonLinesAsync(await agency.Owner.GetAsync(path + "&category=statistics"));
        var deniedMarketing = await JsonLinesAsync(await agency.Owner.GetAsync(path + "&category=marketing&granted=false"));

        static List<Guid> Ids(List<JsonElement> rows) => [.. rows.Select(r => r.GetProperty("consentId").GetGuid()).Order()];
        Assert.Equal(new[] { accepted, custom, declined }.Order(), Ids(all));
        Assert.Equal([declined], Ids(byMethod));
        Assert.Equal(new[] { accepted, custom }.Order(), Ids(grantedStatistics));
        Assert.Equal(new[] { custom, declined }.Order(), Ids(deniedMarketing));
        var row = all.Single(r => r.GetProperty("consentId").GetGuid() == custom);
        Assert.Equal("custom", row.GetProperty("method").GetString());
        Assert.True(row.GetProperty("choices").GetProperty("statistics").GetBoolean());
        Assert.Equal("active", row.GetProperty("state").GetString());
    }

    [Fact]
    public async Task StatesTellActiveExpiredAndWithdrawnDecisionsApart()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var from = Day(app);
        var declinedLongAgo = await DecideAsync(app, siteKey, "rejectAll", Declined);
        app.Clock.Advance(TimeSpan.FromDays(200));
        var withdrawnLater = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        var stillActive = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await DecideAsync(app, siteKey, "withdraw", Declined, consentId: withdrawnLater);

        var rows = await JsonLinesAsync(await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/export?from={from}&to={Day(app)}&format=jsonl")));

        var states = rows.Select(r => (r.GetProperty("consentId").GetGuid(), r.GetProperty("method").GetString(), r.GetProperty("state").GetString())).ToList();
        Assert.Equal(4, states.Count);
        Assert.Contains((declinedLongAgo, "rejectAll", "expired"), states);
        Assert.Contains((withdrawnLater, "acceptAll", "withdrawn"), states);
        Assert.Contains((withdrawnLater, "withdraw", "withdrawn"), states);
        Assert.Contains((stillActive, "acceptAll", "active"), states);
    }

    [Theory]
    [InlineData("from=2026-11-02", "from")]
    [InlineData("from=2026-11-03&to=2026-11-02", "from")]
    [InlineData("from=2025-01-01&to=2026-11-02", "from")]
    [InlineData("from=02-11-2026&to=2026-11-02", "from")]
    [InlineData("from=2026-11-02&to=2026-11-02&format=xlsx", "format")]
    [InlineData("from=2026-11-02&to=2026-11-02&method=everything", "filter")]
    [InlineData("from=2026-11-02&to=2026-11-02&method=1", "filter")]
    [InlineData("from=2026-11-02&to=2026-11-02&category=Statistics!", "filter")]
    [InlineData("from=2026-11-02&to=2026-11-02&granted=false", "filter")]
    public async Task BadRangesFormatsAndFiltersAnswerAProblemAndAreNotAudited(string query, string field)
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var audited = (await AuditAsync(agency)).Length;

        var response = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/export?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(audited, (await AuditAsync(agency)).Length);
    }

    [Fact]
    public async Task AnUnknownSiteOfYourOwnAgencyIsNotFound()
    {
        var agency = await app.CreateAgencyAsync();

        var response = await agency.Owner.GetAsync(agency.Path($"/sites/{Ids.New()}/consents/export?from={Day(app)}&to={Day(app)}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task EveryDownloadAndProofViewIsAuditedWithWhoWhenWhatAndTheFilter()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var consentId = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        var key = await app.CreateApiKeyAsync(agency);
        var keyId = key.Split('_')[2];

        (await app.ClientWithApiKey(key).GetAsync(agency.Path($"/sites/{siteKey}/consents/export?from={Day(app, -2)}&to={Day(app)}&format=jsonl&method=acceptAll"))).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/consents/{consentId:D}/proof"))).EnsureSuccessStatusCode();

        var entries = await AuditAsync(agency);
        Assert.Equal(2, entries.Length);
        var proof = entries[0];
        Assert.Equal("proof", proof.GetProperty("kind").GetString());
        Assert.Equal("user:" + agency.OwnerUser.UserKey, proof.GetProperty("who").GetString());
        Assert.Equal(consentId, proof.GetProperty("consentId").GetGuid());
        var export = entries[1];
        Assert.Equal("export", export.GetProperty("kind").GetString());
        Assert.Equal("apikey:" + keyId, export.GetProperty("who").GetString());
        Assert.Equal(siteKey, export.GetProperty("siteKey").GetString());
        Assert.Equal(Day(app, -2), export.GetProperty("from").GetString());
        Assert.Equal(Day(app), export.GetProperty("to").GetString());
        Assert.Equal("jsonl", export.GetProperty("format").GetString());
        Assert.Equal("method=acceptAll", export.GetProperty("filter").GetString());
        Assert.True(proof.GetProperty("at").GetDateTimeOffset() > export.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task OnlyOwnersReadTheDownloadLog()
    {
        var agency = await app.CreateAgencyAsync();
        var admin = app.NewUser("Ada Admin");
        (await agency.Owner.PostAsJsonAsync(agency.Path("/members"), new { tenantId = admin.TenantId, objectId = admin.ObjectId, role = "Admin" })).EnsureSuccessStatusCode();

        var asAdmin = await app.ClientFor(admin).GetAsync(agency.Path("/audit/downloads"));
        var asKey = await app.ClientWithApiKey(await app.CreateApiKeyAsync(agency)).GetAsync(agency.Path("/audit/downloads"));
        var asOwner = await agency.Owner.GetAsync(agency.Path("/audit/downloads"));

        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asOwner.StatusCode);
    }
}
