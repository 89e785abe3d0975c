using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>
/// What ingest takes beyond the categories: the visitor's own decision time (stored beside our receipt time, the
/// validity counted from it, refused more than a day off our clock) and choices per service, checked against the
/// revision and recorded for every service.
/// </summary>
public sealed class DecisionTimeAndServiceTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task TheVisitorsDecisionTimeIsStoredBesideTheReceiptTimeAndTheValidityCountsFromIt()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var decidedAt = app.Clock.GetUtcNow().AddHours(-5); // waited in the banner's outbox
        var decision = Decision(consentId);
        decision["decidedAt"] = decidedAt;

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(app.Clock.GetUtcNow(), receipt.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(decidedAt.AddMonths(12), receipt.GetProperty("expiresAt").GetDateTimeOffset());
        var row = Assert.Single((await RawRowsAsync(app, siteKey, consentId)).Records);
        Assert.Equal(decidedAt, row.GetDateTimeOffset("DecidedAt"));
        Assert.Equal(app.Clock.GetUtcNow(), row.GetDateTimeOffset("ReceivedAt"));
        var current = (await HistoryAsync(app.CreateClient(), siteKey, consentId)).GetProperty("current");
        Assert.Equal(decidedAt, current.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal(app.Clock.GetUtcNow(), current.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AVisitorClockAheadOfOursIsRecordedButNeverLengthensTheValidityPastReceipt()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var decidedAt = app.Clock.GetUtcNow().AddHours(6); // the visitor's clock runs six hours fast
        var decision = Decision(consentId);
        decision["decidedAt"] = decidedAt;

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(app.Clock.GetUtcNow().AddMonths(12), receipt.GetProperty("expiresAt").GetDateTimeOffset());
        var current = (await HistoryAsync(app.CreateClient(), siteKey, consentId)).GetProperty("current");
        Assert.Equal(decidedAt, current.GetProperty("decidedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task WithoutADecisionTimeTheReceiptTimeIsTheDecisionTime()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();

        (await PostAsync(app.CreateClient(), siteKey, Decision(consentId))).EnsureSuccessStatusCode();

        var current = (await HistoryAsync(app.CreateClient(), siteKey, consentId)).GetProperty("current");
        Assert.Equal(app.Clock.GetUtcNow(), current.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal(app.Clock.GetUtcNow().AddMonths(12), current.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(-25, HttpStatusCode.BadRequest)]
    [InlineData(25, HttpStatusCode.BadRequest)]
    [InlineData(-23, HttpStatusCode.Created)]
    [InlineData(23, HttpStatusCode.Created)]
    public async Task ADecisionTimeMoreThanADayOffTheServerClockIsRefused(int hours, HttpStatusCode expected)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var decision = Decision(consentId);
        decision["decidedAt"] = app.Clock.GetUtcNow().AddHours(hours);

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("decidedAt", out _));
            Assert.Empty((await RawRowsAsync(app, siteKey, consentId)).Records);
        }
    }

    [Fact]
    public async Task ARetryOfTheSameEventKeepsOneRecordWithItsDecisionTimeAndExpiry()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var decidedAt = app.Clock.GetUtcNow().AddMinutes(-1);
        var decision = Decision(consentId);
        decision["decidedAt"] = decidedAt;
        var client = app.CreateClient();

        var first = await PostAsync(client, siteKey, decision);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var second = await PostAsync(client, siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await second.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(a.GetProperty("expiresAt").GetDateTimeOffset(), b.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(decidedAt.AddMonths(12), b.GetProperty("expiresAt").GetDateTimeOffset());
        var row = Assert.Single((await RawRowsAsync(app, siteKey, consentId)).Records);
        Assert.Equal(decidedAt, row.GetDateTimeOffset("DecidedAt"));
    }

    [Fact]
    public async Task AServiceChosenApartFromItsCategoryIsRecordedWithTheStateOfEveryOtherService()
    {
        var (_, siteKey) = await PublishedSiteWithServicesAsync(app);
        var consentId = Guid.NewGuid();
        var decision = Decision(consentId, "custom", new() { ["necessary"] = true, ["statistics"] = true, ["marketing"] = false });
        decision["services"] = new Dictionary<string, bool> { ["youtube"] = true, ["hotjar"] = false };

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var current = (await HistoryAsync(app.CreateClient(), siteKey, consentId)).GetProperty("current");
        Assert.Equal(
            new Dictionary<string, bool> { ["cookie-consent"] = true, ["google-analytics"] = true, ["hotjar"] = false, ["youtube"] = true, ["facebook-pixel"] = false },
            current.GetProperty("services").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean()));
        Assert.False(current.GetProperty("choices").GetProperty("marketing").GetBoolean());
        var row = Assert.Single((await RawRowsAsync(app, siteKey, consentId)).Records);
        Assert.Contains("\"youtube\":true", row.GetString("Services"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAServiceGrantedOnItsOwnStillCountsAsAGrantForTheValidity()
    {
        var (_, siteKey) = await PublishedSiteWithServicesAsync(app);
        var decision = Decision(Guid.NewGuid(), "custom", new() { ["necessary"] = true });
        decision["services"] = new Dictionary<string, bool> { ["youtube"] = true };

        var receipt = await (await PostAsync(app.CreateClient(), siteKey, decision)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(app.Clock.GetUtcNow().AddMonths(12), receipt.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("custom", "tiktok", true, "services.tiktok")] // not in the revision
    [InlineData("custom", "cookie-consent", false, "services.cookie-consent")] // necessary: not a choice
    [InlineData("acceptAll", "youtube", false, "method")]
    [InlineData("rejectAll", "youtube", true, "method")]
    [InlineData("withdraw", "google-analytics", true, "method")]
    public async Task AServiceChoiceTheRevisionOrTheMethodDoesNotAllowIsRefused(string method, string service, bool granted, string errorKey)
    {
        var (_, siteKey) = await PublishedSiteWithServicesAsync(app);
        var all = method == "acceptAll";
        var decision = Decision(Guid.NewGuid(), method, new() { ["necessary"] = true, ["preferences"] = all, ["statistics"] = all, ["marketing"] = all });
        decision["services"] = new Dictionary<string, bool> { [service] = granted };

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(errorKey, out _), errorKey);
    }

    [Fact]
    public async Task UnderGpcNoMarketingServiceMayBeGranted()
    {
        var (_, siteKey) = await PublishedSiteWithServicesAsync(app);
        var decision = Decision(Guid.NewGuid(), "gpc", new() { ["necessary"] = true, ["statistics"] = true });
        decision["gpc"] = true;
        decision["services"] = new Dictionary<string, bool> { ["youtube"] = true };

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task MoreServiceChoicesThanTheRevisionHasServicesAreRefused()
    {
        var (_, siteKey) = await PublishedSiteWithServicesAsync(app);
        var decision = Decision(Guid.NewGuid());
        decision["services"] = Enumerable.Range(0, 6).ToDictionary(i => "service-" + i, _ => true);

        var response = await PostAsync(app.CreateClient(), siteKey, decision);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("services", out _));
    }
}
