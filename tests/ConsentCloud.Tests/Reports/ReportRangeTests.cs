using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Reports;

namespace ConsentCloud.Tests.Reports;

public sealed class ReportRangeTests
{
    [Theory]
    [InlineData(null, "2026-01-01")]
    [InlineData("2026-01-01", null)]
    [InlineData("2026-1-1", "2026-01-02")]
    [InlineData("2026-01-01T00:00", "2026-01-02")]
    [InlineData("2026-02-01", "2026-01-31")]
    [InlineData("2025-01-01", "2026-02-05")]
    public void RejectsMissingMalformedBackwardsAndTooLongRanges(string? from, string? to)
    {
        Assert.False(ReportRange.TryParse(from, to, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void AcceptsUpToFourHundredDaysBothEndsIncluded()
    {
        Assert.True(ReportRange.TryParse("2025-01-01", "2026-02-04", out var range, out _));
        Assert.Equal(400, range.Days);
        Assert.False(ReportRange.TryParse("2025-01-01", "2026-02-05", out _, out _));
    }

    [Fact]
    public void TheRangeIsOneContiguousPartitionKeyRangeOfTheSite()
    {
        var site = new SiteKey(Ids.New());
        var range = new ReportRange(new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 1));

        Assert.Equal($"PartitionKey ge '{site}-20260131' and PartitionKey lt '{site}-20260202'", range.PartitionFilter(site));
    }

    [Fact]
    public void LastDaysEndToday()
    {
        var range = ReportRange.Last(30, new DateTimeOffset(2026, 11, 2, 23, 59, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 10, 4), range.From);
        Assert.Equal(new DateOnly(2026, 11, 2), range.To);
        Assert.Equal(30, range.Days);
    }
}
