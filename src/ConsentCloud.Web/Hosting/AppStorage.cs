using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ConsentCloud.Web.Storage;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// The app's tables, containers and queues by name (with the configured prefix, so test classes get their own), and their
/// creation at start. In Azure the infrastructure creates them too; creating an existing one is a no-op.
/// </summary>
public sealed class AppStorage(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, IOptions<StorageOptions> options)
{
    public const string AgenciesTable = "Agencies";
    public const string MembershipsTable = "Memberships";
    public const string SitesTable = "Sites";
    public const string SiteKeysTable = "SiteKeys";
    public const string RevisionsTable = "Revisions";
    public const string ConsentsTable = "Consents";
    public const string ConsentIndexTable = "ConsentIndex";
    public const string PolicyVersionsTable = "PolicyVersions";
    public const string JobRunsTable = "JobRuns";
    public const string JobRunSitesTable = "JobRunSites";
    public const string JobCheckpointsTable = "JobCheckpoints";
    public const string JobLocksTable = "JobLocks";
    public const string ConsentStatsTable = "ConsentStats";
    public const string DownloadAuditTable = "DownloadAudit";
    public const string BillingSubscriptionsTable = "BillingSubscriptions";
    public const string BillingEventsTable = "BillingEvents";
    public const string BillingUsageReportsTable = "BillingUsageReports";
    public const string CensusTable = "Census";
    public const string SiteScansTable = "SiteScans";

    public const string DraftsContainer = "drafts";
    public const string RevisionsContainer = "revisions";
    public const string PublicContainer = "public";
    public const string DataProtectionContainer = "dataprotection";

    /// <summary>Scans waiting for the scanner (Functions/ScanSite names it too); named with the container prefix.</summary>
    public const string SiteScansQueue = "site-scans";

    private static readonly string[] TableNames = [AgenciesTable, MembershipsTable, SitesTable, SiteKeysTable, RevisionsTable, ConsentsTable, ConsentIndexTable, PolicyVersionsTable, JobRunsTable, JobRunSitesTable, JobCheckpointsTable, JobLocksTable, ConsentStatsTable, DownloadAuditTable, BillingSubscriptionsTable, BillingEventsTable, BillingUsageReportsTable, CensusTable, SiteScansTable];
    private static readonly string[] ContainerNames = [DraftsContainer, RevisionsContainer, PublicContainer, DataProtectionContainer];
    private static readonly string[] QueueNames = [SiteScansQueue];

    // The SDK's clients are thread-safe and meant to be kept: one per table and container for the app's lifetime.
    private readonly ConcurrentDictionary<string, TableClient> tableClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BlobContainerClient> containerClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueueClient> queueClients = new(StringComparer.Ordinal);

    public TableClient Table(string name) =>
        tableClients.TryGetValue(name, out var client) ? client : tableClients.GetOrAdd(name, tables.GetTableClient(options.Value.TablePrefix + name));

    public BlobContainerClient Container(string name) =>
        containerClients.TryGetValue(name, out var client) ? client : containerClients.GetOrAdd(name, blobs.GetBlobContainerClient(options.Value.ContainerPrefix + name));

    public QueueClient Queue(string name) =>
        queueClients.TryGetValue(name, out var client) ? client : queueClients.GetOrAdd(name, queues.GetQueueClient(options.Value.ContainerPrefix + name));

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var name in TableNames)
        {
            await Table(name).CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var name in ContainerNames)
        {
            await Container(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var name in QueueNames)
        {
            await Queue(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}

/// <summary>Creates tables and containers before the first request; a storage outage at start is logged, not fatal.</summary>
internal sealed partial class AppStorageBootstrap(AppStorage storage, ILogger<AppStorageBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await storage.CreateAllAsync(timeout.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
        {
            StorageStartFailed(logger, e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Warning, "Could not create tables and containers at start ({ExceptionType}); requests will fail until storage is reachable.")]
    private static partial void StorageStartFailed(ILogger logger, string exceptionType);
}

public static class AppStorageExtensions
{
    public static WebApplicationBuilder AddAppStorage(this WebApplicationBuilder builder)
    {
        builder.AddStorage();
        builder.AddStorageInAzureRules();
        builder.Services.AddSingleton<AppStorage>();
        builder.Services.AddHostedService<AppStorageBootstrap>();
        return builder;
    }
}
