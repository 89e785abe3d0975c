using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Jobs;

/// <summary>A scheduled job: the same code runs under the Functions host, the local scheduler and the command line.</summary>
public interface IJob
{
    /// <summary>The timer function's name (its folder), e.g. ExpireConsents.</summary>
    string Name { get; }

    Task RunAsync(JobContext context, CancellationToken ct);
}

/// <summary>What one site's part of a run did.</summary>
public sealed record SiteCounts(string Site, long Processed, long Changed, string? Error = null);

/// <summary>Progress as the run goes: sites done of total, records processed, rate.</summary>
public sealed record JobProgress(int SitesDone, int SitesTotal, long Processed, double PerSecond);

/// <summary>
/// One run of a job: its id and start, the clock, checkpoints, and where it reports per-site counts, log lines (they go
/// back to the Functions host, which sends them to Application Insights) and progress.
/// </summary>
public sealed class JobContext(string job, string runId, TimeProvider clock, JobRunStore store, IProgress<JobProgress>? progress)
{
    private readonly List<string> logs = [];
    private readonly List<SiteCounts> sites = [];
    private readonly long started = clock.GetTimestamp();
    private long processed;

    public string Job => job;
    public string RunId => runId;
    public TimeProvider Clock => clock;
    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();
    public IReadOnlyList<string> Logs => logs;
    public IReadOnlyList<SiteCounts> Sites => sites;
    public long Processed => Interlocked.Read(ref processed);

    public void Log(string line)
    {
        lock (logs)
        {
            if (logs.Count < 1000)
            {
                logs.Add(line);
            }
        }
    }

    private int sitesTotal;

    /// <summary>Counts records as they go, and reports progress.</summary>
    public void Count(long records)
    {
        Interlocked.Add(ref processed, records);
        Report();
    }

    public void SiteDone(SiteCounts counts, int total)
    {
        lock (sites)
        {
            sites.Add(counts);
        }

        Volatile.Write(ref sitesTotal, total);
        Report();
    }

    private void Report()
    {
        if (progress is null)
        {
            return;
        }

        int done;
        lock (sites)
        {
            done = sites.Count;
        }

        var seconds = Math.Max(clock.GetElapsedTime(started).TotalSeconds, 0.001);
        progress.Report(new JobProgress(done, Volatile.Read(ref sitesTotal), Processed, Processed / seconds));
    }

    /// <summary>The last unit of work finished for a key (e.g. a site and validity), or null.</summary>
    public Task<string?> GetCheckpointAsync(string key, CancellationToken ct) => store.GetCheckpointAsync(job, key, ct);

    public Task SetCheckpointAsync(string key, string value, CancellationToken ct) => store.SetCheckpointAsync(job, key, value, ct);

    public Task DeleteCheckpointsAsync(SiteKey site, CancellationToken ct) => store.DeleteCheckpointsAsync(job, site, ct);
}
