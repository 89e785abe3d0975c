using System.Collections.Concurrent;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>
/// Sites by their public key, for the public endpoints (consent ingest, visitors' rights, policy pages): the live
/// settings (domains, validity) kept in memory for <see cref="FreshFor"/>, unknown keys too, so a stream of requests
/// costs one storage lookup per site per window. Edits on this instance take effect at once (<see cref="Forget"/>).
/// </summary>
public sealed class SiteDirectory(SiteStore sites, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, (Site? Site, long LoadedAt)> entries = new();

    public async ValueTask<Site?> FindAsync(SiteKey key, CancellationToken ct)
    {
        if (entries.TryGetValue(key.Value, out var entry) && clock.GetElapsedTime(entry.LoadedAt) < FreshFor)
        {
            return entry.Site;
        }

        var site = await sites.FindAgencyAsync(key, ct) is { } agency ? (await sites.GetAsync(agency, key, ct))?.Site : null;
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[key.Value] = (site, clock.GetTimestamp());
        return site;
    }

    public void Forget(SiteKey key) => entries.TryRemove(key.Value, out _);
}
