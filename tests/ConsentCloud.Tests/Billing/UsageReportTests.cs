using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Jobs;
using ConsentCloud.Tests.Reports;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Billing.Usage;
using ConsentCloud.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Billing;

/// <summary>The app pointed at a fake Stripe of its own on loopback.</summary>
public sealed class UsageApp : TestApp
{
    protected override bool UsesFakeStripe => true;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Billing:Stripe:SecretKey", "sk_test_usage"),
        new("Billing:Stripe:WebhookSecret", BillingApp.WebhookSecret),
        // Subscriptions without a price are on the first paid plan (Starter): with nothing included, every decision
        // is above the included volume, so a day's event is the day's decisions. The Agency plan includes 5.
        new("Billing:Plans:Starter:IncludedDecisions", "0"),
        new("Billing:Plans:Agency:PriceId", "price_agency"),
        new("Billing:Plans:Agency:IncludedDecisions", "5"),
    ];
}

/// <summary>
/// The daily usage job (ReportUsage) through the real app on Azurite, decisions made through the public API and
/// subscriptions set by signed webhooks, against the fake Stripe. Each test has an app (tables, clock, fake Stripe) of
/// its own: the job looks at every agency, and the days it reports depend on the clock.
/// </summary>
public sealed class UsageReportTests : IAsyncLifetime
{
    private const string MeterPath = "/v1/billing/meter_events";
    private readonly UsageApp app = new();

    /// <summary>2026-11-02, the test clock's first day (09:30 UTC).</summary>
    private readonly DateOnly day0 = new(2026, 11, 2);

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAppAsync();

    [Fact]
    public async Task EachSubscribedAgencyDayIsOneMeterEventAndARerunReportsNothingMore()
    {
        var (active, activeSite) = await PublishedSiteAsync(app);
        var (pastDue, pastDueSite) = await PublishedSiteAsync(app);
        var (unsubscribed, unsubscribedSite) = await PublishedSiteAsync(app);
        var (canceled, canceledSite) = await PublishedSiteAsync(app);
        await DecideAsync(activeSite, 3);
        await DecideAsync(pastDueSite, 1);
        await DecideAsync(unsubscribedSite, 2);
        await DecideAsync(canceledSite, 2);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(activeSite, 2);
        await DecideAsync(pastDueSite, 4);
        await DecideAsync(unsubscribedSite, 1);
        await DecideAsync(canceledSite, 1);
        await ReportTestKit.FlushStatisticsAsync(app);
        var activeCustomer = await SubscribeAsync(active, "active");
        var pastDueCustomer = await SubscribeAsync(pastDue, "past_due");
        await SubscribeAsync(canceled, "canceled");
        AtHalfPastFour(day0.AddDays(2));

        var run = await RunAsync();

        Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        var eventName = app.Services.GetRequiredService<PlanCatalog>().MeterEventName;
        Assert.Equal(4, app.Stripe.MeterEvents.Count);
        AssertEvent(active, day0, activeCustomer, 3, eventName);
        AssertEvent(active, day0.AddDays(1), activeCustomer, 2, eventName);
        AssertEvent(pastDue, day0, pastDueCustomer, 1, eventName);
        AssertEvent(pastDue, day0.AddDays(1), pastDueCustomer, 4, eventName);
        var requests = app.Stripe.To(MeterPath).ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal("meter-event-" + r["identifier"], r.IdempotencyKey));
        Assert.DoesNotContain(requests, r => r["identifier"]!.StartsWith(unsubscribed.Id, StringComparison.Ordinal) || r["identifier"]!.StartsWith(canceled.Id, StringComparison.Ordinal));
        Assert.Equal([UsageReportStore.DayKey(day0), UsageReportStore.DayKey(day0.AddDays(1))], (await RowsAsync(active)).Keys.ToArray());
        Assert.Equal(2, (await RowsAsync(pastDue)).Count);
        Assert.Empty(await RowsAsync(unsubscribed));
        Assert.Empty(await RowsAsync(canceled));
        Assert.Equal(3, (await RowsAsync(active))[UsageReportStore.DayKey(day0)].GetInt64("Value"));
        Assert.Equal(Identifier(active, day0), (await RowsAsync(active))[UsageReportStore.DayKey(day0)].GetString("Identifier"));
        Assert.Equal(new[] { active.Id, pastDue.Id }.Order(StringComparer.Ordinal), run.Sites.Select(s => s.Site).Order(StringComparer.Ordinal));

        // Later the same day, and the next day: every day is settled, nothing is sent again.
        var again = await RunAsync();
        AtHalfPastFour(day0.AddDays(3));
        var nextDay = await RunAsync();

        Assert.Equal(JobOutcome.Succeeded, again.Run.Outcome);
        Assert.Equal(JobOutcome.Succeeded, nextDay.Run.Outcome);
        Assert.Equal(4, app.Stripe.MeterEvents.Count);
        Assert.Equal(4, app.Stripe.To(MeterPath).Count());
        Assert.Equal(0, app.Stripe.DuplicateMeterEvents);
        Assert.Equal(3, (await RowsAsync(active)).Count); // the day without decisions is settled without an event
        Assert.Null((await RowsAsync(active))[UsageReportStore.DayKey(day0.AddDays(2))].GetString("Identifier"));
    }

    [Fact]
    public async Task ADaySentButNotRecordedIsSentAgainAsTheSameEventAndStripeCountsItOnce()
    {
        var (agency, site) = await PublishedSiteAsync(app);
        await DecideAsync(site, 2);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(site, 3);
        await ReportTestKit.FlushStatisticsAsync(app);
        var customer = await SubscribeAsync(agency, "active");
        AtHalfPastFour(day0.AddDays(2));
        Assert.Equal(JobOutcome.Succeeded, (await RunAsync()).Run.Outcome);
        Assert.Equal(2, app.Stripe.MeterEvents.Count);
        var first = app.Stripe.To(MeterPath).Single(r => r["identifier"] == Identifier(agency, day0));

        // The crash window: Stripe accepted the event, the process died before the row was written.
        await ReportsTable().DeleteEntityAsync(agency.Id, UsageReportStore.DayKey(day0));
        var rerun = await RunAsync();

        Assert.Equal(JobOutcome.Succeeded, rerun.Run.Outcome);
        var requests = app.Stripe.To(MeterPath).ToList();
        Assert.Equal(3, requests.Count);
        var resent = requests[^1];
        Assert.Equal(Identifier(agency, day0), resent["identifier"]);
        Assert.Equal(first.IdempotencyKey, resent.IdempotencyKey);
        Assert.Equal("2", resent["payload[value]"]);
        Assert.Equal(2, app.Stripe.MeterEvents.Count);
        Assert.Equal(0, app.Stripe.DuplicateMeterEvents); // the repeated key was answered with the first answer
        AssertEvent(agency, day0, customer, 2);
        Assert.Equal(2, (await RowsAsync(agency)).Count);
    }

    [Fact]
    public async Task AMeterEventThatFailsOnTheWayIsRetriedWithItsIdempotencyKeyAndCountedOnce()
    {
        var (agency, site) = await PublishedSiteAsync(app);
        await DecideAsync(site, 2);
        await ReportTestKit.FlushStatisticsAsync(app);
        var customer = await SubscribeAsync(agency, "active");
        AtHalfPastFour(day0.AddDays(1));
        app.Stripe.FailNext(BillingSetup.StripeNetworkRetries, 503);

        Assert.Equal(JobOutcome.Succeeded, (await RunAsync()).Run.Outcome);
        var requests = app.Stripe.To(MeterPath).ToList();
        Assert.Equal(BillingSetup.StripeNetworkRetries + 1, requests.Count);
        Assert.All(requests, r => Assert.Equal(("meter-event-" + Identifier(agency, day0), Identifier(agency, day0)), (r.IdempotencyKey, r["identifier"])));
        AssertEvent(agency, day0, customer, 2);
        Assert.Equal(0, app.Stripe.DuplicateMeterEvents);
        Assert.Single(await RowsAsync(agency));
    }

    [Fact]
    public async Task WhenStripeFailsForOneAgencyTheOthersAreReportedAndTheNextRunSendsTheFailedDays()
    {
        var (first, firstSite) = await PublishedSiteAsync(app);
        var (second, secondSite) = await PublishedSiteAsync(app);
        await DecideAsync(firstSite, 1);
        await DecideAsync(secondSite, 2);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(firstSite, 3);
        await DecideAsync(secondSite, 4);
        await ReportTestKit.FlushStatisticsAsync(app);
        var customers = new Dictionary<string, string> { [first.Id] = await SubscribeAsync(first, "active"), [second.Id] = await SubscribeAsync(second, "trialing") };
        AtHalfPastFour(day0.AddDays(2));

        // The first event the run sends fails on every attempt (server errors, retried by the client).
        app.Stripe.FailNext(BillingSetup.StripeNetworkRetries + 1, 500);
        var run = await RunAsync();

        Assert.Equal(JobOutcome.Failed, run.Run.Outcome);
        var failed = Assert.Single(run.Sites, s => s.Error is not null);
        var reported = Assert.Single(run.Sites, s => s.Error is null);
        Assert.Equal(2, reported.Changed);
        Assert.Equal(0, failed.Changed);
        // The failing agency stopped at its first day: its second day was not sent although Stripe was back.
        Assert.DoesNotContain(app.Stripe.MeterEvents.Keys, id => id.StartsWith(failed.Site, StringComparison.Ordinal));
        Assert.Equal(BillingSetup.StripeNetworkRetries + 1 + 2, app.Stripe.To(MeterPath).Count());
        Assert.Empty(await RowsAsync(failed.Site));
        Assert.Equal(2, (await RowsAsync(reported.Site)).Count);
        var line = Assert.Single(run.Logs, l => l.Contains(failed.Site, StringComparison.Ordinal));
        Assert.Contains("api_error/test_failure", line, StringComparison.Ordinal);
        Assert.DoesNotContain(customers[failed.Site], line, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test", line, StringComparison.Ordinal);

        var next = await RunAsync();

        Assert.Equal(JobOutcome.Succeeded, next.Run.Outcome);
        Assert.Equal(4, app.Stripe.MeterEvents.Count);
        var firstDay = failed.Site == first.Id ? 1 : 2;
        AssertEvent(failed.Site, day0, customers[failed.Site], firstDay);
        AssertEvent(failed.Site, day0.AddDays(1), customers[failed.Site], firstDay + 2);
        Assert.Equal(2, (await RowsAsync(failed.Site)).Count);
        Assert.Equal(0, app.Stripe.DuplicateMeterEvents);
    }

    [Fact]
    public async Task MissedRunsAreCaughtUpButNeverMoreThanSevenDaysBack()
    {
        var (agency, site) = await PublishedSiteAsync(app);
        var customer = await SubscribeAsync(agency, "active");
        for (var d = 0; d < 10; d++)
        {
            app.Clock.SetUtcNow(At(day0.AddDays(d), 10));
            await DecideAsync(site, 1 + (d % 3));
        }

        await ReportTestKit.FlushStatisticsAsync(app);
        AtHalfPastFour(day0.AddDays(10));
        Assert.Equal(JobOutcome.Succeeded, (await RunAsync()).Run.Outcome);

        // The site is ten days old, but only the last seven days get an event. The three older days' decisions are
        // not dropped: they are in the same usage month, so the first reported day carries them (1 + 2 + 3, and its own 1).
        Assert.Equal(Enumerable.Range(3, 7).Select(d => Identifier(agency, day0.AddDays(d))).Order(StringComparer.Ordinal),
            app.Stripe.MeterEvents.Keys.Order(StringComparer.Ordinal));
        AssertEvent(agency, day0.AddDays(3), customer, 7);
        for (var d = 4; d < 10; d++)
        {
            AssertEvent(agency, day0.AddDays(d), customer, 1 + (d % 3));
        }

        // Then the job does not run for three days: the next run reports all three.
        for (var d = 10; d < 13; d++)
        {
            app.Clock.SetUtcNow(At(day0.AddDays(d), 12));
            await DecideAsync(site, d - 8);
        }

        await ReportTestKit.FlushStatisticsAsync(app);
        AtHalfPastFour(day0.AddDays(13));
        var caughtUp = await RunAsync();

        Assert.Equal(JobOutcome.Succeeded, caughtUp.Run.Outcome);
        Assert.Equal(10, app.Stripe.MeterEvents.Count);
        Assert.Equal(10, app.Stripe.To(MeterPath).Count());
        AssertEvent(agency, day0.AddDays(10), customer, 2);
        AssertEvent(agency, day0.AddDays(11), customer, 3);
        AssertEvent(agency, day0.AddDays(12), customer, 4);
        Assert.Equal(3, Assert.Single(caughtUp.Sites).Changed);
        Assert.Equal(9, Assert.Single(caughtUp.Sites).Processed);
    }

    [Fact]
    public async Task DecisionsOfASiteDeletedAfterwardsAreStillCounted()
    {
        var (agency, kept) = await PublishedSiteAsync(app);
        var removed = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, removed);
        await DecideAsync(kept, 1);
        await DecideAsync(removed, 2);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(kept, 1);
        await DecideAsync(removed, 3);
        await ReportTestKit.FlushStatisticsAsync(app);
        Assert.Equal(HttpStatusCode.NoContent, (await agency.Owner.DeleteAsync(agency.Path($"/sites/{removed}"))).StatusCode);
        var customer = await SubscribeAsync(agency, "active");
        AtHalfPastFour(day0.AddDays(2));

        Assert.Equal(JobOutcome.Succeeded, (await RunAsync()).Run.Outcome);

        AssertEvent(agency, day0, customer, 3);
        AssertEvent(agency, day0.AddDays(1), customer, 4);
    }

    [Fact]
    public async Task ProcessedStripeEventIdsOlderThanThirtyDaysAreDeletedAndNewerOnesKept()
    {
        var store = app.Services.GetRequiredService<SubscriptionStore>();
        var old = Enumerable.Range(0, SubscriptionStore.PruneBatch + 20).Select(_ => NewEventId()).ToList();
        foreach (var id in old)
        {
            Assert.True(await store.MarkProcessedAsync(id, "invoice.paid", CancellationToken.None));
        }

        app.Clock.Advance(TimeSpan.FromDays(2));
        var recent = NewEventId();
        await store.MarkProcessedAsync(recent, "invoice.paid", CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(29)); // the first ones are 31 days old, the recent one 29
        var today = NewEventId();
        await store.MarkProcessedAsync(today, "invoice.paid", CancellationToken.None);

        var run = await JobTestKit.RunAsync(app, "PruneBillingEvents");

        Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        Assert.Equal(old.Count, run.Run.Processed);
        foreach (var id in old)
        {
            Assert.False(await store.IsProcessedAsync(id, CancellationToken.None), id);
        }

        Assert.True(await store.IsProcessedAsync(recent, CancellationToken.None));
        Assert.True(await store.IsProcessedAsync(today, CancellationToken.None));
        Assert.Equal(0, (await JobTestKit.RunAsync(app, "PruneBillingEvents")).Run.Processed);
    }

    [Fact]
    public async Task OnlyDecisionsAboveThePlansIncludedVolumeOfEachBillingPeriodAreReported()
    {
        // The Agency plan includes 5 decisions a period; the period turns over at day0 + 2 (anchored a month earlier).
        var (agency, site) = await PublishedSiteAsync(app);
        var (late, lateSite) = await PublishedSiteAsync(app);
        await DecideAsync(site, 3);
        await DecideAsync(lateSite, 9);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(site, 4);
        await DecideAsync(lateSite, 4);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await DecideAsync(site, 2);
        await DecideAsync(lateSite, 3);
        await ReportTestKit.FlushStatisticsAsync(app);
        var anchor = At(day0.AddDays(2), 0).AddMonths(-1);
        var customer = await SubscribeAsync(agency, "active", "price_agency", anchor, startDate: At(day0, 0));
        // This one subscribed on day0 + 1: its day0 (9 decisions on the trial) is not billed.
        var lateCustomer = await SubscribeAsync(late, "active", "price_agency", anchor, startDate: At(day0.AddDays(1), 8));
        AtHalfPastFour(day0.AddDays(3));

        Assert.Equal(JobOutcome.Succeeded, (await RunAsync()).Run.Outcome);

        // day0: 3 of 5 → nothing; day1: 7 → 2 above; day2: a new period, 2 of 5 → nothing.
        Assert.False(app.Stripe.MeterEvents.ContainsKey(Identifier(agency, day0)));
        AssertEvent(agency, day0.AddDays(1), customer, 2);
        Assert.False(app.Stripe.MeterEvents.ContainsKey(Identifier(agency, day0.AddDays(2))));
        var rows = await RowsAsync(agency);
        Assert.Equal([3L, 4L, 2L], rows.Values.Select(r => r.GetInt64("Decisions") ?? -1));
        Assert.Equal([0L, 2L, 0L], rows.Values.Select(r => r.GetInt64("Value") ?? -1));

        // The late subscriber: from its start day only; 4 of 5 → nothing; then a new period, 3 of 5 → nothing.
        Assert.DoesNotContain(app.Stripe.MeterEvents.Keys, k => k.StartsWith(late.Id, StringComparison.Ordinal));
        Assert.Equal([UsageReportStore.DayKey(day0.AddDays(1)), UsageReportStore.DayKey(day0.AddDays(2))], (await RowsAsync(late)).Keys.ToArray());
        Assert.DoesNotContain(app.Stripe.MeterEvents.Values, e => e.Customer == lateCustomer);

        // Later in the new period: 2 + 4 = 6 decisions, so day3 adds the 1 above the 5 included.
        app.Clock.Advance(TimeSpan.FromHours(2));
        await DecideAsync(site, 4);
        await ReportTestKit.FlushStatisticsAsync(app);
        AtHalfPastFour(day0.AddDays(4));
        Assert.Equal(JobOutcome.Succeeded, (await RunAsync()).Run.Outcome);
        AssertEvent(agency, day0.AddDays(3), customer, 1);
    }

    private Task<JobRunResult> RunAsync() => JobTestKit.RunAsync(app, "ReportUsage");

    private async Task DecideAsync(string siteKey, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await ReportTestKit.DecideAsync(app, siteKey, "acceptAll", ReportTestKit.Accepted);
        }
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    /// <summary>When the job's timer fires (04:30 UTC).</summary>
    private void AtHalfPastFour(DateOnly day) => app.Clock.SetUtcNow(At(day, 4).AddMinutes(30));

    private static string Identifier(TestAgency agency, DateOnly day) => $"{agency.Id}-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private void AssertEvent(TestAgency agency, DateOnly day, string customer, long value, string eventName = "consent_decisions") =>
        AssertEvent(agency.Id, day, customer, value, eventName);

    private void AssertEvent(string agency, DateOnly day, string customer, long value, string eventName = "consent_decisions")
    {
        var identifier = $"{agency}-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        Assert.True(app.Stripe.MeterEvents.TryGetValue(identifier, out var meterEvent), $"No meter event {identifier}.");
        Assert.Equal(eventName, meterEvent.EventName);
        Assert.Equal(customer, meterEvent.Customer);
        Assert.Equal(value, meterEvent.Value);
        Assert.Equal(new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero), meterEvent.Timestamp);
    }

    private TableClient ReportsTable() => new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "BillingUsageReports");

    private Task<SortedDictionary<string, TableEntity>> RowsAsync(TestAgency agency) => RowsAsync(agency.Id);

    private async Task<SortedDictionary<string, TableEntity>> RowsAsync(string agency)
    {
        var rows = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in ReportsTable().QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {agency}")))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }

    /// <summary>A Stripe customer for the agency and a signed subscription event with the status, as Stripe sends it.</summary>
    private async Task<string> SubscribeAsync(TestAgency agency, string status, string? price = null, DateTimeOffset? periodStart = null, DateTimeOffset? startDate = null)
    {
        var customer = app.Stripe.AddCustomer(agency.Id);
        await StripeBillingApp.DeliverAsync(app, BillingApp.WebhookSecret,
            status == "canceled" ? "customer.subscription.deleted" : "customer.subscription.created", app.Clock.GetUtcNow().AddSeconds(-10),
            new Dictionary<string, object?>
            {
                ["id"] = "sub_" + agency.Id, ["object"] = "subscription", ["customer"] = customer, ["status"] = status,
                ["metadata"] = new Dictionary<string, string> { ["agency_id"] = agency.Id },
                ["start_date"] = startDate?.ToUnixTimeSeconds(),
                ["items"] = price is null ? null : new
                {
                    data = new object[] { new { price = new { id = price }, current_period_start = periodStart?.ToUnixTimeSeconds() } },
                },
            });
        var stored = await app.Services.GetRequiredService<SubscriptionStore>().GetAsync(new AgencyId(agency.Id), CancellationToken.None);
        Assert.Equal((status, customer), (stored?.Status, stored?.CustomerId));
        return customer;
    }

    private static string NewEventId() => "evt_" + Guid.NewGuid().ToString("N");
}
