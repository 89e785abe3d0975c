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
/// <item>ConsentIndex: PartitionKey "{site}-{shard}" (the record's shard), RowKey "{consentId}-{eventId}", pointing
/// at the record. A visitor's history is one key range of one partition; the event id in the row key makes ingest
/// idempotent; the index rows of many visitors share a partition, so they are group-committed like the records.</item>
/// <item>ConsentIndex, as written until issue 20 (still read, erased and swept): PartitionKey "{site}-{consentId}",
/// RowKey "{eventId}".</item>
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

    public static string IndexPartition(SiteKey site, Guid consentId) => $"{site.Value}-{Shard(consentId)}";

    public static string IndexRow(Guid consentId, Guid eventId) => $"{consentId:N}-{eventId:N}";

    /// <summary>The row keys of one consent id's index rows: ge the first, lt the second ('-' is 0x2D, '.' 0x2E).</summary>
    public static (string From, string To) IndexRowsOf(Guid consentId) => ($"{consentId:N}-", $"{consentId:N}.");

    /// <summary>The event id an index row is for, in either layout (its row key ends with it).</summary>
    public static Guid EventOfIndexRow(string rowKey) => Guid.ParseExact(rowKey.AsSpan(rowKey.Length - 32), "N");

    /// <summary>The index partition of one consent id as written until issue 20: read, erased and swept, never written.</summary>
    public static string LegacyIndexPartition(SiteKey site, Guid consentId) => $"{site.Value}-{consentId:N}";

    public static string LegacyIndexRow(Guid eventId) => eventId.ToString("N");

    /// <summary>A stable shard from the consent id (not string.GetHashCode, which changes per process).</summary>
    private static int Shard(Guid consentId)
    {
        Span<byte> bytes = stackalloc byte[16];
        consentId.TryWriteBytes(bytes);
        return bytes[15] % Shards;
    }
}
