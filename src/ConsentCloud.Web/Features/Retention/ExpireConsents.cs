using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// Daily: marks each decision whose validity ended as expired, so lookups say "expired", the banner asks again and
/// reports tell active from expired. For each site and each validity its records can have (the current accept and
/// decline validity, and earlier ones; shortest first), it reads with one range query only the receive days whose
/// records can have newly expired: from the day after that validity's checkpoint to the last day with anything expired.
/// A validity's checkpoint is the last day read whose every record of that validity has expired. A range marks every
/// expired record whatever its validity, so it also advances the checkpoints of the longer validities whose next day
/// it started at or before: in a daily run the longer validity then reads only its own boundary day.
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
                await ExpireSiteAsync(context, site, now, Counted, token);
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

    private async Task ExpireSiteAsync(JobContext context, Site site, DateTimeOffset now, Action<long, long> counted, CancellationToken ct)
    {
        var created = RetentionDays.Day(site.Created);
        var validities = site.ValidityMonthsInUse.ToList();
        var next = new Dictionary<int, DateOnly>();
        foreach (var months in validities)
        {
            next[months] = RetentionDays.After(await context.GetCheckpointAsync(Key(site, months), ct), created);
        }

        foreach (var months in validities)
        {
            var from = next[months];
            var to = from.AddDays(-1);
            while (RetentionDays.PartlyPast(to.AddDays(1), months, now))
            {
                to = to.AddDays(1);
            }

            var carried = validities.Where(m => next[m] >= from).ToList();
            await consents.ExpireAsync(site.Key, from, to, now, counted, async (done, token) =>
            {
                foreach (var m in carried)
                {
                    var mark = done;
                    while (mark >= next[m] && !RetentionDays.WhollyPast(mark, m, now))
                    {
                        mark = mark.AddDays(-1);
                    }

                    if (mark >= next[m])
                    {
                        await context.SetCheckpointAsync(Key(site, m), RetentionDays.Checkpoint(mark), token);
                        next[m] = mark.AddDays(1);
                    }
                }
            }, ct);
        }
    }

    private static string Key(Site site, int months) => $"{site.Key}-{months}";
}
