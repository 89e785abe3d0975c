using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Census.CensusKit;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Census;

/// <summary>POST /v1/sites/{siteKey}/census: origin-checked, bounded, rate-limited, counted by name only.</summary>
public sealed class CensusIngestTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ABeaconIsAnsweredWithNoContentAndCountedOnlyAsNamesAndCounts()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        var response = await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga", "mystery_pref"], local: ["cart_token"]));
        await FlushAsync(app);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var rows = await RowsAsync(siteKey);
        var row = Assert.Single(rows);
        Assert.StartsWith(app.Clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), row.RowKey, StringComparison.Ordinal);
        Assert.Equal(["Data0", "Day", "Views"], row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order());
        var stored = row.GetString("Data0");
        Assert.Contains("\"mystery_pref\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113", stored, StringComparison.Ordinal);
        Assert.Equal(1, (await ReportAsync(agency, siteKey)).GetProperty("totals").GetProperty("views").GetInt64());
    }

    [Theory]
    [InlineData("https://www.bageriet.example", HttpStatusCode.NoContent)]
    [InlineData("https://butik.shop.bageriet.example", HttpStatusCode.NoContent)]
    [InlineData("https://www.bageriet.example.evil.com", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Forbidden)]
    public async Task OnlyTheSitesOwnDomainsMaySendACensus(string? origin, HttpStatusCode expected)
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        var response = await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga"]), origin: origin);
        await FlushAsync(app);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.NoContent)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(0, (await ReportAsync(agency, siteKey)).GetProperty("totals").GetProperty("views").GetInt64());
        }
    }

    public static TheoryData<string, string> BadBeacons => new()
    {
        { """{"cookies":["ok","bad\u0001name"]}""", "cookies[1]" },
        { """{"cookies":[""]}""", "cookies[0]" },
        { "{\"localStorage\":[\"" + new string('k', 101) + "\"]}", "localStorage[0]" },
        { "{\"cookies\":[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"c{i}\"")) + "]}", "cookies" },
        { """{"hosts":["cdn.example.com/path?x=1"]}""", "hosts[0]" },
        { """{"choices":{"Not A Category":true}}""", "choices" },
    };

    [Theory]
    [MemberData(nameof(BadBeacons))]
    public async Task ABeaconWithABadNameIsAProblemNamingTheFieldAndCountsNothing(string json, string field)
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        var response = await SendRawAsync(app, siteKey, json);
        await FlushAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await ReportAsync(agency, siteKey)).GetProperty("totals").GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task ValuesAnUnknownFieldAnOversizedBodyAndAnotherMediaTypeAreRefused()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);

        var unknownField = await SendRawAsync(app, siteKey, """{"cookies":["_ga"],"values":{"_ga":"GA1.1.123"}}""");
        var tooLarge = await SendRawAsync(app, siteKey, "{\"cookies\":[\"" + new string('x', 9000) + "\"]}");
        var form = await SendRawAsync(app, siteKey, """{"cookies":["_ga"]}""", contentType: "application/x-www-form-urlencoded");
        var malformed = await SendRawAsync(app, siteKey, """{"cookies":["_ga""");
        var unknownSite = await SendAsync(app, "zzzzzzzzzzzzzzzz", Beacon(null, cookies: ["_ga"]));
        await FlushAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSite.StatusCode);
        Assert.Empty(await RowsAsync(siteKey));
    }

    [Fact]
    public async Task BeaconsAreRateLimitedPerAddressAndSite()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            statuses.Add((await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga"]), forwardedFor: "198.51.100.77")).StatusCode);
        }

        var otherAddress = await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga"]), forwardedFor: "198.51.100.78");

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.NoContent, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Equal(HttpStatusCode.NoContent, otherAddress.StatusCode);
    }

    [Fact]
    public async Task TheBannersOwnStorageAndTheSitesOwnHostsAreNeverCounted()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        (await SendAsync(app, siteKey, Beacon(null, cookies: ["cc_consent", "_ga"], local: ["cc_outbox"], hosts: ["www.bageriet.example", "cdn.shop.bageriet.example", "connect.facebook.net"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);

        var report = await ReportAsync(agency, siteKey);
        var names = report.GetProperty("undeclared").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(["_ga", "connect.facebook.net"], names.Order());
    }

    private async Task<List<TableEntity>> RowsAsync(string siteKey)
    {
        var table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "Census");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {siteKey}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}
