using System.Net;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Retention;
using Microsoft.Extensions.DependencyInjection;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;
using Azure.Storage.Blobs.Models;

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
    public async Task IndexRowsWithoutARecordGoOnTheSitesSweepDayOncePastRetention()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await SetConsentSettingsAsync(agency, siteKey, new { retentionMonths = 13 });
        var start = app.Clock.GetUtcNow();
        var withRecord = await DecideAsync(app, siteKey, accept: true);
        var orphan = await DecideAsync(app, siteKey, accept: false);
        await DeleteRecordsAsync(app, siteKey, orphan); // as if its record write had failed after the index row
        app.Clock.Advance(TimeSpan.FromDays(20));
        var youngOrphan = await DecideAsync(app, siteKey, accept: true);
        await DeleteRecordsAsync(app, siteKey, youngOrphan);

        // A week of days on which the first day is wholly past 13 months and the later one is not.
        var pastRetention = RetentionStartOfNextDay(start).AddMonths(13).AddHours(3);
        var week = Enumerable.Range(0, 7).Select(d => pastRetention.AddDays(d)).ToList();
        var site = new SiteKey(siteKey);
        app.Clock.SetUtcNow(week.First(d => !PurgeRetention.SweepDue(site, d)));
        await RunAsync(app, "PurgeRetention");

        Assert.Equal((0, 0), await CountsAsync(app, siteKey, withRecord)); // the records' purge takes its index row along
        Assert.Equal((0, 1), await CountsAsync(app, siteKey, orphan));     // no record to lead there: left for the sweep

        // The sweep day may fall before the day just used: FakeTimeProvider only moves forward with SetUtcNow.
        var sweepDay = week.First(d => PurgeRetention.SweepDue(site, d));
        if (sweepDay < app.Clock.GetUtcNow())
        {
            app.Clock.AdjustTime(sweepDay);
        }
        else
        {
            app.Clock.SetUtcNow(sweepDay);
        }

        var run = await RunAsync(app, "PurgeRetention");

        Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        Assert.Equal((0, 0), await CountsAsync(app, siteKey, orphan));
        Assert.Equal((0, 1), await CountsAsync(app, siteKey, youngOrphan)); // within retention: kept until its day is past
        Assert.Contains(run.Logs, l => l.Contains(siteKey, StringComparison.Ordinal) && l.Contains("1 index rows", StringComparison.Ordinal));
    }

    [Fact]
    public void EverySiteIsSweptOnExactlyOneDayOfTheWeek()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 2, 30, 0, TimeSpan.Zero);
        foreach (var site in Enumerable.Range(0, 50).Select(_ => SiteKey.New()))
        {
            var days = Enumerable.Range(0, 14).Where(d => PurgeRetention.SweepDue(site, monday.AddDays(d))).ToList();
            Assert.Equal(2, days.Count);
            Assert.Equal(7, days[1] - days[0]);
        }
    }

    [Fact]
    public async Task ADeletedSiteIsPurgedEntirelyAfterThirtyDays()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var consentId = await DecideAsync(app, siteKey, accept: true);
        await DeleteRecordsAsync(app, siteKey, await DecideAsync(app, siteKey, accept: false)); // an index row without its record
        await app.Services.GetRequiredService<ConsentCloud.Web.Features.Reports.StatisticsCounter>().FlushAsync(CancellationToken.None);
        Assert.NotEqual(0, await CountAsync(app, "ConsentStats", siteKey));
        var scan = await Scanning.ScanApp.StartedScanAsync(agency, siteKey); // www.bageriet.example does not resolve: it fails, and stays
        await Scanning.ScanApp.FinishedAsync(agency, siteKey, scan.GetProperty("id").GetString()!);
        Assert.Equal(1, await CountAsync(app, "SiteScans", siteKey));
        Assert.Equal(HttpStatusCode.OK, (await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/verification"), null)).StatusCode); // stores its checks
        Assert.NotEqual(0, await CountAsync(app, "SiteScans", "domains:" + siteKey));
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
        Assert.Equal(0, await CountAsync(app, "SiteScans", siteKey));
        Assert.Equal(0, await CountAsync(app, "SiteScans", "domains:" + siteKey));
        Assert.Equal(0, await CountAsync(app, "SiteKeys", siteKey));
        Assert.Equal(0, await CountAsync(app, "Sites", agency.Id));
        var drafts = new Azure.Storage.Blobs.BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(app.Prefix + "drafts");
        await foreach (var blob in drafts.GetBlobsAsync(new GetBlobsOptions { Prefix = agency.Id }))
        {
            Assert.Fail($"Draft left behind: {blob.Name}");
        }
    }

    private static async Task<(int Records, int Index)> CountsAsync(TestApp app, string siteKey, Guid consentId)
    {
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        return (records.Count, index.Count);
    }

    private static async Task DeleteRecordsAsync(TestApp app, string siteKey, Guid consentId)
    {
        var table = new Azure.Data.Tables.TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "Consents");
        foreach (var row in (await RawRowsAsync(app, siteKey, consentId)).Records)
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All);
        }
    }

    private static DateTimeOffset RetentionStartOfNextDay(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
}
