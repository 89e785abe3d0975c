using System.Globalization;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// A report's UTC days, both ends included, at most <see cref="MaxDays"/>. A site's consent records of these days are
/// one contiguous PartitionKey range ("{site}-{yyyyMMdd}-{shard}", docs/storage.md), so a report reads exactly them.
/// </summary>
public readonly record struct ReportRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 400;
    private const string DayFormat = "yyyy-MM-dd";

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The range for "from" and "to" as given in a query string, or what is wrong with them.</summary>
    public static bool TryParse(string? from, string? to, out ReportRange range, out string? error)
    {
        range = default;
        error = null;
        if (!DateOnly.TryParseExact(from, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) ||
            !DateOnly.TryParseExact(to, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            error = "Give from and to as UTC days (yyyy-MM-dd).";
            return false;
        }

        if (last < first)
        {
            error = "to must not be before from.";
            return false;
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            error = $"A range covers at most {MaxDays} days.";
            return false;
        }

        range = new ReportRange(first, last);
        return true;
    }

    /// <summary>The last <paramref name="days"/> UTC days up to and including today.</summary>
    public static ReportRange Last(int days, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new ReportRange(today.AddDays(1 - days), today);
    }

    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The OData filter of the range's consent partitions: one contiguous key range.</summary>
    public string PartitionFilter(SiteKey site) => Azure.Data.Tables.TableClient.CreateQueryFilter(
        $"PartitionKey ge {PartitionStart(site, From)} and PartitionKey lt {PartitionStart(site, To.AddDays(1))}");

    private static string PartitionStart(SiteKey site, DateOnly day) =>
        $"{site.Value}-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public override string ToString() =>
        $"{From.ToString(DayFormat, CultureInfo.InvariantCulture)}..{To.ToString(DayFormat, CultureInfo.InvariantCulture)}";
}
