using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Jobs;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using Microsoft.Extensions.DependencyInjection;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Reports.ReportTestKit;

namespace ConsentCloud.Tests.Reports;

public sealed class StatisticsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task DecisionsAreCountedAtIngestByDayMethodLanguageAndCategory()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await DecideAsync(app, siteKey, "acceptAll", Accepted);
        await DecideAsync(app, siteKey, "custom", StatisticsOnly, language: "en");
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(app, siteKey, "rejectAll", Declined);
        await DecideAsync(app, siteKey, "rejectAll", Declined);
        await FlushStatisticsAsync(app);

        var stats = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/stats?days=30"));

        var days = stats.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(Day(app), days[^1].GetProperty("day").GetString());
        Assert.Equal(2, days[^1].GetProperty("decisions").GetInt64());
        Assert.Equal(2, days[^2].GetProperty("decisions").GetInt64());
        Assert.All(days[..^2], d => Assert.Equal(0, d.GetProperty("decisions").GetInt64()));
        var totals = stats.GetProperty("totals");
        Assert.Equal(4, totals.GetProperty("decisions").GetInt64());
        Assert.Equal(2, totals.GetProperty("byMethod").GetProperty("rejectAll").GetInt64());
        Assert.Equal(3, totals.GetProperty("byLanguage").GetProperty("da").GetInt64());
        var statistics = totals.GetProperty("categories").GetProperty("statistics");
        Assert.Equal(4, statistics.GetProperty("offered").GetInt64());
        Assert.Equal(2, statistics.GetProperty("granted").GetInt64());
        Assert.Equal(0.5, statistics.GetProperty("grantRate").GetDouble());
    }

    [Fact]
    public async Task RetriesOfTheSameEventAreCountedOnce()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var decision = Decision(Guid.NewGuid(), "acceptAll", Accepted);
        (await PostAsync(app.CreateClient(), siteKey, decision)).EnsureSuccessStatusCode();
        (await PostAsync(app.CreateClient(), siteKey, decision)).EnsureSuccessStatusCode();
        await FlushStatisticsAsync(app);

        var stats = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/stats?days=1"));

        Assert.Equal(1, stats.GetProperty("totals").GetProperty("decisions").GetInt64());
    }

    [Fact]
    public async Task TheNightlyRecountRepairsCountsTheIngestCounterLost()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var counted = await DecideAsync(app, siteKey, "acceptAll", Accepted);
        // Decisions stored but never counted: an instance killed between storing them and its next flush.
        var log = app.Services.GetRequiredService<ConsentLog>();
        var stored = (await log.HistoryAsync(new SiteKey(siteKey), counted, CancellationToken.None)).Single();
        await log.AppendAsync(stored with { ConsentId = Guid.NewGuid(), EventId = Guid.NewGuid(), Method = ConsentMethod.RejectAll }, CancellationToken.None);
        await log.AppendAsync(stored with { ConsentId = Guid.NewGuid(), EventId = Guid.NewGuid(), Method = ConsentMethod.Custom }, CancellationToken.None);
        await FlushStatisticsAsync(app);
        var day = Day(app);
        var lost = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/stats?from={day}&to={day}"));
        Assert.Equal(1, lost.GetProperty("totals").GetProperty("decisions").GetInt64());

        app.Clock.Advance(TimeSpan.FromDays(1));
        var run = await JobTestKit.RunAsync(app, "RecountStatistics");

        Assert.Null(run.Run.Error);
        var repaired = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/stats?from={day}&to={day}"));
        Assert.Equal(3, repaired.GetProperty("totals").GetProperty("decisions").GetInt64());
        Assert.Equal(1, repaired.GetProperty("totals").GetProperty("byMethod").GetProperty("custom").GetInt64());
    }

    [Fact]
    public async Task IngestSucceedsWhenTheStatisticsCannotBeWritten()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "ConsentStats");
        await table.DeleteAsync();
        try
        {
            var response = await PostAsync(app.CreateClient(), siteKey, Decision(Guid.NewGuid(), "acceptAll", Accepted));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            await FlushStatisticsAsync(app); // logs and keeps the counts for the next flush; never throws
        }
        finally
        {
            await table.CreateIfNotExistsAsync();
        }
    }

    [Fact]
    public async Task TheChartIsServedAsSvgAndBadRangesAreProblems()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        var chart = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/stats/chart.svg?days=90"));
        var tooMany = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/stats?days=401"));
        var both = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/stats?days=30&from=2026-01-01&to=2026-01-02"));

        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", await chart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal("application/problem+json", both.Content.Headers.ContentType!.MediaType);
    }
}
