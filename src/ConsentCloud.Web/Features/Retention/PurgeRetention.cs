using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// Daily: deletes consent records (and their index rows) older than each site's retention, whole receive days, from
/// the day after the site's checkpoint to the last day wholly past retention, with one range query. A site its agency deleted
/// more than <see cref="GracePeriod"/> ago loses everything: consent records, revisions, drafts, policy versions and
/// pages, public files, and finally the site itself.
/// </summary>
public sealed class PurgeRetention(
    SiteStore sites, ConsentRetention consents, RevisionStore revisions, DraftStore drafts, PublicArtefacts artefacts, JobRunStore runs,
    Policies.PolicyVersionStore policyVersions, Policies.PolicyDraftStore policyDrafts) : IJob
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

    /// <summary>Everything of a deleted site, the site row last (so a stopped purge is found and finished next time).</summary>
    private async Task PurgeSiteAsync(JobContext context, Site site, DateTimeOffset now, Action<long> counted, CancellationToken ct)
    {
        var key = site.Key.Value;
        var from = RetentionDays.After(await context.GetCheckpointAsync(key, ct), RetentionDays.Day(site.Created));
        await consents.PurgeAsync(site.Key, from, RetentionDays.Day(now), counted, (done, t) => context.SetCheckpointAsync(key, RetentionDays.Checkpoint(done), t), ct);

        await revisions.DeleteAllAsync(site.Agency, site.Key, ct);
        await drafts.DeleteAsync(site.Agency, site.Key, ct);
        await policyVersions.DeleteAllAsync(site.Key, ct);
        await policyDrafts.DeleteAsync(site.Agency, site.Key, ct);
        await artefacts.DeleteAllAsync(site.Key, ct);
        await runs.DeleteCheckpointsAsync("ExpireConsents", site.Key, ct);
        await context.DeleteCheckpointsAsync(site.Key, ct);
        await sites.DeleteForGoodAsync(site.Agency, site.Key, ct);
    }
}
