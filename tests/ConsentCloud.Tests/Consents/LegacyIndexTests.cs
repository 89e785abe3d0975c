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
        var consentId = Guid.NewGuid();
        await StoredTheOldWayIsReadRetriedAndErasedAsync(app, siteKey, consentId, MoveIndexRowToLegacyLayoutAsync, siteKey + "-" + consentId.ToString("N"));
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
