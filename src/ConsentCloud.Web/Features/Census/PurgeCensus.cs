using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Census;

/// <summary>
/// Daily (02:45 UTC): deletes census days older than <see cref="RetentionDays"/> for every site, from the day after
/// its checkpoint (the last day purged) to the last day past retention, with one range query per site; a deleted
/// site's census goes at once. Census rows hold only names and counts, but they are kept no longer than needed to
/// tell "not seen for 30 days" with room to spare.
/// </summary>
public sealed class PurgeCensus(SiteStore sites, CensusStore census) : IJob
{
    public const int RetentionDays = 90;

    public string Name => "PurgeCensus";

    /// <summary>The first day kept by a run at <paramref name="now"/>: today and the 89 days before it.</summary>
    public static DateOnly FirstKept(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - RetentionDays);

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var all = await sites.ListEverySiteAsync(ct);
        var firstKept = FirstKept(context.StartedAt);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (site, token) =>
        {
            long deleted = 0;
            string? error = null;
            try
            {
                var key = site.Key.Value;
                if (site.Deleted is not null)
                {
                    deleted = await census.DeleteAllAsync(site.Key, token);
                }
                else
                {
                    var checkpoint = await context.GetCheckpointAsync(key, token);
                    DateOnly? from = checkpoint is not null && DateOnly.TryParseExact(checkpoint, "yyyy-MM-dd", out var done) ? done.AddDays(1) : null;
                    if (from is null || from < firstKept)
                    {
                        deleted = await census.DeleteBeforeAsync(site.Key, from, firstKept, token);
                        await context.SetCheckpointAsync(key, firstKept.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), token);
                    }
                }

                context.Count(deleted);
                if (deleted > 0)
                {
                    context.Log($"{key}: {deleted} census rows deleted.");
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                error = $"{e.GetType().Name}: {e.Message}";
                context.Log($"{site.Key}: {error}");
            }
            finally
            {
                context.SiteDone(new SiteCounts(site.Key.Value, deleted, deleted, error), all.Count);
            }
        });
    }
}
