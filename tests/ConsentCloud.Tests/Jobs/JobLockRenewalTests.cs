using ConsentCloud.Tests.Consents;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentCloud.Tests.Jobs;

/// <summary>
/// A run keeps its lock through storage hiccups, and gives up its work (recorded, not thrown) before the lease could
/// lapse under it when the lock cannot be renewed: two runs never work on the job's sites at once.
/// </summary>
public sealed class JobLockRenewalTests(FlakyStorageApp app) : IClassFixture<FlakyStorageApp>
{
    private static readonly TimeSpan Quarter = JobLock.Lease / 4;

    [Fact]
    public async Task ARenewalThatFailsOnceIsTriedAgainAndTheRunCompletesAndReleasesTheLock()
    {
        var (clock, job, runner) = Setup("HiccupProbe");
        var started = clock.GetUtcNow();
        var run = runner.RunAsync(job.Name, "test", null, CancellationToken.None);

        await WaitUntil(() => clock.HasWaitUntil(started + Quarter)); // the renewal is waiting for its quarter
        app.Tables.Fail = (method, path) => method == "PUT" && path.Contains(AppStorage.JobLocksTable, StringComparison.Ordinal);
        var dropped = app.Tables.Dropped;
        clock.Advance(Quarter);
        await WaitUntil(() => app.Tables.Dropped > dropped && clock.HasWaitUntil(started + 2 * Quarter), TimeSpan.FromSeconds(60)); // failed, waiting again
        app.Tables.Fail = null;
        clock.Advance(Quarter);
        await WaitUntil(() => clock.HasWaitUntil(started + 3 * Quarter)); // renewed, waiting for the next quarter

        Assert.False(job.Cancelled.Task.IsCompleted);
        job.Finish.SetResult();
        var result = await run;

        Assert.Equal(JobOutcome.Succeeded, result.Run.Outcome);
        var again = await Locks().TryAcquireAsync(job.Name, "next-run", default);
        Assert.NotNull(again); // released, not left to lapse
    }

    [Fact]
    public async Task WhenTheLockCannotBeRenewedTheWorkStopsBeforeTheLeaseLapsesAndTheRunIsRecorded()
    {
        var (clock, job, runner) = Setup("OutageProbe");
        var started = clock.GetUtcNow();
        var run = runner.RunAsync(job.Name, "test", null, CancellationToken.None);
        await WaitUntil(() => clock.HasWaitUntil(started + Quarter));
        app.Tables.Fail = (method, path) => method == "PUT" && path.Contains(AppStorage.JobLocksTable, StringComparison.Ordinal);
        try
        {
            for (var quarter = 1; quarter <= 3 && !job.Cancelled.Task.IsCompleted; quarter++)
            {
                var dropped = app.Tables.Dropped;
                var next = started + (quarter + 1) * Quarter;
                clock.Advance(Quarter);
                await WaitUntil(() => job.Cancelled.Task.IsCompleted || (app.Tables.Dropped > dropped && clock.HasWaitUntil(next)), TimeSpan.FromSeconds(60),
                    () => $"quarter {quarter}: dropped {app.Tables.Dropped} (before {dropped}), clock {clock}, run {run.Status}");
                Assert.Equal(quarter == 3, job.Cancelled.Task.IsCompleted);
            }
        }
        finally
        {
            app.Tables.Fail = null;
        }

        var result = await run;

        Assert.True(clock.GetUtcNow() - started < JobLock.Lease, "The work stopped only after the lease could have lapsed.");
        Assert.Equal(JobOutcome.Failed, result.Run.Outcome);
        Assert.Contains("lost its lock", result.Run.Error, StringComparison.Ordinal);
        var recorded = await app.Services.GetRequiredService<JobRunStore>().ListRunsAsync(job.Name, 5, default);
        Assert.Equal(JobOutcome.Failed, Assert.Single(recorded).Outcome);

        // Not released (it may not be ours any more): it lapses at the end of the last lease, and then the next run takes it.
        Assert.Null(await Locks(clock).TryAcquireAsync(job.Name, "next-run", default));
        clock.Advance(JobLock.Lease);
        Assert.NotNull(await Locks(clock).TryAcquireAsync(job.Name, "next-run", default));
    }

    private (WaitedOnClock Clock, BlockingJob Job, JobRunner Runner) Setup(string name)
    {
        var clock = new WaitedOnClock(app.Clock.GetUtcNow());
        var job = new BlockingJob(name);
        var runner = new JobRunner([job], Locks(clock), app.Services.GetRequiredService<JobRunStore>(), clock, NullLogger<JobRunner>.Instance);
        return (clock, job, runner);
    }

    private JobLock Locks(TimeProvider? clock = null) => new(app.Services.GetRequiredService<AppStorage>(), clock ?? app.Clock);

    private static async Task WaitUntil(Func<bool> condition, TimeSpan? limit = null, Func<string>? state = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), state?.Invoke());
    }

    /// <summary>A job that works until the test lets it finish, or until it is cancelled.</summary>
    private sealed class BlockingJob(string name) : IJob
    {
        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public async Task RunAsync(JobContext context, CancellationToken ct)
        {
            try
            {
                await Finish.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }
        }
    }
}
