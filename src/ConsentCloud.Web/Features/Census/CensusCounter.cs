using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Api;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Census;

public sealed class CensusOptions
{
    public const string Section = "Census";

    /// <summary>How often each instance writes what it counted (its running totals per site and day).</summary>
    [Range(1, 300)]
    public int FlushSeconds { get; set; } = 5;

    /// <summary>Beacons one client address may send to one site in a burst.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 10;

    /// <summary>Beacons per minute the burst refills with (one per sampled page view; generous for shared addresses).</summary>
    [Range(1, 1_000_000)]
    public int PerMinute { get; set; } = 30;
}

/// <summary>
/// Counts census beacons in memory and writes each site-day's running totals every few seconds as this instance's
/// own row (<see cref="CensusStore.WriteAsync"/>), as <see cref="Reports.StatisticsCounter"/> does for decisions: a
/// beacon costs no storage call of its own, only a dictionary update under a per-site-day lock; a flush costs one
/// upsert per site-day that changed since the last one, however many beacons it carries. What a crash loses: the
/// beacons this instance counted since its last flush (at most <see cref="CensusOptions.FlushSeconds"/>, 5 s), and
/// there is nothing to rebuild them from (beacons are not kept): a sample of a sample, which the findings tolerate.
/// </summary>
public sealed partial class CensusCounter(CensusStore store, TimeProvider clock, IOptions<CensusOptions> options, ILogger<CensusCounter> logger)
    : BackgroundService
{
    /// <summary>Site-days held at most; beyond it, beacons of new ones are not counted.</summary>
    public const int MaxTallies = 50_000;

    private readonly ConcurrentDictionary<(SiteKey Site, DateOnly Day), Entry> tallies = new();
    private readonly SemaphoreSlim flushing = new(1, 1);
    private int stopped;

    /// <summary>This process's row suffix: a restart or another instance writes a row of its own.</summary>
    public string Writer { get; } = Ids.New()[..12];

    /// <summary>Counts a validated beacon. Never throws.</summary>
    public void Count(SiteKey site, CensusBeacon beacon)
    {
        try
        {
            var key = (site, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (!tallies.TryGetValue(key, out var entry))
            {
                if (tallies.Count >= MaxTallies)
                {
                    Dropped(logger);
                    return;
                }

                entry = tallies.GetOrAdd(key, _ => new Entry());
            }

            lock (entry)
            {
                entry.Tally.Add(beacon);
                entry.Version++;
            }
        }
#pragma warning disable CA1031 // Counting is best effort by design: a beacon is answered the same either way.
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
            foreach (var (key, entry) in tallies)
            {
                CensusTally? snapshot = null;
                long version;
                lock (entry)
                {
                    version = entry.Version;
                    if (version != entry.Written)
                    {
                        snapshot = entry.Tally.Copy();
                    }
                }

                if (snapshot is not null)
                {
                    try
                    {
                        await store.WriteAsync(key.Site, key.Day, Writer, snapshot, ct);
                        lock (entry)
                        {
                            entry.Written = version;
                        }
                    }
                    catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
                    {
                        FlushFailed(logger, e.GetType().Name);
                        return; // storage is down: the counts stay in memory and go at the next flush
                    }
                }

                bool done;
                lock (entry)
                {
                    done = key.Day < yesterday && entry.Version == entry.Written;
                }

                if (done)
                {
                    tallies.TryRemove(new KeyValuePair<(SiteKey, DateOnly), Entry>(key, entry));
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
            return;
        }

        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: these few seconds of census are lost.
        }
    }

    private sealed class Entry
    {
        public CensusTally Tally { get; } = new();
        public long Version { get; set; }
        public long Written { get; set; }
    }

    [LoggerMessage(1, LogLevel.Warning, "Census not written ({ExceptionType}); retried at the next flush")]
    private static partial void FlushFailed(ILogger logger, string exceptionType);

    [LoggerMessage(2, LogLevel.Error, "A census beacon was not counted ({ExceptionType})")]
    private static partial void CountFailed(ILogger logger, string exceptionType);

    [LoggerMessage(3, LogLevel.Warning, "Census counter full; a beacon was not counted")]
    private static partial void Dropped(ILogger logger);
}
