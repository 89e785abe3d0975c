using Azure;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Jobs;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Jobs;

/// <summary>
/// The jobs read a site's days as one key range, page by page (1,000 rows a page): records seeded straight into the
/// tables, more than a page of them, over several days and two validities, next to another site's records.
/// </summary>
public sealed class RangeScanTests(TestApp app) : IClassFixture<TestApp>
{
    private const int Days = 4;
    private const int PerDay = 330; // 1,320 records: two pages and a bit

    [Fact]
    public async Task ManyPagesOfRecordsAreExpiredOncePurgedWithTheirIndexRowsAndAnotherSiteIsUntouched()
    {
        var (agency, site) = await PublishedSiteAsync(app);
        await SetConsentSettingsAsync(agency, site, new { acceptValidityMonths = 12, declineValidityMonths = 6, retentionMonths = 13 });
        var (_, neighbour) = await PublishedSiteAsync(app);
        var start = app.Clock.GetUtcNow();
        await SeedAsync(site, start);
        await SeedAsync(neighbour, start);

        // Six months and ten days on: the 6-month half of every day has expired, the 12-month half has not.
        app.Clock.SetUtcNow(start.AddMonths(6).AddDays(10));
        var first = await RunAsync(app, "ExpireConsents");
        Assert.Equal(JobOutcome.Succeeded, first.Run.Outcome);
        Assert.Equal(2 * Days * PerDay / 2, first.Run.Changed); // both sites' 6-month halves
        var rows = await AllRecordsAsync(app, site);
        Assert.Equal(Days * PerDay, rows.Count);
        Assert.All(rows, r => Assert.Equal(IsShort(r) ? "Expired" : null, r.GetString("State")));

        // The next run reads nothing: every day is checkpointed for the short validity, and none is due for the long one.
        var repeat = await RunAsync(app, "ExpireConsents");
        Assert.Equal(0, repeat.Run.Changed);
        Assert.Equal(0, repeat.Run.Processed);

        // Past 12 months the rest expires, and only the rest is written.
        app.Clock.SetUtcNow(start.AddMonths(12).AddDays(10));
        var second = await RunAsync(app, "ExpireConsents");
        Assert.Equal(2 * Days * PerDay / 2, second.Run.Changed);
        Assert.All(await AllRecordsAsync(app, site), r => Assert.Equal("Expired", r.GetString("State")));

        // Past 13 months every day is purged, index rows with it; the neighbour (60 months' retention) keeps everything.
        app.Clock.SetUtcNow(start.AddMonths(13).AddDays(Days + 2));
        var purge = await RunAsync(app, "PurgeRetention");
        Assert.Equal(JobOutcome.Succeeded, purge.Run.Outcome);
        Assert.Equal(Days * PerDay, purge.Sites.Single(s => s.Site == site).Processed);
        Assert.Equal(0, await CountAsync(app, "Consents", site));
        Assert.Equal(0, await CountAsync(app, "ConsentIndex", site));
        Assert.Equal(0, (await RunAsync(app, "PurgeRetention")).Sites.Single(s => s.Site == site).Processed);
        Assert.Equal(Days * PerDay, await CountAsync(app, "Consents", neighbour));
        Assert.Equal(Days * PerDay, await CountAsync(app, "ConsentIndex", neighbour));
    }

    /// <summary>Half the records of each day with a 6-month validity, half with 12, each with its index row.</summary>
    private async Task SeedAsync(string siteKey, DateTimeOffset start)
    {
        var service = new TableServiceClient(Azurite.ConnectionString);
        var records = service.GetTableClient(app.Prefix + "Consents");
        var index = service.GetTableClient(app.Prefix + "ConsentIndex");
        var site = new SiteKey(siteKey);
        var all = new List<TableEntity>();
        for (var day = 0; day < Days; day++)
        {
            for (var i = 0; i < PerDay; i++)
            {
                var receivedAt = start.AddDays(day).AddSeconds(i);
                var (consentId, eventId) = (Guid.NewGuid(), Guid.NewGuid());
                var months = i % 2 == 0 ? 6 : 12;
                all.Add(new TableEntity(ConsentKeys.Partition(site, receivedAt, consentId), ConsentKeys.Row(receivedAt, eventId))
                {
                    ["ConsentId"] = consentId, ["EventId"] = eventId, ["ReceivedAt"] = receivedAt, ["ExpiresAt"] = receivedAt.AddMonths(months),
                });
                await index.AddEntityAsync(new TableEntity(ConsentKeys.IndexPartition(site, consentId), ConsentKeys.IndexRow(consentId, eventId))
                {
                    ["RecordPartition"] = ConsentKeys.Partition(site, receivedAt, consentId), ["RecordRow"] = ConsentKeys.Row(receivedAt, eventId),
                });
            }
        }

        foreach (var batch in all.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)))
        {
            await records.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e, ETag.All)));
        }
    }

    private static bool IsShort(TableEntity row) =>
        row.GetDateTimeOffset("ExpiresAt") - row.GetDateTimeOffset("ReceivedAt") < TimeSpan.FromDays(200);
}
