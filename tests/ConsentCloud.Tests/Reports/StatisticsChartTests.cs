using System.Xml.Linq;
using ConsentCloud.Web.Features.Reports;

namespace ConsentCloud.Tests.Reports;

public sealed class StatisticsChartTests
{
    private static StatisticsReport Report()
    {
        var counts = new DayCounts { Total = 3 };
        counts.Methods["acceptAll"] = 2;
        counts.Methods["rejectAll"] = 1;
        counts.Offered["<script>"] = 3;
        counts.Granted["<script>"] = 2;
        var day = new DateOnly(2026, 11, 1);
        return new StatisticsReport("site", day, day.AddDays(1), DailyStatistics.From(day.AddDays(1), counts),
            [DailyStatistics.From(day, counts), DailyStatistics.From(day.AddDays(1), new DayCounts())]);
    }

    [Fact]
    public void TheChartIsWellFormedSvgWithATitleAndDescriptionForScreenReaders()
    {
        var svg = XDocument.Parse(StatisticsChart.Svg(Report(), "c1"));
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal("img", svg.Root!.Attribute("role")!.Value);
        Assert.Equal("c1-title c1-desc", svg.Root.Attribute("aria-labelledby")!.Value);
        Assert.Contains("2026-11-01 to 2026-11-02", svg.Root.Element(ns + "title")!.Value, StringComparison.Ordinal);
        Assert.Contains("3 decisions", svg.Root.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        Assert.Equal(2, svg.Descendants(ns + "g").Count());
        Assert.Equal("2026-11-01: 3 decisions, Accept all 2, Reject all 1", svg.Descendants(ns + "g").First().Element(ns + "title")!.Value);
    }

    [Fact]
    public void TheTableAlternativeEncodesCategoryNamesAndShowsGrantRates()
    {
        var table = StatisticsChart.Table(Report());

        Assert.DoesNotContain("<script>", table, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt; granted", table, StringComparison.Ordinal);
        Assert.Contains("66.7%", table, StringComparison.Ordinal);
        _ = XDocument.Parse(table.Replace("–", "-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 10)]
    [InlineData(11, 20)]
    [InlineData(120, 200)]
    [InlineData(4999, 5000)]
    public void TheAxisEndsAtARoundNumber(long largest, long max) => Assert.Equal(max, StatisticsChart.NiceMax(largest));
}
