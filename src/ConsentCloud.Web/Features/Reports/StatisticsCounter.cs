using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Reports;

public sealed class StatisticsOptions
{
    public const string Section = "Reports:Statistics";

    /// <summary>How often each instance writes what it counted (its running totals per site and day).</summary>
    [Range(1, 300)]
    public int FlushSeconds { get; set; } = 5;
}

/// <summary>
/// Counts decisions as they are ingested, in memory, and writes each site-day's running totals every few seconds as
/// this instance's own row (<see cref="StatisticsStore.WriteCountedAsync"/>). Ingest pays a dictionary update under a
/// per-site-day lock (no storage call, no await), and counting can neither fail nor delay a decision: whatever goes
/// wrong here (storage down, the instance killed between flushes) loses at most some counts of the current and
/// previous day, which <see cref="RecountStatistics"/> rebuilds from the raw records the next night.
/// </summary>
public sealed partial class StatisticsCounter(StatisticsStore store, TimeProvider clock, IOptions<StatisticsOptions> options, ILogger<StatisticsCounter> logger)
    : BackgroundService
{
    /// <summary>Site-days held at most; beyond it, new ones are left to the nightly recount.</summary>
    public const int MaxTallies = 100_000;

    private readonly ConcurrentDictionary<(SiteKey Site, DateOnly Day), Tally> tallies = new();
    // Never disposed: the host may stop the service again after disposing it (WebApplicationFactory does), and a
    // SemaphoreSlim whose wait handle is never used holds nothing to release.
    private readonly SemaphoreSlim flushing = new(1, 1);
    private int stopped;

    /// <summary>This process's row suffix: a restart or another instance writes a row of its own.</summary>
    public string Writer { get; } = Ids.New()[..12];

    /// <summary>Counts a decision that ingest has just stored. Never throws.</summary>
    public void Count(ConsentRecord record)
    {
        try
        {
            var key = (record.Site, DateOnly.FromDateTime(record.ReceivedAt.UtcDateTime));
            if (!tallies.TryGetValue(key, out var tally))
            {
                if (tallies.Count >= MaxTallies)
                {
                    Dropped(logger);
                    return;
                }

                tally = tallies.GetOrAdd(key, _ => new Tally());
            }

            lock (tally)
            {
                tally.Counts.Add(record);
                tally.Version++;
            }
        }
#pragma warning disable CA1031 // Counting is best effort by design: nothing here may fail an ingest.
        catch (Exception e)
#pragma warning restore CA1031
        {
            CountFailed(logger, e.GetType().Name);
        }
    }

    /// <summary>Writes every site-day counted since the last flush; forgets days before yesterday once written.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await flushing.WaitAsync(ct);
        try
        {
            var yesterday = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
            foreach (var (key, tally) in tallies)
            {
                DayCounts? snapshot = null;
                long version;
                lock (tally)
                {
                    version = tally.Version;
                    if (version != tally.Written)
                    {
                        snapshot = tally.Counts.Copy();
                    }
                }

                if (snapshot is not null)
                {
                    try
                    {
                        await store.WriteCountedAsync(key.Site, key.Day, Writer, snapshot, ct);
                        lock (tally)
                        {
                            tally.Written = version;
                        }
                    }
                    catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
                    {
                        FlushFailed(logger, e.GetType().Name);
                        return; // storage is down: try again at the next flush
                    }
                }

                bool done;
                lock (tally)
                {
                    done = key.Day < yesterday && tally.Version == tally.Written;
                }

                if (done)
                {
                    tallies.TryRemove(new KeyValuePair<(SiteKey, DateOnly), Tally>(key, tally));
                }
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.FlushSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
                await FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>On shutdown (a scale-in, a deployment): the last counts are written before the process ends.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return; // stopped twice (a test host does): the last counts are already written
        }

        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: the nightly recount covers what was not written.
        }
    }

    private sealed class Tally
    {
        public DayCounts Counts { get; } = new();
        public long Version { get; set; }
        public long Written { get; set; }
    }

    [LoggerMessage(1, LogLevel.Warning, "Statistics not written ({ExceptionType}); retried at the next flush, repaired by the nightly recount")]
    private static partial void FlushFailed(ILogger logger, string exceptionType);

    [LoggerMessage(2, LogLevel.Error, "A decision was not counted ({ExceptionType}); the nightly recount repairs the day")]
    private static partial void CountFailed(ILogger logger, string exceptionType);

    [LoggerMessage(3, LogLevel.Warning, "Statistics counter full; a decision was left to the nightly recount")]
    private static partial void Dropped(ILogger logger);
}
