using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Jobs;

/// <summary>
/// One run of a job at a time, across instances: a row per job in JobLocks, taken and renewed with ETag conditions,
/// with an expiry so a crashed run's lock lapses. The holder renews it while it works; if a renewal fails (someone
/// else took an expired lock) the holder's work is cancelled, so two runs never process the same site.
/// </summary>
public sealed class JobLock(AppStorage storage, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private const string Row = "lock";
    private TableClient Locks => storage.Table(AppStorage.JobLocksTable);

    /// <summary>The lock's ETag when taken, null when another live run holds it.</summary>
    public async Task<ETag?> TryAcquireAsync(string job, string runId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entity = new TableEntity(job, Row) { ["Owner"] = runId, ["ExpiresAt"] = now + Lease };
        var existing = await Locks.GetEntityIfExistsAsync<TableEntity>(job, Row, cancellationToken: ct);
        try
        {
            if (!existing.HasValue)
            {
                return (await Locks.AddEntityAsync(entity, ct)).Headers.ETag;
            }

            if (existing.Value!.GetDateTimeOffset("ExpiresAt") > now)
            {
                return null;
            }

            return (await Locks.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null; // another run got there first
        }
    }

    /// <summary>Extends the lease; null when the lock is no longer ours.</summary>
    public async Task<ETag?> RenewAsync(string job, string runId, ETag held, CancellationToken ct)
    {
        try
        {
            var entity = new TableEntity(job, Row) { ["Owner"] = runId, ["ExpiresAt"] = clock.GetUtcNow() + Lease };
            return (await Locks.UpdateEntityAsync(entity, held, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task ReleaseAsync(string job, ETag held, CancellationToken ct)
    {
        try
        {
            await Locks.DeleteEntityAsync(job, Row, held, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Taken over after our lease lapsed: not ours to delete.
        }
    }
}
