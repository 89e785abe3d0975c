using System.Globalization;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Billing.Usage;

/// <summary>
/// Daily (after <see cref="RecountStatistics"/>): reports each subscribed agency's decisions above its plan's included
/// volume to the Stripe billing meter (<see cref="PlanCatalog.MeterEventName"/>, priced per decision by the metered
/// price), one meter event per agency and finished UTC day.
/// <para>
/// A day's value is what its decisions add above the included volume of its usage month (<see cref="UsagePeriod"/>:
/// the subscription's billing period): all the agency's decisions from the period's start through the day, less the
/// included volume, less what earlier days of the period already reported; never negative. Nothing above the included
/// volume is ever dropped: a day not reported (a missed run beyond <see cref="MaxDays"/>) is still in the next day's
/// sum, and a recount that changes earlier days is corrected by the next day's value. Usage before the subscription
/// began is not billed.
/// </para>
/// <para>
/// Exactly once: the event's <c>identifier</c> (and so its Idempotency-Key) is <c>{agency}-{yyyyMMdd}</c>, and the
/// day is settled in <see cref="UsageReportStore"/> only after Stripe accepted it. A run that crashes in between sends
/// the same event again, which Stripe deduplicates (it keeps identifiers and idempotency keys for at least 24 hours, so
/// that holds for a re-run within a day of the crash); a day Stripe refused has no row and is sent by the next run. Each
/// run covers at most the last <see cref="MaxDays"/> days (a missed run is caught up).
/// </para>
/// </summary>
public sealed partial class ReportUsage(
    SubscriptionStore subscriptions, SiteStore sites, StatisticsStore statistics, UsageReportStore reports, PlanCatalog plans,
    IServiceProvider services, ILogger<ReportUsage> logger) : IJob
{
    /// <summary>How many days back a run looks for days not yet reported (Stripe accepts events up to 35 days old).</summary>
    public const int MaxDays = 7;

    /// <summary>Subscription statuses whose usage is billed; any other (canceled, unpaid, incomplete...) is not metered.</summary>
    public static readonly IReadOnlySet<string> MeteredStatuses = new HashSet<string>(["active", "trialing", "past_due"], StringComparer.Ordinal);

    public string Name => "ReportUsage";

    public static string Identifier(AgencyId agency, DateOnly day) => $"{agency.Value}-{UsageReportStore.DayKey(day)}";

    /// <summary>The day's last second (UTC): where the day's usage is placed in Stripe's billing periods.</summary>
    public static DateTimeOffset Timestamp(DateOnly day) => RetentionDays.Start(day.AddDays(1)).AddSeconds(-1);

    public static bool IsMetered(AgencySubscription subscription) =>
        !string.IsNullOrWhiteSpace(subscription.CustomerId) && subscription.Status is { } status && MeteredStatuses.Contains(status);

    /// <summary>
    /// Agencies one after another, in id order, each's days in order. One agency's failure (Stripe or storage) is
    /// recorded as its result and the run goes on with the next; within an agency, the first failed day stops it, so
    /// days are settled in order.
    /// </summary>
    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var stripe = services.GetRequiredService<Stripe.StripeClient>();
        // Days that ended at least the recount's grace ago: a run just after midnight does not report a day still being counted.
        var lastDay = RetentionDays.Day(context.StartedAt - RecountStatistics.Grace).AddDays(-1);
        var metered = (await subscriptions.ListAllAsync(ct)).Where(IsMetered).OrderBy(s => s.Agency.Value, StringComparer.Ordinal).ToList();
        var sitesOf = (await sites.ListEverySiteAsync(ct)).ToLookup(s => s.Agency);
        foreach (var subscription in metered)
        {
            var progress = new AgencyProgress();
            try
            {
                await ReportAgencyAsync(context, stripe, subscription, [.. sitesOf[subscription.Agency]], lastDay, progress, ct);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                progress.Error = $"{e.GetType().Name}: {e.Message}";
                context.Log($"{subscription.Agency}: {progress.Error}");
            }
            finally
            {
                context.SiteDone(new SiteCounts(subscription.Agency.Value, progress.Decisions, progress.Days, progress.Error), metered.Count);
            }
        }
    }

    private async Task ReportAgencyAsync(
        JobContext context, Stripe.StripeClient stripe, AgencySubscription subscription, IReadOnlyList<Site> agencySites, DateOnly lastDay, AgencyProgress progress, CancellationToken ct)
    {
        if (agencySites.Count == 0)
        {
            return;
        }

        var agency = subscription.Agency;
        var started = RetentionDays.Day(subscription.StartedAt ?? agencySites.Min(s => s.Created));
        var firstSiteDay = RetentionDays.Day(agencySites.Min(s => s.Created));
        var earliest = lastDay.AddDays(1 - MaxDays);
        var from = new[] { firstSiteDay, earliest, started }.Max();
        if (from > lastDay)
        {
            return;
        }

        // Everything the open days' usage months need: their decisions and what was reported for them, from the
        // first open day's period start.
        var periodFrom = UsagePeriod.For(subscription.PeriodStart, from).From;
        var settled = await reports.ReadAsync(agency, periodFrom, lastDay, ct);
        var open = new ReportRange(from, lastDay).EachDay().Where(d => !settled.ContainsKey(d)).ToList();
        if (open.Count == 0)
        {
            return;
        }

        periodFrom = UsagePeriod.For(subscription.PeriodStart, open[0]).From;
        var decisions = await DecisionsAsync(agencySites, new ReportRange(periodFrom, lastDay), ct);
        var included = plans.PlanOf(subscription).IncludedDecisions;
        var reported = settled.ToDictionary(r => r.Key, r => r.Value.Value);
        foreach (var day in open)
        {
            var period = UsagePeriod.For(subscription.PeriodStart, day);
            var billableFrom = period.From > started ? period.From : started;
            long sum = 0, alreadyReported = 0;
            for (var d = billableFrom; d <= day; d = d.AddDays(1))
            {
                sum += decisions.GetValueOrDefault(d);
                alreadyReported += d < day ? reported.GetValueOrDefault(d) : 0;
            }

            var value = Math.Max(0, Math.Max(0, sum - included) - alreadyReported);
            string? identifier = null;
            if (value > 0)
            {
                identifier = Identifier(agency, day);
                var failure = await SendAsync(stripe, subscription.CustomerId!, value, identifier, day, ct);
                if (failure is not null)
                {
                    // The agency id, the day and Stripe's error kind: never the key, the customer or Stripe's message.
                    var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    progress.Error = string.Create(CultureInfo.InvariantCulture, $"{dayText}: Stripe answered {failure}");
                    context.Log($"{agency}: usage of {progress.Error}; not reported, the next run sends it again.");
                    NotReported(logger, agency.Value, dayText, failure.Status, failure.Type, failure.Code);
                    return;
                }
            }

            // Settled only now that Stripe has it (a day with nothing above the included volume sends nothing, and is
            // settled all the same); not cancelled once Stripe has it, so a stopping run does not leave it to be sent again.
            var dayDecisions = decisions.GetValueOrDefault(day);
            await reports.WriteAsync(new UsageReport(agency, day, value, identifier, context.Clock.GetUtcNow()) { Decisions = dayDecisions }, identifier is null ? ct : CancellationToken.None);
            reported[day] = value;
            progress.Decisions += dayDecisions;
            progress.Days++;
            context.Count(dayDecisions);
        }
    }

    /// <summary>
    /// The day's meter event: <paramref name="value"/> for the customer at the day's last second. The identifier is
    /// also the idempotency key (prefixed), so a retry, or a re-run within Stripe's window, is the same event.
    /// </summary>
    private async Task<StripeFailure?> SendAsync(Stripe.StripeClient stripe, string customerId, long value, string identifier, DateOnly day, CancellationToken ct)
    {
        try
        {
            await stripe.V1.Billing.MeterEvents.CreateAsync(new Stripe.Billing.MeterEventCreateOptions
            {
                EventName = plans.MeterEventName,
                Payload = new() { ["stripe_customer_id"] = customerId, ["value"] = value.ToString(CultureInfo.InvariantCulture) },
                Identifier = identifier,
                Timestamp = Timestamp(day).UtcDateTime,
            }, new Stripe.RequestOptions { IdempotencyKey = "meter-event-" + identifier }, ct);
            return null;
        }
        catch (Exception e) when (StripeFailure.Of(e, ct) is { } failure)
        {
            return failure;
        }
    }

    /// <summary>Each day's decisions summed over the agency's sites, deleted ones included (they counted while they lived).</summary>
    private async Task<Dictionary<DateOnly, long>> DecisionsAsync(IReadOnlyList<Site> agencySites, ReportRange range, CancellationToken ct)
    {
        var totals = new Dictionary<DateOnly, long>();
        foreach (var site in agencySites)
        {
            foreach (var (day, counts) in await statistics.ReadAsync(site.Key, range, ct))
            {
                totals[day] = totals.GetValueOrDefault(day) + counts.Total;
            }
        }

        return totals;
    }

    private sealed class AgencyProgress
    {
        public long Decisions { get; set; }
        public int Days { get; set; }
        public string? Error { get; set; }
    }

    [LoggerMessage(1, LogLevel.Warning, "Usage of agency {Agency} for {Day} not reported: Stripe answered {Status} {ErrorType}/{ErrorCode}; the next run sends it again")]
    private static partial void NotReported(ILogger logger, string agency, string day, int status, string? errorType, string? errorCode);
}
