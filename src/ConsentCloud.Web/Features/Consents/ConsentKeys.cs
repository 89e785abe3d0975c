using System.Globalization;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// Where consent records live (docs/storage.md):
/// <list type="bullet">
/// <item>Consents: PartitionKey "{site}-{yyyyMMdd}-{shard}" (the UTC day it was received, and one of
/// <see cref="Shards"/> shards by consent id), RowKey "{ticks}-{eventId}". A busy site's writes spread over the shards
/// (each partition takes ~2,000 entities/s), a day is a fixed set of partitions that retention deletes whole and a
/// report for a date range reads, and rows sort by time inside each.</item>
/// <item>ConsentIndex: PartitionKey "{site}-{consentId}", RowKey "{eventId}", pointing at the record. A visitor's
/// history is one partition; the event id as row key makes ingest idempotent.</item>
/// </list>
/// </summary>
public static class ConsentKeys
{
    public const int Shards = 8;

    public static string Partition(SiteKey site, DateTimeOffset receivedAt, Guid consentId) =>
        $"{site.Value}-{receivedAt.UtcDateTime:yyyyMMdd}-{Shard(consentId)}";

    public static string Row(DateTimeOffset receivedAt, Guid eventId) =>
        $"{receivedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{eventId:N}";

    /// <summary>Every partition of one site's day: what a report or a purge of that day reads.</summary>
    public static IEnumerable<string> PartitionsOfDay(SiteKey site, DateOnly day) =>
        Enumerable.Range(0, Shards).Select(shard => $"{site.Value}-{day:yyyyMMdd}-{shard}");

    public static string IndexPartition(SiteKey site, Guid consentId) => $"{site.Value}-{consentId:N}";

    public static string IndexRow(Guid eventId) => eventId.ToString("N");

    /// <summary>A stable shard from the consent id (not string.GetHashCode, which changes per process).</summary>
    private static int Shard(Guid consentId)
    {
        Span<byte> bytes = stackalloc byte[16];
        consentId.TryWriteBytes(bytes);
        return bytes[15] % Shards;
    }
}
