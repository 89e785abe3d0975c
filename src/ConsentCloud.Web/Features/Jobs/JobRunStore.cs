using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Jobs;

public enum JobOutcome
{
    Running,
    Succeeded,
    Failed,
    Skipped,
}

public sealed record JobRun(
    string Job, string RunId, string Trigger, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, JobOutcome Outcome,
    long Processed, long Changed, int SitesTotal, int SitesFailed, string? Error);

/// <summary>
/// Job bookkeeping in Table storage: JobRuns (PartitionKey = job, RowKey = inverted start + run id: newest first),
/// JobRunSites (PartitionKey = run id, RowKey = site: per-site counts), JobCheckpoints (PartitionKey = job, RowKey =
/// the unit of work, e.g. "{site}-{months}") and JobLocks (PartitionKey = job).
/// </summary>
public sealed class JobRunStore(AppStorage storage)
{
    private TableClient Runs => storage.Table(AppStorage.JobRunsTable);
    private TableClient RunSites => storage.Table(AppStorage.JobRunSitesTable);
    private TableClient Checkpoints => storage.Table(AppStorage.JobCheckpointsTable);

    private static string RunRow(DateTimeOffset started, string runId) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - started.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{runId}";

    public Task SaveRunAsync(JobRun run, CancellationToken ct) => Runs.UpsertEntityAsync(new TableEntity(run.Job, RunRow(run.StartedAt, run.RunId))
    {
        ["RunId"] = run.RunId,
        ["Trigger"] = run.Trigger,
        ["StartedAt"] = run.StartedAt,
        ["EndedAt"] = run.EndedAt,
        ["Outcome"] = run.Outcome.ToString(),
        ["Processed"] = run.Processed,
        ["Changed"] = run.Changed,
        ["SitesTotal"] = run.SitesTotal,
        ["SitesFailed"] = run.SitesFailed,
        ["Error"] = run.Error is { Length: > 1000 } e ? e[..1000] : run.Error,
    }, TableUpdateMode.Replace, ct);

    public async Task SaveSitesAsync(string runId, IReadOnlyList<SiteCounts> sites, CancellationToken ct)
    {
        foreach (var batch in sites.Chunk(100))
        {
            await RunSites.SubmitTransactionAsync(batch.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(runId, s.Site)
            {
                ["Processed"] = s.Processed,
                ["Changed"] = s.Changed,
                ["Error"] = s.Error,
            })), ct);
        }
    }

    public async Task<IReadOnlyList<JobRun>> ListRunsAsync(string job, int max, CancellationToken ct)
    {
        var runs = new List<JobRun>();
        await foreach (var row in Runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {job}"), maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            if (runs.Count >= max)
            {
                break;
            }

            runs.Add(new JobRun(job, row.GetString("RunId") ?? "", row.GetString("Trigger") ?? "", row.GetDateTimeOffset("StartedAt") ?? default,
                row.GetDateTimeOffset("EndedAt"), Enum.TryParse<JobOutcome>(row.GetString("Outcome"), out var o) ? o : JobOutcome.Failed,
                row.GetInt64("Processed") ?? 0, row.GetInt64("Changed") ?? 0, row.GetInt32("SitesTotal") ?? 0, row.GetInt32("SitesFailed") ?? 0,
                row.GetString("Error")));
        }

        return runs;
    }

    public async Task<IReadOnlyList<SiteCounts>> ListRunSitesAsync(string runId, CancellationToken ct)
    {
        var sites = new List<SiteCounts>();
        await foreach (var row in RunSites.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {runId}"), cancellationToken: ct))
        {
            sites.Add(new SiteCounts(row.RowKey, row.GetInt64("Processed") ?? 0, row.GetInt64("Changed") ?? 0, row.GetString("Error")));
        }

        return sites;
    }

    public async Task<string?> GetCheckpointAsync(string job, string key, CancellationToken ct)
    {
        var row = await Checkpoints.GetEntityIfExistsAsync<TableEntity>(job, key, cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString("Value") : null;
    }

    public Task SetCheckpointAsync(string job, string key, string value, CancellationToken ct) =>
        Checkpoints.UpsertEntityAsync(new TableEntity(job, key) { ["Value"] = value }, TableUpdateMode.Replace, ct);

    public async Task DeleteCheckpointsAsync(string job, SiteKey site, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {job} and RowKey ge {site.Value} and RowKey lt {site.Value + "~"}");
        await foreach (var row in Checkpoints.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            await Checkpoints.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        }
    }
}
