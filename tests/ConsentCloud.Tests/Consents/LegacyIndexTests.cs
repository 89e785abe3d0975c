using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>Decisions stored before issue 20, whose index rows are in a partition per consent id ("{site}-{consentId}", event id).</summary>
public sealed class LegacyIndexTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ADecisionIndexedTheOldWayIsReadNotStoredAgainOnARetryAndErasedWithTheNewOnes()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        var consentId = Guid.NewGuid();
        var decision = Decision(consentId);
        decision["decidedAt"] = app.Clock.GetUtcNow();
        var first = await PostAsync(client, siteKey, decision);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstReceipt = await first.Content.ReadFromJsonAsync<JsonElement>();
        await MoveIndexRowToLegacyLayoutAsync(siteKey, consentId, (Guid)decision["eventId"]!);

        var history = await HistoryAsync(client, siteKey, consentId);
        Assert.True(history.GetProperty("held").GetBoolean());
        Assert.Equal((Guid)decision["eventId"]!, Assert.Single(history.GetProperty("decisions").EnumerateArray()).GetProperty("eventId").GetGuid());

        // The banner's outbox retries the same event minutes later: the legacy index row is found, nothing is added.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var retried = await PostAsync(client, siteKey, decision);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(firstReceipt.GetProperty("receivedAt").GetDateTimeOffset(), (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receivedAt").GetDateTimeOffset());
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Single(records);
        Assert.Equal(siteKey + "-" + consentId.ToString("N"), Assert.Single(index).PartitionKey);

        // A new decision of the same visitor is indexed the new way; the history holds both, erasure takes both.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(consentId, "rejectAll", new() { ["necessary"] = true }))).StatusCode);
        Assert.Equal(2, (await HistoryAsync(client, siteKey, consentId)).GetProperty("decisions").GetArrayLength());
        Assert.Equal(2, (await RawRowsAsync(app, siteKey, consentId)).Index.Count);

        var erase = await client.DeleteAsync($"/v1/sites/{siteKey}/consents/{consentId}");
        Assert.Equal(2, (await erase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Empty(records);
        Assert.Empty(index);
        Assert.False((await HistoryAsync(client, siteKey, consentId)).GetProperty("held").GetBoolean());
    }

    /// <summary>Rewrites a decision's index row as ingest wrote it until issue 20.</summary>
    private async Task MoveIndexRowToLegacyLayoutAsync(string siteKey, Guid consentId, Guid eventId)
    {
        var table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "ConsentIndex");
        var row = Assert.Single((await RawRowsAsync(app, siteKey, consentId)).Index);
        Assert.Equal(consentId.ToString("N") + "-" + eventId.ToString("N"), row.RowKey);
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All);
        await table.AddEntityAsync(new TableEntity(siteKey + "-" + consentId.ToString("N"), eventId.ToString("N"))
        {
            ["RecordPartition"] = row.GetString("RecordPartition"),
            ["RecordRow"] = row.GetString("RecordRow"),
            ["ReceivedAt"] = row.GetDateTimeOffset("ReceivedAt"),
        });
    }
}
