using System.Net;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Hosting;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Consents;

/// <summary>
/// Decisions stored while there were 8 shards (before the count was cut to 2, issue 20): their record is in
/// "{site}-{day}-{id's last byte % 8}" and their index row in "{site}-{id's last byte % 8}". They are read, not stored
/// again on a retry, erased and purged like the others.
/// </summary>
public sealed class EarlierShardsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public void TheShardCountDividesTheEarlierOneSoAnIdsPartitionIsItsEarlierOneOrAnUnwrittenOne()
    {
        Assert.Equal(0, ConsentKeys.EarlierShards % ConsentKeys.Shards);
        var site = new SiteKey("earliershardsite");
        var seen = new HashSet<string?>();
        for (var i = 0; i < 200; i++)
        {
            var id = Guid.NewGuid();
            var earlier = ConsentKeys.EarlierIndexPartition(site, id);
            seen.Add(earlier);
            var recordPartition = ConsentKeys.Partition(site, DateTimeOffset.UnixEpoch, id);
            Assert.Equal(ConsentKeys.IndexPartition(site, id), ConsentKeys.IndexPartitionOfRecord(site, recordPartition));
            if (earlier is not null)
            {
                Assert.NotEqual(ConsentKeys.IndexPartition(site, id), earlier);
                Assert.InRange(int.Parse(earlier[(earlier.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture), ConsentKeys.Shards, ConsentKeys.EarlierShards - 1);
            }
        }

        Assert.Contains(null, seen);
        Assert.True(seen.Count > 2, "ids of several earlier partitions");
    }

    [Fact]
    public async Task ADecisionStoredUnderEightShardsIsReadNotStoredAgainOnARetryAndErasedWithTheNewOnes()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = IdOfAnEarlierPartition(siteKey);
        await StoredTheOldWayIsReadRetriedAndErasedAsync(app, siteKey, consentId, (site, id, _) => MoveToEightShardsAsync(app, site, id),
            ConsentKeys.EarlierIndexPartition(new SiteKey(siteKey), consentId)!);
    }

    [Fact]
    public async Task ThePurgeDeletesTheIndexRowsOfRecordsStoredUnderEightShards()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await SetConsentSettingsAsync(agency, siteKey, new { retentionMonths = 13 });
        var start = app.Clock.GetUtcNow();
        var client = app.CreateClient();
        var moved = Enumerable.Range(0, 3).Select(_ => IdOfAnEarlierPartition(siteKey)).ToList();
        var current = Guid.NewGuid();
        foreach (var consentId in moved.Append(current))
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(consentId))).StatusCode);
        }

        foreach (var consentId in moved)
        {
            await MoveToEightShardsAsync(app, siteKey, consentId);
        }

        app.Clock.SetUtcNow(new DateTimeOffset(start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddMonths(13).AddDays(1));
        Assert.Equal(JobOutcome.Succeeded, (await RunAsync(app, "PurgeRetention")).Run.Outcome);
        foreach (var consentId in moved.Append(current))
        {
            var (records, index) = await RawRowsAsync(app, siteKey, consentId);
            Assert.Empty(records);
            Assert.Empty(index);
        }
    }

    /// <summary>A consent id whose partition under 8 shards is one the current count never writes.</summary>
    private static Guid IdOfAnEarlierPartition(string siteKey)
    {
        while (true)
        {
            var id = Guid.NewGuid();
            if (ConsentKeys.EarlierIndexPartition(new SiteKey(siteKey), id) is not null)
            {
                return id;
            }
        }
    }

    /// <summary>Rewrites a consent id's one record and its index row where ingest put them while there were 8 shards.</summary>
    private static async Task MoveToEightShardsAsync(TestApp app, string siteKey, Guid consentId)
    {
        var service = new TableServiceClient(Azurite.ConnectionString);
        var records = service.GetTableClient(app.Prefix + AppStorage.ConsentsTable);
        var index = service.GetTableClient(app.Prefix + AppStorage.ConsentIndexTable);
        var (recordRows, indexRows) = await RawRowsAsync(app, siteKey, consentId);
        var record = Assert.Single(recordRows);
        var pointer = Assert.Single(indexRows);
        var earlier = ConsentKeys.EarlierIndexPartition(new SiteKey(siteKey), consentId)!;
        var shard = earlier[(earlier.LastIndexOf('-') + 1)..];
        var recordPartition = record.PartitionKey[..(record.PartitionKey.LastIndexOf('-') + 1)] + shard;

        await records.DeleteEntityAsync(record.PartitionKey, record.RowKey, Azure.ETag.All);
        await index.DeleteEntityAsync(pointer.PartitionKey, pointer.RowKey, Azure.ETag.All);
        record.PartitionKey = recordPartition;
        await records.AddEntityAsync(record);
        pointer.PartitionKey = earlier;
        pointer["RecordPartition"] = recordPartition;
        await index.AddEntityAsync(pointer);
    }
}
