using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Retention;

namespace JobsSeeder;

/// <summary>Row keys of one Consents partition that a step touches.</summary>
internal sealed record PartitionRows(string Partition, string[] Rows);

/// <summary>
/// What the jobs do to the dataset at a given clock, worked out from the data's definition (no storage reads):
/// <list type="bullet">
/// <item>ExpireConsents at <c>now</c> marks every record whose ExpiresAt ≤ now (all seeded records are active, and
/// every such record lies on a receive day the job reads for its validity, from the site's Created day on).</item>
/// <item>PurgeRetention at <c>now</c> deletes every record, and its index row, of each receive day wholly past the
/// site's retention (<see cref="RetentionDays.WhollyPast"/>, the app's own rule).</item>
/// </list>
/// </summary>
internal static class Work
{
    public static List<PartitionRows> Expire(Dataset d, DateTimeOffset now) =>
        Collect(d, (_, _) => true, r => r.ExpiresAt <= now);

    public static List<PartitionRows> PurgeRecords(Dataset d, DateTimeOffset now) =>
        Collect(d, (_, day) => PurgedDay(d, day, now), _ => true);

    /// <summary>
    /// The purge as transactions of at most <paramref name="size"/> records (one partition each), every one with the
    /// keys of its records' index rows, site by site and day by day.
    /// </summary>
    public static List<(PartitionRows Records, (string Partition, string Row)[] Index)> PurgeUnits(Dataset d, DateTimeOffset now, int size)
    {
        var perSite = new List<(PartitionRows, (string, string)[])>[d.Sites];
        Parallel.For(0, d.Sites, site =>
        {
            var list = new List<(PartitionRows, (string, string)[])>();
            for (var day = 0; day < d.Days && PurgedDay(d, day, now); day++)
            {
                foreach (var partition in d.RecordsOfDay(site, day).GroupBy(r => ConsentKeys.Partition(r.Site, r.ReceivedAt, r.ConsentId), StringComparer.Ordinal))
                {
                    foreach (var chunk in partition.Chunk(size))
                    {
                        list.Add((new PartitionRows(partition.Key, chunk.Select(r => ConsentKeys.Row(r.ReceivedAt, r.EventId)).ToArray()),
                            chunk.Select(r => (ConsentKeys.IndexPartition(r.Site, r.ConsentId), ConsentKeys.IndexRow(r.ConsentId, r.EventId))).ToArray()));
                    }
                }
            }

            perSite[site] = list;
        });
        return perSite.SelectMany(l => l).ToList();
    }

    /// <summary>Receive days purged at <paramref name="now"/> (the first ones of the window: the job goes from Created on).</summary>
    public static int PurgedDays(Dataset d, DateTimeOffset now) => Enumerable.Range(0, d.Days).TakeWhile(day => PurgedDay(d, day, now)).Count();

    private static bool PurgedDay(Dataset d, int day, DateTimeOffset now) => RetentionDays.WhollyPast(d.FirstDay.AddDays(day), d.RetentionMonths, now);

    private static List<PartitionRows> Collect(Dataset d, Func<int, int, bool> dayFilter, Func<ConsentRecord, bool> recordFilter)
    {
        var perSite = new List<PartitionRows>[d.Sites];
        Parallel.For(0, d.Sites, site =>
        {
            var list = new List<PartitionRows>();
            for (var day = 0; day < d.Days; day++)
            {
                if (!dayFilter(site, day))
                {
                    continue;
                }

                list.AddRange(d.RecordsOfDay(site, day).Where(recordFilter)
                    .GroupBy(r => ConsentKeys.Partition(r.Site, r.ReceivedAt, r.ConsentId), StringComparer.Ordinal)
                    .Select(g => new PartitionRows(g.Key, g.Select(r => ConsentKeys.Row(r.ReceivedAt, r.EventId)).ToArray())));
            }

            perSite[site] = list;
        });
        return perSite.SelectMany(l => l).ToList();
    }

    /// <summary>
    /// The requests each side sends, from the jobs' code (ExpireConsents, PurgeRetention, ConsentRetention) applied to
    /// the dataset: the app reads a site's days with one key-range query (pages of up to 1,000 rows), for expiry once
    /// per validity that has days due, and writes a checkpoint after each page that finished a day; the raw baseline
    /// sends only the writes.
    /// </summary>
    public static string Requests(Dataset d, DateTimeOffset expireNow, DateTimeOffset purgeNow)
    {
        var validities = new[] { d.AcceptMonths, d.DeclineMonths }.Distinct().Order().ToList();
        var expireQueries = (long)validities.Count(m => RetentionDays.PartlyPast(d.FirstDay, m, expireNow)) * d.Sites;
        var expire = Expire(d, expireNow);
        var expireTransactions = expire.Sum(p => (long)((p.Rows.Length + 99) / 100));
        var purgeRecords = PurgeRecords(d, purgeNow);
        var purgeTransactions = purgeRecords.Sum(p => (long)((p.Rows.Length + 99) / 100));
        var purgeIndex = purgeRecords.Sum(p => (long)p.Rows.Length);
        // Since issue 18 a partition's single row goes as a plain entity request, not a transaction of one.
        var expireSingles = expire.LongCount(p => p.Rows.Length == 1);
        var purgeSingles = purgeRecords.LongCount(p => p.Rows.Length == 1);
        var purgeQueries = PurgedDays(d, purgeNow) > 0 ? (long)d.Sites : 0;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"REQUESTS expire: app {expireQueries} range queries (pages of <= 1,000 rows) + {expireTransactions} writes ({expireSingles} of them single-row requests, the rest transactions) + a checkpoint write per page, raw the same {expireTransactions} writes; " +
            $"purge: app {purgeQueries} range queries + {purgeIndex} index deletes + {purgeTransactions} writes ({purgeSingles} single-row) + a checkpoint write per page, raw {purgeIndex} index deletes + the same {purgeTransactions} writes = {purgeIndex + purgeTransactions}");
    }

    /// <summary>Every partition's rows cut into transactions of at most <paramref name="size"/> (one partition each).</summary>
    public static List<PartitionRows> Batches(IEnumerable<PartitionRows> partitions, int size) =>
        partitions.SelectMany(p => p.Rows.Chunk(size).Select(rows => new PartitionRows(p.Partition, rows))).ToList();

}
