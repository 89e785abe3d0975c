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
/// <item>Shards: <see cref="Shards"/> (2) since the shard count was cut, <see cref="EarlierShards"/> (8) before. The shard
/// is the consent id's last byte modulo the count, and 2 divides 8, so an id's shard under 2 is its shard under 8 modulo
/// 2: the records and index rows written under 8 shards sit in partitions "…-0" to "…-7", of which "…-2" to "…-7" are
/// read, erased and purged, never written. Reports and retention read a day by key range, which holds either.</item>
/// <item>ConsentIndex, as written until issue 20 (still read, erased and swept): PartitionKey "{site}-{consentId}",
/// RowKey "{eventId}".</item>
/// </list>
/// </summary>
public static class ConsentKeys
{
    /// <summary>
    /// The shards of a site's records and index rows. Fewer shards put more of a busy site's rows in each partition, so
    /// group commit's transactions hold more of them (issue 20: 2 against 8 doubled ingest's rate at 64 clients); 2 give
    /// a site ~4,000 entities/s of partition targets, twice the burst docs/storage.md plans for.
    /// </summary>
    public const int Shards = 2;

    /// <summary>The shard count until issue 20's second change; its index partitions are still read and erased.</summary>
    public const int EarlierShards = 8;

    public static string Partition(SiteKey site, DateTimeOffset receivedAt, Guid consentId) =>
        $"{site.Value}-{receivedAt.UtcDateTime:yyyyMMdd}-{Shard(consentId)}";

    public static string Row(DateTimeOffset receivedAt, Guid eventId) =>
        $"{receivedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{eventId:N}";

    /// <summary>Every partition one site's day is written to now.</summary>
    public static IEnumerable<string> PartitionsOfDay(SiteKey site, DateOnly day) =>
        Enumerable.Range(0, Shards).Select(shard => $"{site.Value}-{day:yyyyMMdd}-{shard}");

    public static string IndexPartition(SiteKey site, Guid consentId) => $"{site.Value}-{Shard(consentId)}";

    /// <summary>
    /// The index partition a consent id's rows had while there were <see cref="EarlierShards"/> shards, when it is not
    /// <see cref="IndexPartition"/> (for a quarter of the ids it is the same partition): read and erased, never written.
    /// </summary>
    public static string? EarlierIndexPartition(SiteKey site, Guid consentId) =>
        Shard(consentId, EarlierShards) is var earlier && earlier != Shard(consentId) ? $"{site.Value}-{earlier}" : null;

    /// <summary>
    /// The index partition of the record stored in Consents partition <paramref name="recordPartition"/>
    /// ("{site}-{yyyyMMdd}-{shard}"): the shard written with it, under either shard count.
    /// </summary>
    public static string IndexPartitionOfRecord(SiteKey site, string recordPartition) =>
        $"{site.Value}-{recordPartition.AsSpan(recordPartition.LastIndexOf('-') + 1)}";

    public static string IndexRow(Guid consentId, Guid eventId) => $"{consentId:N}-{eventId:N}";

    /// <summary>The row keys of one consent id's index rows: ge the first, lt the second ('-' is 0x2D, '.' 0x2E).</summary>
    public static (string From, string To) IndexRowsOf(Guid consentId) => ($"{consentId:N}-", $"{consentId:N}.");

    /// <summary>The event id an index row is for, in either layout (its row key ends with it).</summary>
    public static Guid EventOfIndexRow(string rowKey) => Guid.ParseExact(rowKey.AsSpan(rowKey.Length - 32), "N");

    /// <summary>The index partition of one consent id as written until issue 20: read, erased and swept, never written.</summary>
    public static string LegacyIndexPartition(SiteKey site, Guid consentId) => $"{site.Value}-{consentId:N}";

    public static string LegacyIndexRow(Guid eventId) => eventId.ToString("N");

    /// <summary>A stable shard from the consent id (not string.GetHashCode, which changes per process).</summary>
    private static int Shard(Guid consentId, int shards = Shards)
    {
        Span<byte> bytes = stackalloc byte[16];
        consentId.TryWriteBytes(bytes);
        return bytes[15] % shards;
    }
}
