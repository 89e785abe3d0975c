using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ConsentCloud.Tests.Consents;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Hosting;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Jobs;

/// <summary>
/// The purge deletes a page's index rows in transactions per shard partition (issue 20), seen at the storage proxy;
/// a transaction refused because one of its rows is gone already is done again row by row, and nothing is left.
/// </summary>
public sealed class PurgeIndexBatchTests(FlakyStorageApp app) : IClassFixture<FlakyStorageApp>
{
    [Fact]
    public async Task IndexRowsGoInOneTransactionPerShardAndAShardWithAMissingRowFallsBackToSingleDeletes()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await SetConsentSettingsAsync(agency, siteKey, new { retentionMonths = 13 });
        var start = app.Clock.GetUtcNow();
        var site = new SiteKey(siteKey);
        var intact = ConsentIdsInOneShard(siteKey, 6);
        var damaged = ConsentIdsInOneShard(siteKey, 6, except: ConsentKeys.IndexPartition(site, intact[0]));
        var events = intact.Concat(damaged).ToDictionary(id => id, _ => Guid.NewGuid());
        var client = app.CreateClient();
        foreach (var (consentId, eventId) in events)
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(consentId, eventId: eventId))).StatusCode);
        }

        // One index row of the second shard is gone before the purge (as when a visitor's erasure raced it).
        var index = new Azure.Data.Tables.TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + AppStorage.ConsentIndexTable);
        await index.DeleteEntityAsync(ConsentKeys.IndexPartition(site, damaged[0]), ConsentKeys.IndexRow(damaged[0], events[damaged[0]]), Azure.ETag.All);

        var singleDeletes = new ConcurrentQueue<string>();
        var batchDeletes = new ConcurrentQueue<string>();
        app.Tables.Observe = (method, path, body) =>
        {
            if (method == "DELETE" && path.Contains(AppStorage.ConsentIndexTable + "(", StringComparison.Ordinal))
            {
                singleDeletes.Enqueue(path);
            }
            else if (method == "POST" && path.EndsWith("/$batch", StringComparison.Ordinal) &&
                Encoding.UTF8.GetString(body) is var text && text.Contains("DELETE ", StringComparison.Ordinal) && text.Contains(AppStorage.ConsentIndexTable + "(", StringComparison.Ordinal))
            {
                batchDeletes.Enqueue(text);
            }
        };

        try
        {
            app.Clock.SetUtcNow(new DateTimeOffset(start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddMonths(13).AddDays(1));
            var run = await RunAsync(app, "PurgeRetention");
            Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        }
        finally
        {
            app.Tables.Observe = null;
        }

        // Both shards were tried as one transaction each; only the damaged one's five remaining rows (and the gone
        // one, which answers 404 quietly) went singly.
        Assert.Equal(2, batchDeletes.Count);
        Assert.Equal(6, singleDeletes.Count);
        Assert.All(singleDeletes, path => Assert.Contains(ConsentKeys.IndexPartition(site, damaged[0]) + "'", path.Replace("%27", "'"), StringComparison.Ordinal));
        foreach (var consentId in events.Keys)
        {
            var (records, rows) = await RawRowsAsync(app, siteKey, consentId);
            Assert.Empty(records);
            Assert.Empty(rows);
        }
    }
}
