namespace ConsentCloud.Web.Features.Retention;

/// <summary>
/// Day arithmetic shared by the jobs. A record received at t on day d is older than n months from when
/// t + n months has passed; all of day d's records have when (d + 1 day) + n months has.
/// </summary>
public static class RetentionDays
{
    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Every record of the day is past <paramref name="months"/> at <paramref name="now"/>.</summary>
    public static bool WhollyPast(DateOnly day, int months, DateTimeOffset now) => Start(day.AddDays(1)).AddMonths(months) <= now;

    /// <summary>Some record of the day can be past <paramref name="months"/> at <paramref name="now"/>.</summary>
    public static bool PartlyPast(DateOnly day, int months, DateTimeOffset now) => Start(day).AddMonths(months) <= now;

    /// <summary>The day after a checkpoint ("yyyy-MM-dd"), or <paramref name="fallback"/> without one.</summary>
    public static DateOnly After(string? checkpoint, DateOnly fallback) =>
        checkpoint is not null && DateOnly.TryParseExact(checkpoint, "yyyy-MM-dd", out var day) ? day.AddDays(1) : fallback;

    public static string Checkpoint(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
