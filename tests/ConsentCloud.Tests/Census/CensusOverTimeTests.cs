using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Jobs;
using static ConsentCloud.Tests.Census.CensusKit;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Census;

/// <summary>The census over days on the app's fake clock: "declared but not seen for 30 days", and PurgeCensus after 90 days.</summary>
public sealed class CensusOverTimeTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task PurgeCensusDeletesDaysOlderThanNinetyDaysAndKeepsTheRest()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        (await SendAsync(app, siteKey, Beacon(null, cookies: ["old_cookie"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(60));
        (await SendAsync(app, siteKey, Beacon(null, cookies: ["new_cookie"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);

        // Day 89 after the first beacon: the first day is still one of the 90 kept.
        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(JobOutcome.Succeeded, (await RunAsync(app, "PurgeCensus")).Run.Outcome);
        Assert.Equal(2, await CountAsync(app, "Census", siteKey));

        // Day 90: it goes; the later day stays, and the census no longer knows the old name.
        app.Clock.Advance(TimeSpan.FromDays(1));
        var run = await RunAsync(app, "PurgeCensus");

        Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        Assert.Equal(1, await CountAsync(app, "Census", siteKey));
        var report = await ReportAsync(agency, siteKey, 90);
        Assert.Null(Find(report, "undeclared", "httpCookie", "old_cookie"));
        Assert.NotNull(Find(report, "undeclared", "httpCookie", "new_cookie"));

        // A second run the same day has nothing left to do.
        Assert.Equal(0, (await RunAsync(app, "PurgeCensus")).Run.Processed);
    }

    [Fact]
    public async Task ADeletedSitesCensusIsPurgedAtOnce()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        (await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);
        (await agency.Owner.DeleteAsync(agency.Path($"/sites/{siteKey}"))).EnsureSuccessStatusCode();

        await RunAsync(app, "PurgeCensus");

        Assert.Equal(0, await CountAsync(app, "Census", siteKey));
    }

    [Fact]
    public async Task DeclaredCookiesNotSeenForThirtyDaysAreListedOnceThereIsEnoughData()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await AddCatalogueAsync(agency, siteKey, "google-analytics", "hotjar");
        (await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga", "_hjSessionUser_123"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);
        var firstDay = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.False((await ReportAsync(agency, siteKey)).GetProperty("notSeen").GetProperty("enoughData").GetBoolean());

        app.Clock.Advance(TimeSpan.FromDays(2));
        (await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);
        var notSeen = (await ReportAsync(agency, siteKey)).GetProperty("notSeen");

        Assert.True(notSeen.GetProperty("enoughData").GetBoolean());
        Assert.Null(Find(notSeen, "items", "httpCookie", "_ga"));
        Assert.Equal(firstDay, Find(notSeen, "items", "httpCookie", "_hjSessionUser_*")!.Value.GetProperty("lastSeen").GetString());
        Assert.False(Find(notSeen, "items", "httpCookie", "_ga_*")!.Value.TryGetProperty("lastSeen", out _));
    }
}
