using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

public sealed class ConsentIngestTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task AProofRecordHoldsExactlyTheProofFieldsAndNothingMore()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var eventId = Guid.NewGuid();

        var response = await PostAsync(app.CreateClient(), siteKey, Decision(consentId, eventId: eventId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (records, _) = await RawRowsAsync(app, siteKey, consentId);
        var row = Assert.Single(records);
        Assert.Equal(
            ["Choices", "ConsentId", "ContentHash", "DecidedAt", "EventId", "ExpiresAt", "Gpc", "IpPrefix", "Language", "Method", "PageUrl", "ReceivedAt", "Revision", "Services", "UserAgent"],
            row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order());
        Assert.Equal(consentId, row.GetGuid("ConsentId"));
        Assert.Equal(eventId, row.GetGuid("EventId"));
        Assert.Equal("203.0.113.0/24", row.GetString("IpPrefix"));
        Assert.Equal("https://www.bageriet.example/kager", row.GetString("PageUrl"));
        Assert.Equal(app.Clock.GetUtcNow(), row.GetDateTimeOffset("ReceivedAt"));
        Assert.Equal("Custom", row.GetString("Method"));
        Assert.Equal("{\"necessary\":true,\"preferences\":false,\"statistics\":true,\"marketing\":false}", row.GetString("Choices"));
        Assert.Equal(64, row.GetString("ContentHash")!.Length);
        Assert.DoesNotContain(row, p => p.Value is { } v && v.ToString()?.Contains("203.0.113.77", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48")]
    [InlineData("[2001:db8:abcd:12::9]:443", "2001:db8:abcd::/48")]
    [InlineData("198.51.100.23:51234", "198.51.100.0/24")]
    [InlineData("::ffff:198.51.100.23", "198.51.100.0/24")]
    public async Task TheAddressIsStoredOnlyTruncated(string forwarded, string stored)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();

        (await PostAsync(app.CreateClient(), siteKey, Decision(consentId), forwardedFor: forwarded)).EnsureSuccessStatusCode();

        var (records, _) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Equal(stored, Assert.Single(records).GetString("IpPrefix"));
    }

    [Theory]
    [InlineData("https://www.bageriet.example", null, HttpStatusCode.Created)]
    [InlineData("https://butik.shop.bageriet.example", null, HttpStatusCode.Created)]
    [InlineData("http://www.bageriet.example:8080", null, HttpStatusCode.Created)]
    [InlineData("https://shop.bageriet.example", null, HttpStatusCode.Forbidden)]
    [InlineData("https://bageriet.example", null, HttpStatusCode.Forbidden)]
    [InlineData("https://www.bageriet.example.evil.com", null, HttpStatusCode.Forbidden)]
    [InlineData("https://evilwww.bageriet.example", null, HttpStatusCode.Forbidden)]
    [InlineData("https://www-bageriet.example", null, HttpStatusCode.Forbidden)]
    [InlineData("null", null, HttpStatusCode.Forbidden)]
    [InlineData(null, null, HttpStatusCode.Forbidden)]
    [InlineData(null, "https://www.bageriet.example/om-os", HttpStatusCode.Created)]
    [InlineData(null, "https://www.bageriet.example.evil.com/", HttpStatusCode.Forbidden)]
    public async Task OnlyTheSitesOwnDomainsMayRecordConsent(string? origin, string? referer, HttpStatusCode expected)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        if (referer is not null)
        {
            client.DefaultRequestHeaders.Referrer = new Uri(referer);
        }

        var response = await PostAsync(client, siteKey, Decision(Guid.NewGuid()), origin: origin);

        Assert.Equal(expected, response.StatusCode);
        // Refusals carry CORS as well, so the banner sees them as final rather than as network errors.
        Assert.Equal(origin is not null and not "null", response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://www.bageriet.example", HttpStatusCode.NoContent)]
    [InlineData("https://www.bageriet.example.evil.com", HttpStatusCode.Forbidden)]
    public async Task PreflightIsAnsweredOnlyForTheSitesDomains(string origin, HttpStatusCode expected)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/v1/sites/{siteKey}/consents");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NoContent)
        {
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        }
        else
        {
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task TheSameEventTwiceStoresOneRecord()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var decision = Decision(consentId);
        var client = app.CreateClient();

        var first = await PostAsync(client, siteKey, decision);
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        var second = await PostAsync(client, siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("receivedAt").GetDateTimeOffset(), b.GetProperty("receivedAt").GetDateTimeOffset());
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Single(records);
        Assert.Single(index);
    }

    [Fact]
    public async Task TextPlainBodiesFromSendBeaconAreAccepted()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);

        var response = await PostAsync(app.CreateClient(), siteKey, Decision(Guid.NewGuid()), contentType: "text/plain");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task NecessaryIsAlwaysRecordedGranted()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();

        (await PostAsync(app.CreateClient(), siteKey, Decision(consentId, "rejectAll", new() { ["necessary"] = false, ["statistics"] = false }))).EnsureSuccessStatusCode();

        var history = await HistoryAsync(app.CreateClient(), siteKey, consentId);
        var choices = history.GetProperty("current").GetProperty("choices");
        Assert.True(choices.GetProperty("necessary").GetBoolean());
        Assert.False(choices.GetProperty("marketing").GetBoolean());
    }

    [Theory]
    [InlineData("acceptAll", 12)]
    [InlineData("rejectAll", 6)]
    [InlineData("withdraw", 6)]
    public async Task ExpiryFollowsTheSitesAcceptOrDeclineValidity(string method, int months)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var all = method == "acceptAll";
        var choices = new Dictionary<string, bool> { ["necessary"] = true, ["preferences"] = all, ["statistics"] = all, ["marketing"] = all };

        var response = await PostAsync(app.CreateClient(), siteKey, Decision(Guid.NewGuid(), method, choices));

        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(app.Clock.GetUtcNow().AddMonths(months), receipt.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ASitesOwnValiditySettingsAreUsed()
    {
        var site = TestApp.SampleSite();
        site["consent"] = new { acceptValidityMonths = 3, declineValidityMonths = 1 };
        var (_, siteKey) = await PublishedSiteAsync(app, site);
        var client = app.CreateClient();

        var accepted = await (await PostAsync(client, siteKey, Decision(Guid.NewGuid()))).Content.ReadFromJsonAsync<JsonElement>();
        var declined = await (await PostAsync(client, siteKey, Decision(Guid.NewGuid(), "rejectAll", new() { ["necessary"] = true }))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(app.Clock.GetUtcNow().AddMonths(3), accepted.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(app.Clock.GetUtcNow().AddMonths(1), declined.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("revision", 2, "revision")]
    [InlineData("revision", 0, "revision")]
    [InlineData("language", "sv", "language")]
    [InlineData("method", "maybe", "")]
    [InlineData("pageUrl", "javascript:alert(1)", "pageUrl")]
    [InlineData("consentId", "00000000-0000-0000-0000-000000000000", "consentId")]
    public async Task AnInvalidDecisionIsRefusedWithAProblem(string field, object value, string errorKey)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var decision = Decision(Guid.NewGuid());
        decision[field] = value;

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(errorKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("custom", "{\"necessary\":true,\"cookies-of-doom\":true}")]
    [InlineData("acceptAll", "{\"necessary\":true,\"statistics\":true}")]
    [InlineData("rejectAll", "{\"necessary\":true,\"marketing\":true}")]
    [InlineData("gpc", "{\"necessary\":true}")]
    public async Task ChoicesMustMatchTheRevisionAndTheMethod(string method, string choicesJson)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var decision = Decision(Guid.NewGuid(), method, JsonSerializer.Deserialize<Dictionary<string, bool>>(choicesJson));

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AGpcDecisionIsRecordedWhenTheSiteHonoursIt()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var decision = Decision(Guid.NewGuid(), "gpc", new() { ["necessary"] = true, ["statistics"] = false, ["marketing"] = false });
        decision["gpc"] = true;

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"consentId\": ", HttpStatusCode.BadRequest)]
    [InlineData("{\"consentId\": \"not-a-uuid\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"unexpected\": 1}", HttpStatusCode.BadRequest)]
    public async Task MalformedBodiesGetProblemDetails(string body, HttpStatusCode expected)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{siteKey}/consents") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", Origin);

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ABodyOverEightKilobytesIsRefusedWith413()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var decision = Decision(Guid.NewGuid());
        decision["pageUrl"] = "https://www.bageriet.example/" + new string('a', 8200);

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownSiteGets404()
    {
        var response = await PostAsync(app.CreateClient(), new string('z', 26), Decision(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OtherContentTypesAreRefused()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);

        var response = await PostAsync(app.CreateClient(), siteKey, Decision(Guid.NewGuid()), contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
