using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// Daily: deletes consent records (and their index rows) older than each site's retention, whole receive days, from
/// the day after the site's checkpoint to the last day wholly past retention, with one range query. A site its agency deleted
/// more than <see cref="GracePeriod"/> ago loses everything: consent records, revisions, drafts, policy versions and
/// pages, public files, statistics, site scans, and finally the site itself.
/// Index rows whose record is missing (a record write that failed after its index row) are not reached through the
/// records, so once a week per site (<see cref="SweepDue"/>) the site's index rows received before its retention are
/// deleted too; a deleted site's go all at once.
/// </summary>
public sealed class PurgeRetention(
    SiteStore sites, ConsentRetention consents, RevisionStore revisions, DraftStore drafts, PublicArtefacts artefacts, JobRunStore runs,
    Policies.PolicyVersionStore policyVersions, Policies.PolicyDraftStore policyDrafts, Reports.StatisticsStore statistics,
    Scanning.ScanStore scans) : IJob
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(30);

    public string Name => "PurgeRetention";

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var all = await sites.ListEverySiteAsync(ct);
        var now = context.StartedAt;
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (site, token) =>
        {
            long purged = 0;
            string? error = null;
            void Counted(long n)
            {
                Interlocked.Add(ref purged, n);
                context.Count(n);
            }

            try
            {
                if (site.Deleted is { } deleted)
                {
                    if (now - deleted >= GracePeriod)
                    {
                        await PurgeSiteAsync(context, site, now, Counted, token);
                        context.Log($"{site.Key}: deleted on {deleted:yyyy-MM-dd}, purged with {Interlocked.Read(ref purged)} consent records.");
                    }
                }
                else
                {
                    var key = site.Key.Value;
                    var from = RetentionDays.After(await context.GetCheckpointAsync(key, token), RetentionDays.Day(site.Created));
                    var to = from.AddDays(-1);
                    while (RetentionDays.WhollyPast(to.AddDays(1), site.Consent.RetentionMonths, now))
                    {
                        to = to.AddDays(1);
                    }

                    await consents.PurgeAsync(site.Key, from, to, Counted, (done, t) => context.SetCheckpointAsync(key, RetentionDays.Checkpoint(done), t), token);
                    if (SweepDue(site.Key, now))
                    {
                        // Every day up to `to` is purged now, so an index row received before the next day points at nothing.
                        var swept = await consents.SweepIndexAsync(site.Key, RetentionDays.Start(to.AddDays(1)), token);
                        if (swept > 0)
                        {
                            context.Log($"{site.Key}: {swept} index rows older than retention had no record; deleted.");
                        }
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
                var count = Interlocked.Read(ref purged);
                context.SiteDone(new SiteCounts(site.Key.Value, count, count, error), all.Count);
            }
        });
    }

    /// <summary>
    /// Whether a live site's index is swept in a run at <paramref name="now"/>: on one day of the week, fixed by the
    /// site's key, so a daily run scans about a seventh of the index and a row without a record outlives the site's
    /// retention by at most a week.
    /// </summary>
    public static bool SweepDue(SiteKey site, DateTimeOffset now)
    {
        // FNV-1a: string.GetHashCode differs between processes, and the day must not.
        var hash = 2166136261u;
        foreach (var c in site.Value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % 7 == (uint)RetentionDays.Day(now).DayNumber % 7;
    }

    /// <summary>Everything of a deleted site, the site row last (so a stopped purge is found and finished next time).</summary>
    private async Task PurgeSiteAsync(JobContext context, Site site, DateTimeOffset now, Action<long> counted, CancellationToken ct)
    {
        var key = site.Key.Value;
        var from = RetentionDays.After(await context.GetCheckpointAsync(key, ct), RetentionDays.Day(site.Created));
        await consents.PurgeAsync(site.Key, from, RetentionDays.Day(now), counted, (done, t) => context.SetCheckpointAsync(key, RetentionDays.Checkpoint(done), t), ct);
        await consents.SweepIndexAsync(site.Key, null, ct);

        await revisions.DeleteAllAsync(site.Agency, site.Key, ct);
        await drafts.DeleteAsync(site.Agency, site.Key, ct);
        await policyVersions.DeleteAllAsync(site.Key, ct);
        await policyDrafts.DeleteAsync(site.Agency, site.Key, ct);
        await artefacts.DeleteAllAsync(site.Key, ct);
        await statistics.DeleteAllAsync(site.Key, ct);
        await scans.DeleteAllAsync(site.Key, ct);
        await runs.DeleteCheckpointsAsync("ExpireConsents", site.Key, ct);
        await runs.DeleteCheckpointsAsync("RecountStatistics", site.Key, ct);
        await context.DeleteCheckpointsAsync(site.Key, ct);
        await sites.DeleteForGoodAsync(site.Agency, site.Key, ct);
    }
}
