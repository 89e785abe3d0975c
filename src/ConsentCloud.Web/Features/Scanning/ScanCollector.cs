using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// Gathers a scan's findings page by page: each resource matched with the catalogue (<see cref="ServiceCatalogue.FindByUrl(Uri)"/>)
/// and the draft's custom services' URL patterns, the longest pattern winning as in automatic blocking; what matches
/// nothing and is not the site's own is an unknown host. Every list is bounded.
/// </summary>
public sealed class ScanCollector(Site site, BannerConfig? draft, ServiceCatalogue catalogue)
{
    public const int MaxPagesPerService = 10;
    public const int MaxUnknownHosts = 100;
    public const int MaxCookies = 100;
    public const int MaxSkipped = 100;

    private readonly List<ServiceConfig> custom = (draft?.Services ?? []).Where(s => catalogue.Get(s.Id) is null && s.UrlPatterns is { Count: > 0 }).ToList();
    private readonly Dictionary<string, Found> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string Page, string Url)> unknown = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> cookies = new(StringComparer.Ordinal);
    private readonly List<string> pages = [];
    private readonly List<SkippedPage> skipped = [];
    private readonly HashSet<ScanLimit> limits = [];

    public int PageCount => pages.Count;

    public void AddPage(Uri page, IEnumerable<PageResource> resources, IEnumerable<string> setCookies)
    {
        pages.Add(page.AbsoluteUri);
        foreach (var name in setCookies.Where(_ => cookies.Count < MaxCookies))
        {
            cookies.Add(name);
        }

        foreach (var resource in resources)
        {
            var matched = Match(resource.Url);
            if (matched.Count == 0 && resource.Kind != ResourceKind.Inline)
            {
                CountUnknown(page, resource.Url);
            }

            foreach (var (id, entry) in matched)
            {
                var found = services.TryGetValue(id, out var known) ? known : services[id] = new Found(entry);
                found.Seen.Add(resource.Kind);
                if (found.Pages.Count < MaxPagesPerService && !found.Pages.Contains(page.AbsoluteUri))
                {
                    found.Pages.Add(page.AbsoluteUri);
                }
            }
        }
    }

    public void Skip(Uri url, SkipReason reason, string detail)
    {
        if (skipped.Count < MaxSkipped)
        {
            skipped.Add(new SkippedPage(url.AbsoluteUri, reason, detail));
        }
    }

    public void Stopped(ScanLimit limit) => limits.Add(limit);

    private DomainCheck? verification;

    public void Verified(DomainCheck check) => verification = check;

    public ScanFindings Build()
    {
        var declared = (draft?.Services ?? []).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return new ScanFindings(
            services.Values.Select(f => f.ToFinding(declared.Contains(f.Id))).OrderBy(f => f.Declared).ThenBy(f => f.Category, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal).ToList(),
            unknown.OrderByDescending(u => u.Value.Count).ThenBy(u => u.Key, StringComparer.Ordinal).Select(u => new UnknownHost(u.Key, u.Value.Count, u.Value.Page, u.Value.Url)).ToList(),
            [.. cookies],
            [.. pages],
            [.. skipped],
            [.. limits.Order()])
        { Verification = verification };
    }

    private List<(string Id, object Entry)> Match(Uri url)
    {
        var scored = catalogue.All.Select(s => (s.Id, Entry: (object)s, Length: UrlPatterns.BestMatch(s.UrlPatterns, url)))
            .Concat(custom.Select(s => (s.Id, Entry: (object)s, Length: UrlPatterns.BestMatch(s.UrlPatterns!, url))))
            .Where(x => x.Length > 0)
            .ToList();
        var best = scored.Count == 0 ? 0 : scored.Max(x => x.Length);
        return scored.Where(x => x.Length == best).Select(x => (x.Id, x.Entry)).ToList();
    }

    private void CountUnknown(Uri page, Uri url)
    {
        var host = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (Domains.Matches(site.Domains, host) || string.Equals(host, page.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return; // the site's own
        }

        if (unknown.TryGetValue(host, out var seen))
        {
            unknown[host] = (seen.Count + 1, seen.Page, seen.Url);
        }
        else if (unknown.Count < MaxUnknownHosts)
        {
            unknown[host] = (1, page.AbsoluteUri, Shorten(url.GetLeftPart(UriPartial.Path)));
        }
    }

    private static string Shorten(string url) => url.Length <= 300 ? url : url[..300];

    private sealed class Found(object entry)
    {
        public string Id => entry switch { CatalogueService c => c.Id, ServiceConfig s => s.Id, _ => "" };
        public SortedSet<ResourceKind> Seen { get; } = [];
        public List<string> Pages { get; } = [];

        public FoundService ToFinding(bool declared) => entry switch
        {
            CatalogueService c => new FoundService(c.Id, c.Name, c.Provider?.LegalName, c.Category,
                c.Cookies.Select(k => k.Name).Where(n => n is not null).Select(n => n!).Distinct().ToList(), Pages, [.. Seen], declared, Custom: false),
            ServiceConfig s => new FoundService(s.Id, s.Name, s.Provider, s.Category,
                s.Cookies.Select(k => k.Name).Where(n => n is not null).Select(n => n!).Distinct().ToList(), Pages, [.. Seen], declared, Custom: true),
            _ => throw new InvalidOperationException(),
        };
    }
}
