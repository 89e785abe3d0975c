using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Jobs;

public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Run the jobs in process on their schedules (local runs, where there is no Functions host). Off by default, on
    /// in the run script; never on under the Functions host, whose timers run them.
    /// </summary>
    public bool LocalScheduler { get; set; }

    /// <summary>Where the function folders are (default: beside the app).</summary>
    public string? FunctionsDirectory { get; set; }
}

/// <summary>
/// Without the Functions host, runs each job at the times its function.json schedule names (NCRONTAB with seconds, in
/// UTC like the host), on the app's <see cref="TimeProvider"/>. The same jobs, the same schedules, the same runner.
/// </summary>
public sealed partial class LocalScheduler(IOptions<JobOptions> options, JobRunner runner, TimeProvider clock, ILogger<LocalScheduler> logger) : BackgroundService
{
    public static IReadOnlyList<JobDefinition> Definitions(JobOptions options) =>
        JobDefinitions.Read(options.FunctionsDirectory ?? AppContext.BaseDirectory);

    /// <summary>The next time a job is due after <paramref name="after"/> (UTC).</summary>
    public static DateTimeOffset NextOccurrence(JobDefinition job, DateTimeOffset after) =>
        new(job.Crontab.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.LocalScheduler || Environment.GetEnvironmentVariable(CustomHandlerHosting.PortVariable) is { Length: > 0 })
        {
            return Task.CompletedTask;
        }

        var jobs = Definitions(options.Value).Where(d => runner.Exists(d.Name)).ToList();
        return Task.WhenAll(jobs.Select(job => ScheduleAsync(job, stoppingToken)));
    }

    private async Task ScheduleAsync(JobDefinition job, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = NextOccurrence(job, now);
            Scheduled(logger, job.Name, next);
            try
            {
                await Task.Delay(next - now, clock, ct);
                await runner.RunAsync(job.Name, "local scheduler", null, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                RunFailed(logger, job.Name, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Job {Job} next runs at {Next:u}")]
    private static partial void Scheduled(ILogger logger, string job, DateTimeOffset next);

    [LoggerMessage(2, LogLevel.Warning, "Job {Job} could not run ({ExceptionType}); it runs again at its next time")]
    private static partial void RunFailed(ILogger logger, string job, string exceptionType);
}
