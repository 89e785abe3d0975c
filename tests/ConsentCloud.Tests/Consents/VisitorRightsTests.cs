using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

public sealed class VisitorRightsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task AVisitorSeesTheirHistoryWithEachDecisionsState()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var client = app.CreateClient();
        var declined = new Dictionary<string, bool> { ["necessary"] = true };
        var accepted = new Dictionary<string, bool> { ["necessary"] = true, ["preferences"] = true, ["statistics"] = true, ["marketing"] = true };

        (await PostAsync(client, siteKey, Decision(consentId, "rejectAll", declined))).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(200));
        (await PostAsync(client, siteKey, Decision(consentId, "acceptAll", accepted))).EnsureSuccessStatusCode();

        var history = await HistoryAsync(client, siteKey, consentId);
        Assert.True(history.GetProperty("held").GetBoolean());
        var states = history.GetProperty("decisions").EnumerateArray().Select(d => (d.GetProperty("method").GetString(), d.GetProperty("state").GetString())).ToList();
        Assert.Equal([("rejectAll", "expired"), ("acceptAll", "active")], states);
        Assert.Equal("acceptAll", history.GetProperty("current").GetProperty("method").GetString());
        Assert.Equal("203.0.113.0/24", history.GetProperty("current").GetProperty("ipPrefix").GetString());
    }

    [Fact]
    public async Task WithdrawalIsANewDecisionKeptAsProof()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var client = app.CreateClient();
        (await PostAsync(client, siteKey, Decision(consentId))).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromHours(1));

        var withdraw = await PostAsync(client, siteKey, Decision(consentId, "withdraw", new() { ["necessary"] = true }));

        Assert.Equal(HttpStatusCode.Created, withdraw.StatusCode);
        var history = await HistoryAsync(client, siteKey, consentId);
        var decisions = history.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(2, decisions.Count);
        Assert.All(decisions, d => Assert.Equal("withdrawn", d.GetProperty("state").GetString()));
        Assert.False(history.GetProperty("current").GetProperty("choices").GetProperty("statistics").GetBoolean());
    }

    [Fact]
    public async Task ErasureRemovesEveryRecordAndIndexEntryAndTheHistorySaysNothingIsHeld()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(client, siteKey, Decision(consentId))).EnsureSuccessStatusCode();
            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        var other = Guid.NewGuid();
        (await PostAsync(client, siteKey, Decision(other))).EnsureSuccessStatusCode();

        var erase = await client.DeleteAsync($"/v1/sites/{siteKey}/consents/{consentId}");

        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Equal(3, (await erase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        var history = await HistoryAsync(client, siteKey, consentId);
        Assert.False(history.GetProperty("held").GetBoolean());
        Assert.Empty(history.GetProperty("decisions").EnumerateArray());
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Empty(records);
        Assert.Empty(index);
        Assert.True((await HistoryAsync(client, siteKey, other)).GetProperty("held").GetBoolean());
    }

    [Fact]
    public async Task AnotherSitesConsentIdsAreInvisibleAndUntouchable()
    {
        var (_, siteA) = await PublishedSiteAsync(app);
        var (_, siteB) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var client = app.CreateClient();
        (await PostAsync(client, siteA, Decision(consentId))).EnsureSuccessStatusCode();

        Assert.False((await HistoryAsync(client, siteB, consentId)).GetProperty("held").GetBoolean());
        var erase = await client.DeleteAsync($"/v1/sites/{siteB}/consents/{consentId}");
        Assert.Equal(0, (await erase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        Assert.True((await HistoryAsync(client, siteA, consentId)).GetProperty("held").GetBoolean());
    }

    [Fact]
    public async Task AnotherSitesPagesCannotReadAVisitorsConsents()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        var client = app.CreateClient();
        (await PostAsync(client, siteKey, Decision(consentId))).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/consents/{consentId}");
        request.Headers.Add("Origin", "https://tracker.example");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TheManagementApiOfAnotherAgencyCannotReachConsentRecords()
    {
        var (owner, siteKey) = await PublishedSiteAsync(app);
        (await PostAsync(app.CreateClient(), siteKey, Decision(Guid.NewGuid()))).EnsureSuccessStatusCode();
        var outsider = await app.CreateAgencyAsync("Outsider");

        // The only management routes that touch a site are agency-scoped; another agency gets 404 for all of them
        // (IsolationTests covers every route). Here: the site itself, and its revisions, which consents point at.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Owner.GetAsync($"/api/v1/agencies/{owner.Id}/sites/{siteKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Owner.GetAsync($"/api/v1/agencies/{outsider.Id}/sites/{siteKey}/banner/revisions/1")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("00000000000000000000000000000000")]
    public async Task AMalformedConsentIdGets404(string consentId)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);

        var response = await app.CreateClient().GetAsync($"/v1/sites/{siteKey}/consents/{consentId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
