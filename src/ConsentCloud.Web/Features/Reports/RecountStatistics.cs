using Azure.Data.Tables;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Features.Sites;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// Nightly: recounts each site's finished days from the raw records (one key-range query per day, three columns) and
/// writes the result as the day's authoritative row, which repairs whatever the ingest-time counter lost (an instance
/// killed between flushes, a storage outage). Per site it goes from the day after its checkpoint to the last day that
/// ended at least <see cref="Grace"/> ago, so a nightly run reads one day per site; the first run fills in up to
/// <see cref="ReportRange.MaxDays"/> days of records that predate the statistics.
/// </summary>
public sealed class RecountStatistics(SiteStore sites, AppStorage storage, StatisticsStore statistics) : IJob
{
    /// <summary>A day is recounted only this long after it ended: ingest requests still in flight at midnight have landed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static readonly string[] Columns = ["Method", "Choices", "Language"];

    public string Name => "RecountStatistics";

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var all = (await sites.ListEverySiteAsync(ct)).Where(s => s.Deleted is null).ToList();
        var lastDay = RetentionDays.Day(context.StartedAt - Grace).AddDays(-1);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (site, token) =>
        {
            long read = 0, days = 0;
            string? error = null;
            try
            {
                var earliest = lastDay.AddDays(1 - ReportRange.MaxDays);
                var first = RetentionDays.After(await context.GetCheckpointAsync(site.Key.Value, token), RetentionDays.Day(site.Created));
                for (var day = first < earliest ? earliest : first; day <= lastDay; day = day.AddDays(1))
                {
                    var counts = await CountDayAsync(site, day, token);
                    await statistics.WriteRecountAsync(site.Key, day, counts, token);
                    await context.SetCheckpointAsync(site.Key.Value, RetentionDays.Checkpoint(day), token);
                    read += counts.Total;
                    days++;
                    context.Count(counts.Total);
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                error = $"{e.GetType().Name}: {e.Message}";
                context.Log($"{site.Key}: {error}");
            }
            finally
            {
                context.SiteDone(new SiteCounts(site.Key.Value, read, days, error), all.Count);
            }
        });
    }

    /// <summary>A day's decisions counted from the raw records.</summary>
    public async Task<DayCounts> CountDayAsync(Site site, DateOnly day, CancellationToken ct)
    {
        var counts = new DayCounts();
        var filter = new ReportRange(day, day).PartitionFilter(site.Key);
        await foreach (var row in storage.Table(AppStorage.ConsentsTable).QueryAsync<TableEntity>(filter, ConsentExport.PageSize, Columns, ct))
        {
            counts.Add(row.ToRecord(site.Key));
        }

        return counts;
    }
}
