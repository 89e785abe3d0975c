using System.Net;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Jobs;

public sealed class PurgeRetentionTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task RecordsArePurgedWithTheirIndexRowsOnceTheyArePastRetention()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await SetConsentSettingsAsync(agency, siteKey, new { retentionMonths = 13 });
        var start = app.Clock.GetUtcNow();
        var older = await DecideAsync(app, siteKey, accept: true);
        app.Clock.Advance(TimeSpan.FromDays(2));
        var newer = await DecideAsync(app, siteKey, accept: true);

        // A day before the older decision's day is wholly past 13 months: nothing goes.
        app.Clock.SetUtcNow(RetentionStartOfNextDay(start).AddMonths(13).AddDays(-1));
        await RunAsync(app, "PurgeRetention");
        Assert.Single(await StatesAsync(app, siteKey, older));

        // A day after: the older one goes, with its index row; the newer one (two days younger) stays.
        app.Clock.SetUtcNow(RetentionStartOfNextDay(start).AddMonths(13).AddDays(1));
        var run = await RunAsync(app, "PurgeRetention");

        Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        var (records, index) = await RawRowsAsync(app, siteKey, older);
        Assert.Empty(records);
        Assert.Empty(index);
        Assert.Single(await StatesAsync(app, siteKey, newer));
        Assert.False((await HistoryAsync(app.CreateClient(), siteKey, older)).GetProperty("held").GetBoolean());
    }

    [Fact]
    public async Task ADeletedSiteIsPurgedEntirelyAfterThirtyDays()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var consentId = await DecideAsync(app, siteKey, accept: true);
        await app.Services.GetRequiredService<ConsentCloud.Web.Features.Reports.StatisticsCounter>().FlushAsync(CancellationToken.None);
        Assert.NotEqual(0, await CountAsync(app, "ConsentStats", siteKey));
        Assert.Equal(HttpStatusCode.NoContent, (await agency.Owner.DeleteAsync(agency.Path($"/sites/{siteKey}"))).StatusCode);
        var deletedAt = app.Clock.GetUtcNow();

        app.Clock.SetUtcNow(deletedAt.AddDays(29));
        await RunAsync(app, "PurgeRetention");
        Assert.Single(await StatesAsync(app, siteKey, consentId));

        app.Clock.SetUtcNow(deletedAt.AddDays(31));
        var run = await RunAsync(app, "PurgeRetention");

        Assert.Contains(run.Logs, l => l.Contains(siteKey, StringComparison.Ordinal) && l.Contains("purged", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(app, "Consents", siteKey));
        Assert.Equal(0, await CountAsync(app, "ConsentIndex", siteKey));
        Assert.Equal(0, await CountAsync(app, "Revisions", siteKey));
        Assert.Equal(0, await CountAsync(app, "ConsentStats", siteKey));
        Assert.Equal(0, await CountAsync(app, "SiteKeys", siteKey));
        Assert.Equal(0, await CountAsync(app, "Sites", agency.Id));
        var drafts = new ConsentCloud.Web.Storage.BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(app.Prefix + "drafts");
        await foreach (var blob in drafts.GetBlobsAsync(prefix: agency.Id))
        {
            Assert.Fail($"Draft left behind: {blob.Name}");
        }
    }

    private static DateTimeOffset RetentionStartOfNextDay(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
}
