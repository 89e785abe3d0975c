using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// Daily: marks each decision whose validity ended as expired, so lookups say "expired", the banner asks again and
/// reports tell active from expired. For each site and each validity its records can have (the current accept and
/// decline validity, and earlier ones), it reads only the receive days whose records can have newly expired: from the
/// day after that validity's checkpoint to the last day with anything expired. Days wholly past are checkpointed.
/// </summary>
public sealed class ExpireConsents(SiteStore sites, ConsentRetention consents) : IJob
{
    public string Name => "ExpireConsents";

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var all = (await sites.ListEverySiteAsync(ct)).Where(s => s.Deleted is null).ToList();
        var now = context.StartedAt;
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (site, token) =>
        {
            long examined = 0, changed = 0;
            string? error = null;
            void Counted(long e, long c)
            {
                Interlocked.Add(ref examined, e);
                Interlocked.Add(ref changed, c);
                context.Count(e);
            }

            try
            {
                foreach (var months in site.ValidityMonthsInUse)
                {
                    var key = $"{site.Key}-{months}";
                    var day = RetentionDays.After(await context.GetCheckpointAsync(key, token), RetentionDays.Day(site.Created));
                    for (; RetentionDays.PartlyPast(day, months, now); day = day.AddDays(1))
                    {
                        await consents.ExpireDayAsync(site.Key, day, now, Counted, token);
                        if (!RetentionDays.WhollyPast(day, months, now))
                        {
                            break; // the boundary day: done for now, not finished
                        }

                        await context.SetCheckpointAsync(key, RetentionDays.Checkpoint(day), token);
                    }
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                error = $"{e.GetType().Name}: {e.Message}";
                context.Log($"{site.Key}: {error}");
            }
            finally
            {
                // Also when the run is stopped: what was committed is counted.
                context.SiteDone(new SiteCounts(site.Key.Value, Interlocked.Read(ref examined), Interlocked.Read(ref changed), error), all.Count);
            }
        });
    }
}
