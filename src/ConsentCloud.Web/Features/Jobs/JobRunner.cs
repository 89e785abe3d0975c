using System.Diagnostics;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Jobs;

public sealed record JobRunResult(JobRun Run, IReadOnlyList<string> Logs, IReadOnlyList<SiteCounts> Sites);

/// <summary>
/// Runs a job once, whoever asks (the Functions host, the local scheduler, the command line): takes the job's lock or
/// records the run as skipped, keeps the lock renewed while the job works, and records the run and its per-site counts.
/// </summary>
public sealed partial class JobRunner(IEnumerable<IJob> jobs, JobLock locks, JobRunStore store, TimeProvider clock, ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, IJob> byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => byName.Keys;

    public bool Exists(string name) => byName.ContainsKey(name);

    public async Task<JobRunResult> RunAsync(string name, string trigger, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var job = byName[name];
        var runId = Ids.New()[..16];
        var timestamp = Stopwatch.GetTimestamp();
        using var activity = JobTelemetry.Start(name, runId, trigger);
        var started = clock.GetUtcNow();
        var held = await locks.TryAcquireAsync(name, runId, ct);
        if (held is null)
        {
            var skipped = new JobRun(name, runId, trigger, started, clock.GetUtcNow(), JobOutcome.Skipped, 0, 0, 0, 0, "Another run of this job holds its lock.");
            await store.SaveRunAsync(skipped, ct);
            JobLog.Skipped(logger, name, runId);
            JobTelemetry.Finish(activity, skipped, timestamp);
            return new JobRunResult(skipped, ["Skipped: another run of this job is in progress."], []);
        }

        await store.SaveRunAsync(new JobRun(name, runId, trigger, started, null, JobOutcome.Running, 0, 0, 0, 0, null), ct);
        JobLog.Started(logger, name, runId, trigger);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopRenewing = new CancellationTokenSource();
        var renewal = KeepRenewingAsync(name, runId, held.Value, work, stopRenewing.Token);
        var context = new JobContext(name, runId, clock, store, progress);
        string? error = null;
        try
        {
            await job.RunAsync(context, work.Token);
        }
        catch (OperationCanceledException)
        {
            error = ct.IsCancellationRequested
                ? "Stopped before it finished; the next run continues from the checkpoints."
                : "The run lost its lock and stopped; the next run continues from the checkpoints.";
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            JobLog.Failed(logger, name, runId, e);
        }
        finally
        {
            await stopRenewing.CancelAsync();
            var lease = await renewal;
            if (lease is { } current)
            {
                await locks.ReleaseAsync(name, current, CancellationToken.None);
            }
        }

        var sites = context.Sites;
        var failedSites = sites.Count(s => s.Error is not null);
        error ??= failedSites > 0 ? $"{failedSites} site(s) failed; see the per-site results." : null;
        var run = new JobRun(name, runId, trigger, started, clock.GetUtcNow(), error is null ? JobOutcome.Succeeded : JobOutcome.Failed,
            sites.Sum(s => s.Processed), sites.Sum(s => s.Changed), sites.Count, failedSites, error);
        await store.SaveSitesAsync(runId, sites, CancellationToken.None);
        await store.SaveRunAsync(run, CancellationToken.None);
        JobLog.Finished(logger, name, runId, run.Outcome.ToString(), run.Processed, run.Changed);
        JobTelemetry.Finish(activity, run, timestamp);
        return new JobRunResult(run, context.Logs, sites);
    }

    /// <summary>
    /// Renews the lease at a quarter of its length; cancels the work if the lock is lost. A renewal that fails (storage
    /// unreachable, throttled) is tried again at the next quarter; once three quarters of the lease have passed since
    /// the last renewal the work is cancelled, before the lease can lapse and another run take the job's sites.
    /// Answers the last lease held, or null when the lock is no longer (surely) ours.
    /// </summary>
    private async Task<Azure.ETag?> KeepRenewingAsync(string name, string runId, Azure.ETag held, CancellationTokenSource work, CancellationToken stop)
    {
        Azure.ETag? current = held;
        var renewedAt = clock.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(JobLock.Lease / 4, clock, stop);
                try
                {
                    current = await locks.RenewAsync(name, runId, current!.Value, stop);
                    if (current is null)
                    {
                        await work.CancelAsync();
                        return null;
                    }

                    renewedAt = clock.GetUtcNow();
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // Unreachable, throttled, timed out (Azure.Core reports spent retries as an AggregateException):
                    // whatever it is, the lease is not extended, so the same deadline applies.
                    JobLog.RenewalFailed(logger, name, runId, e.GetType().Name);
                    if (clock.GetUtcNow() - renewedAt >= JobLock.Lease * 3 / 4)
                    {
                        await work.CancelAsync();
                        return null; // it may lapse before anyone could release it; the next run takes it then
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return current;
        }
    }
}

internal static partial class JobLog
{
    [LoggerMessage(1, LogLevel.Information, "Job {Job} run {RunId} started ({Trigger})")]
    public static partial void Started(ILogger logger, string job, string runId, string trigger);

    [LoggerMessage(2, LogLevel.Information, "Job {Job} run {RunId} finished: {Outcome}, {Processed} processed, {Changed} changed")]
    public static partial void Finished(ILogger logger, string job, string runId, string outcome, long processed, long changed);

    [LoggerMessage(3, LogLevel.Warning, "Job {Job} run {RunId} skipped: another run holds the lock")]
    public static partial void Skipped(ILogger logger, string job, string runId);

    [LoggerMessage(4, LogLevel.Error, "Job {Job} run {RunId} failed")]
    public static partial void Failed(ILogger logger, string job, string runId, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Job {Job} run {RunId} could not renew its lock ({Error}); trying again")]
    public static partial void RenewalFailed(ILogger logger, string job, string runId, string error);
}
