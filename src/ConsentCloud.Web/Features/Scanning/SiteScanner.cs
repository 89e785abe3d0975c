using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>A scan that could not start or reach the home page: the reason, as a code and in English.</summary>
public sealed class ScanFailedException(SkipReason reason, string message, DomainCheck? check = null) : Exception(message)
{
    public SkipReason Reason { get; } = reason;

    /// <summary>The failed verification of the host the home page is on, when that is why.</summary>
    public DomainCheck? Check { get; } = check;
}

/// <summary>
/// One scan of a site: its home page (https on its first exact domain; wildcard entries name no page), then the
/// home page's links and the pages its sitemap lists (robots.txt's Sitemap lines, else /sitemap.xml; an index one
/// level deep), then links found on the pages read, breadth-first, same origin only; robots.txt obeyed; at most
/// <see cref="ScanOptions.MaxPages"/> pages, <see cref="ScanOptions.MaxTotalBytes"/> bytes and
/// <see cref="ScanOptions.ScanTimeoutSeconds"/> seconds. Only hosts among the site's domains are ever fetched,
/// redirects included, and pages are read only from the host the home page is on once it is verified
/// (<see cref="DomainProof"/>: the site's banner or meta tag on that home page, or the well-known file); an unverified
/// host fails the scan after its robots.txt, home page and well-known file.
/// </summary>
public sealed class SiteScanner(SiteFetcher fetcher, DomainVerifier verifier, ServiceCatalogue catalogue, IOptions<ScanOptions> options)
{
    public const int MaxSitemaps = 5;

    /// <param name="progress">Called after each page read, with the number read so far.</param>
    public async Task<ScanFindings> ScanAsync(Site site, BannerConfig? draft, Func<int, Task> progress, CancellationToken ct)
    {
        try
        {
            return await ScanWithinDeadlineAsync(site, draft, progress, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The deadline ran out before the crawl began (robots.txt, the home page, its verification): nothing to keep.
            throw new ScanFailedException(SkipReason.Timeout, $"The scan's {options.Value.ScanTimeoutSeconds} seconds ran out before the home page was read and verified.");
        }
    }

    private async Task<ScanFindings> ScanWithinDeadlineAsync(Site site, BannerConfig? draft, Func<int, Task> progress, CancellationToken ct)
    {
        var limits = options.Value;
        var start = site.Domains.FirstOrDefault(d => !d.StartsWith("*.", StringComparison.Ordinal))
            ?? throw new ScanFailedException(SkipReason.NoDomain, "The site has only wildcard domains (*.example.dk); add the host of its home page to scan it.");
        var collector = new ScanCollector(site, draft, catalogue);
        var budget = new ScanBudget(limits.MaxTotalBytes);
        bool OwnDomain(Uri url) => Domains.Matches(site.Domains, url.IdnHost);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(limits.ScanTimeoutSeconds)); // real time, as the requests' own timeouts
        var token = deadline.Token;

        var home = new Uri($"https://{start}/");
        var robots = await RobotsAsync(home, budget, token);
        if (!robots.Allows("/"))
        {
            throw new ScanFailedException(SkipReason.Robots, "The site's robots.txt does not let the scanner read its home page.");
        }

        var (homePage, refusal) = await fetcher.GetAsync(home, OwnDomain, budget, token);
        if (homePage is null)
        {
            throw new ScanFailedException(refusal!.Reason, $"The home page {home} was not read: {refusal.Detail}");
        }

        if (homePage.Status is < 200 or >= 300 || !homePage.IsHtml)
        {
            throw new ScanFailedException(homePage.IsHtml ? SkipReason.HttpError : SkipReason.NotHtml,
                $"The home page {homePage.Url} answered {homePage.Status} {homePage.MediaType ?? "without a content type"}, not an HTML page.");
        }

        var host = homePage.Url.IdnHost;
        var (homeResources, homeLinks, homeTags) = PageMarkup.Read(homePage.Body, homePage.Url);
        var verification = await verifier.CheckAsync(site, host, (homeResources, homeTags), token);
        if (!verification.Verified)
        {
            throw new ScanFailedException(verification.Reason ?? SkipReason.NotVerified,
                $"{host} is not verified as the site's domain: {verification.Detail} Embed the site's banner, add {DomainProof.MetaTag(site.Key)} to the home page, or publish {DomainProof.FilePath}.",
                verification);
        }

        collector.Verified(verification);
        bool Verified(Uri url) => DomainVerifier.SameHost(url, host);
        var origin = homePage.Url.GetLeftPart(UriPartial.Authority);
        if (!string.Equals(origin, home.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            robots = await RobotsAsync(homePage.Url, budget, token); // the home page moved to another of the site's hosts
        }

        bool SameOrigin(Uri url) => string.Equals(url.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal) { home.AbsoluteUri, homePage.Url.AbsoluteUri };
        var queue = new Queue<Uri>();

        void Enqueue(Uri url)
        {
            if (SameOrigin(url) && seen.Add(url.AbsoluteUri))
            {
                queue.Enqueue(url);
            }
        }

        try
        {
            collector.AddPage(homePage.Url, homeResources, homePage.CookieNames);
            await progress(collector.PageCount);
            // The home page's own links first (what a visitor reaches first), then what the sitemap adds.
            foreach (var link in homeLinks)
            {
                Enqueue(link);
            }

            foreach (var url in await SitemapPagesAsync(homePage.Url, robots, SameOrigin, budget, token))
            {
                Enqueue(url);
            }

            while (queue.Count > 0)
            {
                if (collector.PageCount >= limits.MaxPages)
                {
                    collector.Stopped(ScanLimit.MaxPages);
                    break;
                }

                if (budget.Remaining <= 0)
                {
                    collector.Stopped(ScanLimit.MaxBytes);
                    break;
                }

                var next = queue.Dequeue();
                if (!robots.Allows(next.PathAndQuery))
                {
                    collector.Skip(next, SkipReason.Robots, "robots.txt disallows it.");
                    continue;
                }

                var (page, skipped) = await fetcher.GetAsync(next, Verified, budget, token);
                if (page is null)
                {
                    collector.Skip(next, skipped!.Reason, skipped.Detail);
                    continue;
                }

                if (page.Status is < 200 or >= 300)
                {
                    collector.Skip(next, SkipReason.HttpError, $"It answered {page.Status}.");
                    continue;
                }

                if (!page.IsHtml)
                {
                    collector.Skip(next, SkipReason.NotHtml, $"It is {page.MediaType ?? "without a content type"}, not an HTML page.");
                    continue;
                }

                Read(page, collector, out var links);
                foreach (var link in links)
                {
                    Enqueue(link);
                }

                await progress(collector.PageCount);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            collector.Stopped(ScanLimit.Timeout);
        }

        return collector.Build();
    }

    private static void Read(FetchedPage page, ScanCollector collector, out IReadOnlyList<Uri> links)
    {
        var (resources, found, _) = PageMarkup.Read(page.Body, page.Url);
        collector.AddPage(page.Url, resources, page.CookieNames);
        links = found;
    }

    private async Task<RobotsRules> RobotsAsync(Uri origin, ScanBudget budget, CancellationToken ct)
    {
        var url = new Uri(origin, "/robots.txt");
        var (page, _) = await fetcher.GetAsync(url, u => string.Equals(u.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase), budget, ct);
        return page is { Status: >= 200 and < 300 } ? RobotsRules.Parse(page.Body) : RobotsRules.AllowAll;
    }

    private async Task<List<Uri>> SitemapPagesAsync(Uri home, RobotsRules robots, Func<Uri, bool> sameOrigin, ScanBudget budget, CancellationToken ct)
    {
        var sitemaps = robots.Sitemaps.Select(s => PageMarkup.Resolve(home, s)).Where(u => u is not null && sameOrigin(u)).Select(u => u!).Take(MaxSitemaps).ToList();
        if (sitemaps.Count == 0)
        {
            sitemaps.Add(new Uri(home, "/sitemap.xml"));
        }

        var pages = new List<Uri>();
        var fetched = 0;
        for (var depth = 0; depth < 2 && sitemaps.Count > 0; depth++)
        {
            var children = new List<Uri>();
            foreach (var sitemap in sitemaps)
            {
                if (fetched++ >= MaxSitemaps)
                {
                    break;
                }

                var (page, _) = await fetcher.GetAsync(sitemap, sameOrigin, budget, ct);
                if (page is not { Status: >= 200 and < 300 })
                {
                    continue;
                }

                var (isIndex, locations) = SitemapReader.Read(page.Body);
                var urls = locations.Select(l => PageMarkup.Resolve(home, l)).Where(u => u is not null && sameOrigin(u)).Select(u => u!);
                (isIndex ? children : pages).AddRange(urls);
            }

            sitemaps = depth == 0 ? children : []; // an index one level deep, no further
        }

        return pages;
    }
}
