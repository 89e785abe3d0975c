using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>
/// What the dashboard shows of a site's traffic, from the daily statistics (never the raw consent records).
/// <see cref="LastDecisionDay"/> is a UTC day (the statistics are daily); <see cref="OptInRate"/> is the share of the
/// last 30 days' decisions (withdrawals left out) made with "Accept all", null when there were none. Everything is
/// null when no statistics are available (<see cref="Unknown"/>): the dashboard shows "—", never a made-up zero.
/// </summary>
public sealed record SiteActivity(DateOnly? LastDecisionDay, long? DecisionsLast30Days, double? OptInRate, bool Known)
{
    /// <summary>Days looked back for the last decision: a site quiet for longer shows "none in 90 days".</summary>
    public const int LookbackDays = 90;

    /// <summary>A published site with no decision for this many days gets the "snippet removed?" alert.</summary>
    public const int QuietDays = 7;

    public static SiteActivity Unknown { get; } = new(null, null, null, Known: false);

    /// <summary>
    /// Whether a published site has gone quiet: no decision in the last <see cref="QuietDays"/> days, counted from its
    /// last decision, or (never a decision) from its latest publish, so a site published this week is not flagged
    /// before visitors had a chance to decide. Unknown statistics never raise the alert.
    /// </summary>
    public bool IsQuiet(int latestRevision, DateTimeOffset? publishedAt, DateOnly today)
    {
        if (!Known || latestRevision < 1)
        {
            return false;
        }

        var since = LastDecisionDay ?? (publishedAt is { } published ? DateOnly.FromDateTime(published.UtcDateTime) : today);
        return today.DayNumber - since.DayNumber >= QuietDays;
    }
}

/// <summary>A site's recent activity for the dashboard. The caller has checked that the person sees the site.</summary>
public interface ISiteActivity
{
    Task<SiteActivity> GetAsync(SiteKey site, DateOnly today, CancellationToken ct);
}
