using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;

namespace IngestLoad;

/// <summary>
/// The storage's own open-loop latency (raw --mode singles --rate R): decision k is due at k / R, as in
/// <c>load --rate</c>, and is stored with exactly the two calls ingest makes for a decision that finds its partitions
/// idle: its index row, then its record, each a single insert. Its latency counts from when it was due. Beside the
/// API's open loop at the same rate this shows how much of the API's tail the storage (and the machine) has on its own.
/// </summary>
internal static class RawOpenLoop
{
    public static async Task<LoadReport> RunAsync(
        TableClient records, TableClient index, SiteKey site, string contentHash,
        double rate, int workers, TimeSpan duration, TimeSpan warmup, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perWorker = new List<Sample>[workers];
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            perWorker[worker] = new List<Sample>(capacity: 4096);
            tasks[worker] = Task.Run(() => WorkerAsync(worker), ct);
        }

        async Task WorkerAsync(int worker)
        {
            var rng = new Random(worker * 7919 + Environment.ProcessId);
            var samples = perWorker[worker];
            for (long sent = 0; !ct.IsCancellationRequested; sent++)
            {
                var due = OpenSchedule.Due(start, sent, workers, worker, rate);
                if (due >= deadline)
                {
                    return;
                }

                await OpenSchedule.WaitAsync(due, ct);

                var record = Decisions.Record(site, Decisions.Next(rng, Guid.NewGuid()), contentHash, DateTimeOffset.UtcNow);
                var began = Math.Min(due, Stopwatch.GetTimestamp());
                int status;
                try
                {
                    await index.AddEntityAsync(EntityShapes.ToIndexEntity(record), ct);
                    status = (await records.AddEntityAsync(EntityShapes.ToRecordEntity(record), ct)).Status;
                }
                catch (RequestFailedException e)
                {
                    status = e.Status == 0 ? Sample.NetworkError : e.Status;
                }

                samples.Add(new Sample(record.ConsentId, record.EventId, status, began - start, Stopwatch.GetTimestamp() - began));
            }
        }

        await Task.WhenAll(tasks);
        return LoadReport.AfterWarmup(perWorker.SelectMany(s => s), Stopwatch.GetElapsedTime(start), warmup);
    }
}
