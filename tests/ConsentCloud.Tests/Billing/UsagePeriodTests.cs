using ConsentCloud.Web.Features.Billing;

namespace ConsentCloud.Tests.Billing;

public sealed class UsagePeriodTests
{
    [Theory]
    [InlineData(null, "2026-11-21", "2026-11-01", "2026-11-30")]
    [InlineData(null, "2026-02-01", "2026-02-01", "2026-02-28")]
    [InlineData("2026-01-15T10:00:00Z", "2026-01-15", "2026-01-15", "2026-02-14")]
    [InlineData("2026-01-15T10:00:00Z", "2026-03-14", "2026-02-15", "2026-03-14")]
    [InlineData("2026-01-15T10:00:00Z", "2026-03-15", "2026-03-15", "2026-04-14")]
    [InlineData("2026-03-15T10:00:00Z", "2026-02-20", "2026-02-15", "2026-03-14")] // a day before the known period
    [InlineData("2026-01-31T00:00:00Z", "2026-02-28", "2026-02-28", "2026-03-30")] // clamped to February's end
    [InlineData("2026-01-31T00:00:00Z", "2026-03-31", "2026-03-31", "2026-04-29")]
    public void ADayBelongsToTheMonthlyPeriodOfItsAnchorOrToItsCalendarMonth(string? anchor, string day, string from, string to)
    {
        var period = UsagePeriod.For(anchor is null ? null : DateTimeOffset.Parse(anchor, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), period.To);
    }
}
