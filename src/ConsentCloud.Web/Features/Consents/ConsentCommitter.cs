using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Consents;

public sealed class ConsentCommitOptions
{
    public const string Section = "Consents:GroupCommit";

    /// <summary>Rows per transaction at most (Table storage takes ≤ 100 actions in one).</summary>
    [Range(1, 100)]
    public int MaxBatch { get; set; } = 100;

    /// <summary>Decisions being stored at once, index row to record; one more is answered 503 before anything is written.</summary>
    [Range(1, 100_000)]
    public int MaxPending { get; set; } = 2_000;

    /// <summary>
    /// Milliseconds at least between the starts of one partition's writes: the rows that arrive meanwhile wait and go
    /// together. A row that finds its partition idle still goes at once. 0: the next write starts as soon as the last
    /// returns.
    /// </summary>
    [Range(0, 1_000)]
    public int PaceMs { get; set; }
}

/// <summary>
/// Group commit of ingest's inserts: index rows into ConsentIndex, records into Consents (docs/storage.md, "Consent
/// records"). Each partition of each table has at most one write in flight: a row whose partition is idle is inserted
/// at once (nothing waits for a timer), and the rows that arrive meanwhile go together, when it returns, in one
/// entity-group transaction (≤ <see cref="ConsentCommitOptions.MaxBatch"/> actions, ≤ <see cref="MaxBatchBytes"/>,
/// each row key at most once). A caller is answered only once ITS row is stored (or found stored), or with the failure
/// of its own write:
/// <list type="bullet">
/// <item>one action refused (the transaction names it): 409 answers that caller "already stored", another status
/// fails it alone; the others are sent again without it;</item>
/// <item>storage unreachable or failing (5xx, 408, 429, network, after the pipeline's retries): every caller of the
/// transaction gets the failure, as each would have alone (the endpoint answers 503), and none of its rows is stored;</item>
/// <item>any other refusal of the whole transaction: its rows are written one by one, each with its own outcome.</item>
/// </list>
/// The number of decisions in <see cref="ConsentLog.AppendAsync"/> at once is bounded (<see cref="Reserve"/>), so the
/// queues are too.
/// </summary>
public sealed class ConsentCommitter(IOptions<ConsentCommitOptions> options)
{
    /// <summary>Below the 4 MiB of a transaction's body, with room for its multipart framing.</summary>
    public const int MaxBatchBytes = 3 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private readonly int maxBatch = options.Value.MaxBatch;
    private readonly int maxPending = options.Value.MaxPending;
    private readonly TimeSpan pace = TimeSpan.FromMilliseconds(options.Value.PaceMs);
    private int pending;
    private int queued;

    /// <summary>Rows waiting for their partition's write in flight (not counting those in it).</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>
    /// Holds one of the <see cref="ConsentCommitOptions.MaxPending"/> places for a decision until disposed; when none is
    /// free, throws what storage throttling throws (503 ServerBusy), which the endpoint answers 503 with Retry-After.
    /// </summary>
    public Slot Reserve()
    {
        if (Interlocked.Increment(ref pending) > maxPending)
        {
            Interlocked.Decrement(ref pending);
            throw new RequestFailedException(503, "Too many decisions are being stored at once.", "ServerBusy", null);
        }

        return new Slot(this);
    }

    /// <summary>Inserts a row; answers true once it is stored, false when a row with its keys already was.</summary>
    public Task<bool> InsertAsync(TableClient table, TableEntity row)
    {
        var entry = new Entry(table, row, EstimatedSize(row));
        var key = table.Name + "|" + row.PartitionKey;
        while (true)
        {
            var lane = lanes.GetOrAdd(key, static _ => new Lane());
            bool start;
            lock (lane)
            {
                if (lane.Retired)
                {
                    continue; // emptied and removed meanwhile: take (or make) the partition's current lane
                }

                lane.Waiting.Add(entry);
                Interlocked.Increment(ref queued);
                start = !lane.Busy;
                lane.Busy = true;
            }

            if (start)
            {
                _ = DrainAsync(key, lane);
            }

            return entry.Done.Task;
        }
    }

    /// <summary>
    /// Writes the lane's rows, a batch at a time, until none is waiting; then retires the lane. Nobody awaits this
    /// task, so nothing may escape it: a fault would leave the lane busy with no writer and its rows, and every later
    /// row of the partition, waiting forever (as a foreach in TakeBatch once did). CommitAsync catches everything;
    /// taking a batch is guarded here.
    /// </summary>
    private async Task DrainAsync(string key, Lane lane)
    {
        long started = 0;
        while (true)
        {
            if (started != 0 && pace > TimeSpan.Zero && pace - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
            {
                // The lane stays busy meanwhile, so the rows arriving now queue for the next write instead of each
                // starting its own (real time: this spaces requests to storage, it is not the app's clock).
                await Task.Delay(rest);
            }

            List<Entry> batch;
            lock (lane)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Busy = false;
                    lane.Retired = true;
                    lanes.TryRemove(new KeyValuePair<string, Lane>(key, lane));
                    return;
                }

                try
                {
                    batch = TakeBatch(lane.Waiting);
                }
                catch (Exception e)
                {
                    // Cannot happen by design; if it does, the waiting rows fail (503 to their callers) rather than hang.
                    batch = [.. lane.Waiting];
                    lane.Waiting.Clear();
                    Interlocked.Add(ref queued, -batch.Count);
                    Fail(batch, e);
                    continue;
                }

                Interlocked.Add(ref queued, -batch.Count);
            }

            if (Telemetry.IngestBatchRows.Enabled)
            {
                Telemetry.IngestBatchRows.Record(batch.Count, new KeyValuePair<string, object?>("table", batch[0].Table.Name));
            }

            started = Stopwatch.GetTimestamp();
            await CommitAsync(batch); // answers every row of the batch, whatever storage does, and never throws
        }
    }

    /// <summary>Fails every row of <paramref name="batch"/> not answered yet.</summary>
    private static void Fail(List<Entry> batch, Exception e)
    {
        foreach (var entry in batch)
        {
            entry.Done.TrySetException(new AggregateException(e));
        }
    }

    /// <summary>The oldest waiting rows that fit one transaction; a row key already taken waits for the next.</summary>
    private List<Entry> TakeBatch(List<Entry> waiting)
    {
        var batch = new List<Entry>(Math.Min(waiting.Count, maxBatch));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var bytes = 0;
        var kept = 0;
        // By index, not foreach: moving a kept row down is a write to the list, which would end an enumeration.
        for (var i = 0; i < waiting.Count; i++)
        {
            var entry = waiting[i];
            var fits = batch.Count < maxBatch && (batch.Count == 0 || bytes + entry.Size <= MaxBatchBytes);
            if (fits && keys.Add(entry.Row.RowKey))
            {
                batch.Add(entry);
                bytes += entry.Size;
            }
            else
            {
                waiting[kept++] = entry;
            }
        }

        waiting.RemoveRange(kept, waiting.Count - kept);
        return batch;
    }

    private static async Task CommitAsync(List<Entry> batch)
    {
        while (batch.Count > 1)
        {
            try
            {
                await batch[0].Table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e.Row)), CancellationToken.None);
                foreach (var entry in batch)
                {
                    entry.Done.TrySetResult(true);
                }

                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is { } index && index >= 0 && index < batch.Count)
            {
                // Rolled back whole; only the named action was refused.
                var refused = batch[index];
                batch.RemoveAt(index);
                if (e.Status == 409)
                {
                    refused.Done.TrySetResult(false);
                }
                else
                {
                    refused.Done.TrySetException(new AggregateException(e));
                }
            }
            catch (Exception e) when (IsOutage(e))
            {
                Fail(batch, e);
                return;
            }
            catch (Exception e) when (e is RequestFailedException or InvalidOperationException or ArgumentException)
            {
                // Refused whole without naming an action (a limit of the transaction itself): one by one.
                foreach (var entry in batch)
                {
                    await InsertOneAsync(entry);
                }

                return;
            }
            catch (Exception e)
            {
                // Nothing is left waiting forever, whatever went wrong.
                Fail(batch, e);
                return;
            }
        }

        if (batch.Count == 1)
        {
            await InsertOneAsync(batch[0]);
        }
    }

    private static async Task InsertOneAsync(Entry entry)
    {
        try
        {
            await entry.Table.AddEntityAsync(entry.Row, CancellationToken.None);
            entry.Done.TrySetResult(true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            entry.Done.TrySetResult(false);
        }
        catch (Exception e)
        {
            entry.Done.TrySetException(new AggregateException(e));
        }
    }

    /// <summary>What the endpoint answers 503 for: storage unreachable, failing or throttling, once retries are spent.</summary>
    private static bool IsOutage(Exception e) => e switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } or HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        _ => false,
    };

    /// <summary>
    /// An upper bound of the entity's share of a transaction body: the SDK's JSON may escape every character of a
    /// string to \uXXXX (6 bytes); every property gets room for its name, type annotation and framing.
    /// </summary>
    private static int EstimatedSize(TableEntity entity)
    {
        var size = 1024;
        foreach (var (key, value) in entity)
        {
            size += 96 + 6 * key.Length + (value is string s ? 6 * s.Length : 64);
        }

        return size;
    }

    public readonly struct Slot(ConsentCommitter committer) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref committer.pending);
    }

    private sealed class Lane
    {
        public List<Entry> Waiting { get; } = [];
        public bool Busy { get; set; }
        public bool Retired { get; set; }
    }

    private sealed class Entry(TableClient table, TableEntity row, int size)
    {
        public TableClient Table { get; } = table;
        public TableEntity Row { get; } = row;
        public int Size { get; } = size;
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
