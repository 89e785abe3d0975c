using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>How often a category was offered and granted; the rate is granted / offered (null when never offered).</summary>
public sealed record CategoryCount(long Offered, long Granted, double? GrantRate);

/// <summary>One day's (or a range's) decisions: in all, by method, by language, and per category.</summary>
public sealed record DailyStatistics(
    DateOnly Day, long Decisions, IReadOnlyDictionary<string, long> ByMethod, IReadOnlyDictionary<string, long> ByLanguage,
    IReadOnlyDictionary<string, CategoryCount> Categories)
{
    public static DailyStatistics From(DateOnly day, DayCounts counts) => new(
        day, counts.Total, Sorted(counts.Methods), Sorted(counts.Languages),
        counts.Offered.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(
            c => c.Key,
            c => new CategoryCount(c.Value, counts.Granted.GetValueOrDefault(c.Key), c.Value == 0 ? null : Math.Round((double)counts.Granted.GetValueOrDefault(c.Key) / c.Value, 4))));

    private static Dictionary<string, long> Sorted(Dictionary<string, long> counts) =>
        counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value);
}

/// <summary>A site's statistics for a range: one row per day (days without decisions included, as zeros) and the totals.</summary>
public sealed record StatisticsReport(string SiteKey, DateOnly From, DateOnly To, DailyStatistics Totals, IReadOnlyList<DailyStatistics> Days);

/// <summary>
/// Reads a site's daily aggregates (<see cref="StatisticsStore"/>): one query of at most a few hundred small rows, never
/// the raw records. For the API and the portal alike; the caller has checked access to the site.
/// </summary>
public sealed class ConsentStatistics(StatisticsStore store)
{
    public async Task<StatisticsReport> GetAsync(SiteKey site, ReportRange range, CancellationToken ct)
    {
        var stored = await store.ReadAsync(site, range, ct);
        var total = new DayCounts();
        var days = new List<DailyStatistics>(range.Days);
        foreach (var day in range.EachDay())
        {
            var counts = stored.GetValueOrDefault(day) ?? new DayCounts();
            total.Add(counts);
            days.Add(DailyStatistics.From(day, counts));
        }

        return new StatisticsReport(site.Value, range.From, range.To, DailyStatistics.From(range.To, total), days);
    }
}
