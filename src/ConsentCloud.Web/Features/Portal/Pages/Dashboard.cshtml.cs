using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Portal.SitePages;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The agency's dashboard: the sites this person may see (all for Admins and Owners, assigned ones for Members) with
/// their status and recent activity (<see cref="ISiteActivity"/>: daily statistics, never raw records), searched and
/// sorted by GET query parameters so it works without script.
/// </summary>
[AgencyPage(AgencyRole.Member)]
public sealed class DashboardModel(SiteStore sites, ISiteActivity activity, TimeProvider clock) : PortalPageModel
{
    public const int MaxQueryLength = 100;
    public static readonly IReadOnlyList<string> Sorts = ["name", "last", "decisions"];

    public sealed record Row(Site Site, SiteActivity Activity, bool Quiet);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Sites the person sees before the search narrowed them.</summary>
    public int Total { get; private set; }

    public string Query { get; private set; } = "";

    public string Sort { get; private set; } = "name";

    public DateOnly Today { get; private set; }

    /// <summary>A site was just deleted (after the redirect from its delete page).</summary>
    public bool Deleted { get; private set; }

    public async Task OnGetAsync(string? q, string? sort, string? done, CancellationToken ct)
    {
        Deleted = done == "deleted";
        Query = (q ?? "").Trim() is var text && text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
        Sort = sort is not null && Sorts.Contains(sort) ? sort : "name";
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var visible = (await sites.ListAsync(Portal.Agency.Id, ct)).Where(s => Portal.Member.CanSee(s.Key)).ToList();
        Total = visible.Count;
        var matching = visible.Where(Matches).ToList();

        var activities = new SiteActivity[matching.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, matching.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
            activities[i] = matching[i].LatestRevision > 0 ? await activity.GetAsync(matching[i].Key, Today, token) : SiteActivity.Unknown);

        var rows = matching.Select((s, i) => new Row(s, activities[i], activities[i].IsQuiet(s.LatestRevision, s.PublishedAt, Today)));
        var byName = StringComparer.CurrentCultureIgnoreCase;
        Rows = Sort switch
        {
            "last" => [.. rows.OrderByDescending(r => r.Activity.LastDecisionDay.HasValue).ThenByDescending(r => r.Activity.LastDecisionDay).ThenBy(r => r.Site.DisplayName, byName)],
            "decisions" => [.. rows.OrderByDescending(r => r.Activity.DecisionsLast30Days ?? -1).ThenBy(r => r.Site.DisplayName, byName)],
            _ => [.. rows.OrderBy(r => r.Site.DisplayName, byName)],
        };
    }

    /// <summary>The name or any domain contains the search text (case-insensitive); no text matches everything.</summary>
    private bool Matches(Site site) =>
        Query.Length == 0 ||
        site.DisplayName.Contains(Query, StringComparison.CurrentCultureIgnoreCase) ||
        site.Domains.Any(d => d.Contains(Query, StringComparison.OrdinalIgnoreCase));

    /// <summary>The dashboard's URL with this search and another sort (the column headers' links).</summary>
    public string SortUrl(string sort) =>
        PortalPaths.Agency(Portal.Agency.Id.Value) + $"?sort={sort}" + (Query.Length > 0 ? "&q=" + Uri.EscapeDataString(Query) : "") + "#sites";
}
