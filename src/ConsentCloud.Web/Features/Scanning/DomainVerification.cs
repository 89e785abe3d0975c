using System.Text.Json.Serialization;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Sites;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>How a domain showed that the site's owner controls it.</summary>
public enum VerificationMethod
{
    /// <summary>A page of the domain embeds this site's banner (<c>/v1/sites/{siteKey}/banner.js</c>).</summary>
    Snippet,

    /// <summary>The home page has <c>&lt;meta name="consentcloud-verification" content="{siteKey}"&gt;</c>.</summary>
    MetaTag,

    /// <summary><c>/.well-known/consentcloud-verification.txt</c> has the site key on a line of its own.</summary>
    File,
}

public enum DomainStatus
{
    Verified,
    NotVerified,

    /// <summary>Never checked (no scan or check has reached it yet).</summary>
    Unchecked,

    /// <summary>A wildcard entry (*.example.dk): it names no host to check, and the scanner never reads one.</summary>
    Wildcard,
}

/// <summary>The outcome of one check of one domain (the home page and, when that names no site, the well-known file).</summary>
/// <param name="Reason">Why it is not verified: <see cref="SkipReason.NotVerified"/> when the domain answered without the site's key, else why it could not be read.</param>
public sealed record DomainCheck(string Domain, bool Verified, VerificationMethod? Method, DateTimeOffset CheckedAt, SkipReason? Reason, string? Detail);

/// <summary>One of the site's domains as the site settings show it.</summary>
public sealed record DomainState(string Domain, DomainStatus Status, VerificationMethod? Method, DateTimeOffset? CheckedAt, SkipReason? Reason, string? Detail);

/// <summary>The file to publish for <see cref="VerificationMethod.File"/>: at <see cref="Path"/>, with <see cref="Content"/>.</summary>
public sealed record VerificationFile(string Path, string Content);

/// <summary>
/// GET/POST …/sites/{siteKey}/verification: how to prove each domain (the embedded banner, the meta tag or the file),
/// and each domain's last check. The scanner reads only a verified domain.
/// </summary>
public sealed record DomainVerificationView(string SiteKey, string MetaTag, VerificationFile File, IReadOnlyList<DomainState> Domains)
{
    [JsonIgnore]
    public bool AnyVerified => Domains.Any(d => d.Status == DomainStatus.Verified);
}

/// <summary>
/// The proofs that a domain belongs to the site, all naming the site key (unique to the site, so another agency's site
/// on the same domain proves nothing for this one): the site's own banner script on the home page, a meta tag there,
/// or a line in a well-known file. Whoever can change the domain's home page or files controls it.
/// </summary>
public static class DomainProof
{
    public const string MetaName = "consentcloud-verification";
    public const string FilePath = "/.well-known/consentcloud-verification.txt";

    /// <summary>Bytes of the file read at most (a few site keys, one per line).</summary>
    public const int MaxFileBytes = 4096;

    public static string MetaTag(SiteKey site) => $"<meta name=\"{MetaName}\" content=\"{site.Value}\">";

    public static VerificationFile File(SiteKey site) => new(FilePath, site.Value + "\n");

    /// <summary>The proof a parsed page carries for <paramref name="site"/>: its banner script, or the meta tag; else null.</summary>
    public static VerificationMethod? InPage(IReadOnlyList<PageResource> resources, IReadOnlyList<string> verificationTags, SiteKey site)
    {
        var bannerPath = $"/v1/sites/{site.Value}/banner.js";
        if (resources.Any(r => r.Kind == ResourceKind.Script && string.Equals(r.Url.AbsolutePath, bannerPath, StringComparison.Ordinal)))
        {
            return VerificationMethod.Snippet;
        }

        return verificationTags.Any(t => string.Equals(t, site.Value, StringComparison.Ordinal)) ? VerificationMethod.MetaTag : null;
    }

    /// <summary>Whether the file's text has the site key on a line of its own (blank lines and # comments allowed).</summary>
    public static bool InFile(string text, SiteKey site) =>
        text.Split('\n').Select(l => l.Trim().TrimStart('\uFEFF')).Any(l => string.Equals(l, site.Value, StringComparison.Ordinal));
}

/// <summary>
/// Checks a domain of a site: GET https://{domain}/ (redirects followed only within the same host) for the banner script
/// or the meta tag, then GET the well-known file. Used by the scanner for the host it is about to read, and by "Check
/// domains" for all of the site's exact domains at once (<see cref="MaxParallel"/> at a time, within
/// <see cref="CheckAllSeconds"/>).
/// </summary>
public sealed class DomainVerifier(SiteFetcher fetcher, ScanStore store, TimeProvider clock, IOptions<ScanOptions> options)
{
    public const int MaxParallel = 4;
    public const int CheckAllSeconds = 30;

    /// <summary>A site's domains may be checked at most this often (the scans' own checks aside).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    public static bool SameHost(Uri url, string host) => string.Equals(url.IdnHost, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The proof of <paramref name="host"/> when its home page <paramref name="home"/> (already read and parsed) has
    /// none: the well-known file. Answers the check (not stored here).
    /// </summary>
    public async Task<DomainCheck> CheckAsync(Site site, string host, (IReadOnlyList<PageResource> Resources, IReadOnlyList<string> Tags)? home, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (home is { } read && DomainProof.InPage(read.Resources, read.Tags, site.Key) is { } method)
        {
            return new DomainCheck(host, true, method, now, null, null);
        }

        var (file, refusal) = await fetcher.GetAsync(new Uri($"https://{host}{DomainProof.FilePath}"), u => SameHost(u, host), new ScanBudget(DomainProof.MaxFileBytes), ct);
        if (file is { Status: >= 200 and < 300 } && DomainProof.InFile(file.Body, site.Key))
        {
            return new DomainCheck(host, true, VerificationMethod.File, clock.GetUtcNow(), null, null);
        }

        if (home is null && refusal is not null)
        {
            return new DomainCheck(host, false, null, now, refusal.Reason, refusal.Detail);
        }

        return new DomainCheck(host, false, null, now, SkipReason.NotVerified,
            $"Neither the home page of {host} (the site's banner or <meta name=\"{DomainProof.MetaName}\">) nor {DomainProof.FilePath} names site {site.Key}.");
    }

    /// <summary>Reads the home page of <paramref name="host"/> and checks it (then the file).</summary>
    public async Task<DomainCheck> CheckAsync(Site site, string host, CancellationToken ct)
    {
        var (page, refusal) = await fetcher.GetAsync(new Uri($"https://{host}/"), u => SameHost(u, host), new ScanBudget(options.Value.MaxPageBytes), ct);
        if (page is null && refusal!.Reason == SkipReason.RedirectElsewhere)
        {
            // A host that only redirects (example.dk → www.example.dk) serves no page of its own: the scanner follows
            // the redirect and checks the host it lands on.
            return new DomainCheck(host, false, null, clock.GetUtcNow(), SkipReason.RedirectElsewhere,
                $"Its home page redirects to another host ({refusal.Detail}); a scan follows the redirect within the site's domains and verifies the host it lands on.");
        }

        (IReadOnlyList<PageResource>, IReadOnlyList<string>)? home = null;
        if (page is { Status: >= 200 and < 300, IsHtml: true })
        {
            var (resources, _, tags) = PageMarkup.Read(page.Body, page.Url);
            home = (resources, tags);
        }

        var check = await CheckAsync(site, host, home, ct);
        return check.Verified || page is not null || refusal is null ? check : check with { Reason = refusal.Reason, Detail = refusal.Detail };
    }

    /// <summary>The site's domains with their last checks (stored checks of domains the site no longer has are left out).</summary>
    public async Task<DomainVerificationView> ViewAsync(Site site, CancellationToken ct)
    {
        var checks = await store.DomainChecksAsync(site.Agency, site.Key, ct);
        var states = site.Domains.Select(domain => domain.StartsWith("*.", StringComparison.Ordinal)
            ? new DomainState(domain, DomainStatus.Wildcard, null, null, null, null)
            : checks.TryGetValue(domain, out var c)
                ? new DomainState(domain, c.Verified ? DomainStatus.Verified : DomainStatus.NotVerified, c.Method, c.CheckedAt, c.Reason, c.Detail)
                : new DomainState(domain, DomainStatus.Unchecked, null, null, null, null)).ToList();
        return new DomainVerificationView(site.Key.Value, DomainProof.MetaTag(site.Key), DomainProof.File(site.Key), states);
    }

    /// <summary>
    /// "Check domains": every exact domain of the site, now; each outcome stored. Null (with the time to wait) when the
    /// site's domains were checked less than <see cref="CheckInterval"/> ago.
    /// </summary>
    public async Task<(DomainVerificationView? View, TimeSpan RetryAfter)> CheckAllAsync(Site site, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await store.LastDomainCheckAsync(site.Agency, site.Key, ct) is { } last && now - last < CheckInterval)
        {
            return (null, last + CheckInterval - now);
        }

        await store.RecordDomainCheckAsync(site.Agency, site.Key, now, ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(CheckAllSeconds)); // real time, as the requests' own timeouts
        var hosts = site.Domains.Where(d => !d.StartsWith("*.", StringComparison.Ordinal)).ToList();
        var results = new DomainCheck[hosts.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, hosts.Count), new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = ct }, async (i, _) =>
        {
            try
            {
                results[i] = deadline.IsCancellationRequested
                    ? TimedOut(hosts[i])
                    : await CheckAsync(site, hosts[i], deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                results[i] = TimedOut(hosts[i]);
            }
        });

        foreach (var check in results)
        {
            await store.SaveDomainCheckAsync(site.Agency, site.Key, check, ct);
        }

        await store.ForgetDomainChecksAsync(site.Agency, site.Key, hosts, ct);
        return (await ViewAsync(site, ct), TimeSpan.Zero);
    }

    private DomainCheck TimedOut(string host) =>
        new(host, false, null, clock.GetUtcNow(), SkipReason.Timeout, $"The check of all domains stopped after {CheckAllSeconds} seconds, before this one answered.");
}
