namespace ConsentCloud.Web.Features.Billing;

/// <summary>
/// The month of usage a day belongs to, against which a plan's included decisions count: the subscription's monthly
/// billing period (anchored on Stripe's <c>current_period_start</c>, a month at a time from there, the day clamped to
/// a short month's end as Stripe does), or the calendar month (UTC) when no period is known, as on the trial.
/// </summary>
public readonly record struct UsagePeriod(DateOnly From, DateOnly To)
{
    public static UsagePeriod For(DateTimeOffset? anchor, DateOnly day)
    {
        if (anchor is not { } start)
        {
            var first = new DateOnly(day.Year, day.Month, 1);
            return new(first, first.AddMonths(1).AddDays(-1));
        }

        var origin = DateOnly.FromDateTime(start.UtcDateTime);
        var months = (day.Year - origin.Year) * 12 + day.Month - origin.Month;
        var from = origin.AddMonths(months);
        if (from > day)
        {
            from = origin.AddMonths(--months);
        }

        return new(from, origin.AddMonths(months + 1).AddDays(-1));
    }
}
