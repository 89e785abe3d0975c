using System.Globalization;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>
/// Daily: forgets the Stripe event ids the webhook processed more than <see cref="KeepFor"/> ago. The rows only guard
/// against a redelivery, and Stripe retries a delivery for three days at most, so an older id never comes back; without
/// this the table would grow with every event for ever. One unit of work (the table) in the run's results.
/// </summary>
public sealed class PruneBillingEvents(SubscriptionStore store) : IJob
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);

    public string Name => "PruneBillingEvents";

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        long deleted = 0;
        string? error = null;
        try
        {
            await store.PruneEventsAsync(context.StartedAt - KeepFor, count =>
            {
                deleted += count;
                context.Count(count);
            }, ct);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            context.Log($"{AppStorage.BillingEventsTable}: {error}");
        }
        finally
        {
            context.SiteDone(new SiteCounts(AppStorage.BillingEventsTable, deleted, deleted, error), 1);
        }

        if (error is null)
        {
            context.Log(string.Create(CultureInfo.InvariantCulture, $"{AppStorage.BillingEventsTable}: {deleted} processed event ids older than {KeepFor.TotalDays} days deleted."));
        }
    }
}
