using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Census;

/// <summary>The census of a window of days beside what the site declares: the three lists an agency reads.</summary>
/// <param name="Days">The window: the last <paramref name="Days"/> days up to today (UTC).</param>
public sealed record CensusReport(
    int Days,
    DateOnly From,
    DateOnly To,
    CensusTotals Totals,
    IReadOnlyList<UndeclaredFinding> Undeclared,
    IReadOnlyList<BeforeConsentFinding> BeforeConsent,
    NotSeenFindings NotSeen);

/// <param name="Views">Sampled page views reported in the window.</param>
/// <param name="Undecided">Of them, views before any decision.</param>
/// <param name="NoConsent">Of them, views with no optional category granted (before a decision, or after a refusal).</param>
/// <param name="Granted">Views with each category granted.</param>
/// <param name="DataSince">The first day the site has census data for (within the 90 days kept).</param>
/// <param name="Dropped">Names not counted because a day's census was full.</param>
public sealed record CensusTotals(long Views, long Undecided, long NoConsent, IReadOnlyDictionary<string, long> Granted, DateOnly? DataSince, long Dropped);

/// <summary>A catalogue service a finding likely belongs to.</summary>
public sealed record CensusSuggestion(string Id, string Name, string Category);

/// <summary>Seen on the site, declared by no service of the draft or the published banner.</summary>
/// <param name="WithoutAnyConsent">Views it was seen on with no optional category granted: either strictly necessary, or set without consent.</param>
/// <param name="Suggestion">The catalogue service whose cookie pattern or URL pattern matches it; null: unknown.</param>
public sealed record UndeclaredFinding(
    CensusKind Kind, string Name, long Views, long WithoutAnyConsent, DateOnly FirstSeen, DateOnly LastSeen, CensusSuggestion? Suggestion);

/// <summary>
/// A name or host of a service in a category that needs consent, seen on page views where that category was not
/// granted (before any decision, or after it was refused): set before (or without) consent.
/// </summary>
/// <param name="Declared">Whether the site declares it (else the category is the catalogue's).</param>
public sealed record BeforeConsentFinding(
    CensusKind Kind, string Name, string ServiceId, string ServiceName, string Category, bool Declared,
    long Views, long WithoutConsent, long Undecided, DateOnly LastSeen);

/// <summary>Declared cookies and storage keys not seen for <see cref="CensusFindings.NotSeenDays"/> days.</summary>
/// <param name="EnoughData">Whether the census has data for at least that long; until then the list is empty.</param>
public sealed record NotSeenFindings(bool EnoughData, DateOnly? DataSince, IReadOnlyList<NotSeenItem> Items);

/// <param name="LastSeen">The last day it was seen within the 90 days kept; null: never.</param>
public sealed record NotSeenItem(CensusKind Kind, string Name, string ServiceId, string ServiceName, DateOnly? LastSeen);

/// <summary>
/// Compares a site's census with the services and cookies of its draft and its published banner: cookie names with
/// '*' patterns as <see cref="CookieConfig.Name"/> has them, of the same kind (first-party ones only: script cannot
/// see another domain's cookies); hosts by the catalogue's <see cref="CatalogueService.UrlPatterns"/> (their host part).
/// The banner's own cookie and storage never reach here (<see cref="CensusBeacon.Own"/>).
/// </summary>
public sealed class CensusFindings(CensusStore store, DraftStore drafts, RevisionStore revisions, ServiceCatalogue catalogue, TimeProvider clock)
{
    public const int NotSeenDays = 30;
    public const int MaxDays = PurgeCensus.RetentionDays;
    public const int MaxListed = 500;

    public static bool IsWindow(int days) => days is >= 1 and <= MaxDays;

    public async Task<CensusReport> GetAsync(Site site, int days, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var all = await store.ReadAsync(site.Key, today.AddDays(1 - MaxDays), today, ct);
        var dataSince = all.Count > 0 ? all.Keys.First() : (DateOnly?)null;
        var draft = (await drafts.GetAsync(site.Agency, site.Key, ct))?.Config;
        var published = (await revisions.GetLatestAsync(site.Agency, site.Key, ct))?.Document;
        return Compare(site, days, today, all, dataSince, draft, published);
    }

    internal CensusReport Compare(Site site, int days, DateOnly today, SortedDictionary<DateOnly, CensusTally> all, DateOnly? dataSince, BannerConfig? draft, PublishedConfig? published)
    {
        var from = today.AddDays(1 - days);
        var window = Sum(all.Where(d => d.Key >= from));
        var lastSeen = new Dictionary<(CensusKind, string), DateOnly>();
        var firstSeen = new Dictionary<(CensusKind, string), DateOnly>();
        foreach (var (day, tally) in all)
        {
            foreach (var item in tally.Items.Keys)
            {
                lastSeen[item] = day;
                firstSeen.TryAdd(item, day);
            }
        }

        var declared = Declared(draft, published);
        var required = (draft?.Categories.Where(BannerRules.IsRequired).Select(c => c.Id) ?? [])
            .Concat(published?.AlwaysOn() ?? []).Append(BannerRules.Necessary).ToHashSet(StringComparer.Ordinal);

        var undeclared = new List<UndeclaredFinding>();
        var beforeConsent = new List<BeforeConsentFinding>();
        foreach (var ((kind, name), counts) in window.Items.OrderByDescending(i => i.Value.Views).ThenBy(i => i.Key.Name, StringComparer.Ordinal))
        {
            if (kind == CensusKind.Host && Domains.Matches(site.Domains, name))
            {
                continue; // the site's own hosts are not third parties
            }

            var owner = declared.FirstOrDefault(d => d.Matches(kind, name));
            var suggestion = owner is null ? Suggest(kind, name) : null;
            if (owner is null)
            {
                undeclared.Add(new UndeclaredFinding(kind, name, counts.Views, counts.NoConsent, firstSeen[(kind, name)], lastSeen[(kind, name)],
                    suggestion is null ? null : new CensusSuggestion(suggestion.Id, suggestion.Name, suggestion.Category)));
            }

            var (serviceId, serviceName, category) = owner is not null ? (owner.ServiceId, owner.ServiceName, owner.Category)
                : suggestion is not null ? (suggestion.Id, suggestion.Name, suggestion.Category) : (null, null, null);
            if (category is not null && !required.Contains(category) && counts.WithoutConsentTo(category) > 0)
            {
                beforeConsent.Add(new BeforeConsentFinding(kind, name, serviceId!, serviceName!, category, owner is not null,
                    counts.Views, counts.WithoutConsentTo(category), counts.Undecided, lastSeen[(kind, name)]));
            }
        }

        var enough = dataSince is { } since && since <= today.AddDays(-NotSeenDays);
        var recent = Sum(all.Where(d => d.Key > today.AddDays(-NotSeenDays))).Items.Keys.ToList();
        var notSeen = enough
            ? declared.Where(d => d.Kind != CensusKind.Host && !recent.Any(r => d.Matches(r.Kind, r.Name)))
                .DistinctBy(d => (d.Kind, d.Pattern, d.ServiceId))
                .Select(d => new NotSeenItem(d.Kind, d.Pattern, d.ServiceId, d.ServiceName,
                    lastSeen.Where(s => d.Matches(s.Key.Item1, s.Key.Item2)).Select(s => (DateOnly?)s.Value).Max()))
                .Take(MaxListed).ToList()
            : [];

        return new CensusReport(days, from, today,
            new CensusTotals(window.Page.Views, window.Page.Undecided, window.Page.NoConsent, window.Page.Granted, dataSince, window.Dropped),
            undeclared.Take(MaxListed).ToList(), beforeConsent.Take(MaxListed).ToList(), new NotSeenFindings(enough, dataSince, notSeen));
    }

    private static CensusTally Sum(IEnumerable<KeyValuePair<DateOnly, CensusTally>> days)
    {
        var sum = new CensusTally();
        foreach (var (_, tally) in days)
        {
            sum.Add(tally);
        }

        return sum;
    }

    /// <summary>The catalogue service a name or host most likely belongs to: the longest matching pattern wins.</summary>
    public CatalogueService? Suggest(CensusKind kind, string name) => kind == CensusKind.Host
        ? catalogue.All.SelectMany(s => s.UrlPatterns.Select(p => (Service: s, Host: HostPart(p))))
            .Where(x => HostMatches(x.Host, name)).OrderByDescending(x => x.Host.Length).Select(x => x.Service).FirstOrDefault()
        : catalogue.All.SelectMany(s => s.Cookies.Where(c => c.Name is not null && c.FirstParty && Kind(c.Kind) == kind).Select(c => (Service: s, Pattern: c.Name!)))
            .Where(x => NameMatches(x.Pattern, name)).OrderByDescending(x => x.Pattern.Replace("*", "", StringComparison.Ordinal).Length).Select(x => x.Service).FirstOrDefault();

    private List<DeclaredItem> Declared(BannerConfig? draft, PublishedConfig? published)
    {
        var items = new List<DeclaredItem>();
        foreach (var service in (draft?.Services ?? []).Concat(published?.Services ?? []).DistinctBy(s => s.Id))
        {
            foreach (var cookie in service.Cookies.Where(c => c.Name is not null && c.Domain is null && c.Kind != CookieKind.Pixel))
            {
                items.Add(new DeclaredItem(Kind(cookie.Kind), cookie.Name!, service.Id, service.Name, service.Category));
            }

            foreach (var pattern in catalogue.Get(service.Id)?.UrlPatterns ?? [])
            {
                items.Add(new DeclaredItem(CensusKind.Host, HostPart(pattern), service.Id, service.Name, service.Category));
            }
        }

        return items;
    }

    private static CensusKind Kind(CookieKind kind) => kind switch
    {
        CookieKind.LocalStorage => CensusKind.LocalStorage,
        CookieKind.SessionStorage => CensusKind.SessionStorage,
        _ => CensusKind.HttpCookie,
    };

    /// <summary>A cookie name against a declared name or '*' pattern ('*': any run of characters, none included).</summary>
    public static bool NameMatches(string pattern, string name)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
        }

        if (!name.StartsWith(parts[0], StringComparison.Ordinal) || !name.EndsWith(parts[^1], StringComparison.Ordinal) || name.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var at = parts[0].Length;
        var end = name.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = name.IndexOf(parts[i], at, end - at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return true;
    }

    /// <summary>The host of a URL pattern (before any path or query).</summary>
    public static string HostPart(string pattern) => pattern.Split('/', '?')[0];

    /// <summary>A host against a pattern's host: the same, or a subdomain of it on a label boundary.</summary>
    public static bool HostMatches(string patternHost, string host) =>
        string.Equals(host, patternHost, StringComparison.OrdinalIgnoreCase) ||
        (host.Length > patternHost.Length && host[host.Length - patternHost.Length - 1] == '.' && host.EndsWith(patternHost, StringComparison.OrdinalIgnoreCase));

    private sealed record DeclaredItem(CensusKind Kind, string Pattern, string ServiceId, string ServiceName, string Category)
    {
        public bool Matches(CensusKind kind, string name) =>
            kind == Kind && (kind == CensusKind.Host ? HostMatches(Pattern, name) : NameMatches(Pattern, name));
    }
}
