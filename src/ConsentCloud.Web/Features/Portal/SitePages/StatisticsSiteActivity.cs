using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Reports;

namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>
/// <see cref="ISiteActivity"/> over the reports feature's daily statistics (<see cref="ConsentStatistics"/>): one
/// key-range query of at most <see cref="SiteActivity.LookbackDays"/> days of small aggregate rows per site.
/// </summary>
public sealed class StatisticsSiteActivity(ConsentStatistics statistics) : ISiteActivity
{
    public async Task<SiteActivity> GetAsync(SiteKey site, DateOnly today, CancellationToken ct)
    {
        var report = await statistics.GetAsync(site, new ReportRange(today.AddDays(1 - SiteActivity.LookbackDays), today), ct);
        var lastDay = report.Days.LastOrDefault(d => d.Decisions > 0)?.Day;
        var recent = report.Days.Where(d => d.Day > today.AddDays(-30)).ToList();
        var decisions = recent.Sum(d => d.Decisions);
        var acceptAll = recent.Sum(d => d.ByMethod.GetValueOrDefault("acceptAll"));
        var choices = decisions - recent.Sum(d => d.ByMethod.GetValueOrDefault("withdraw"));
        return new SiteActivity(lastDay, decisions, choices > 0 ? (double)acceptAll / choices : null, Known: true);
    }
}
