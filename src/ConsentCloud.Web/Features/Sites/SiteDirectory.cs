using System.Collections.Concurrent;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>
/// Sites by their public key, for the public endpoints (consent ingest, visitors' rights, policy pages): the live
/// settings (domains, validity) kept in memory for <see cref="FreshFor"/>, unknown keys too, so a stream of requests
/// costs one storage lookup per site per window. Edits on this instance take effect at once (<see cref="Forget"/>).
/// <para>
/// One lookup per key at a time: the requests that find a key missing or expired while its lookup is under way wait for
/// that lookup instead of starting their own. Without that, every request in flight when a busy site's entry expires
/// (hundreds at a flash crowd) would read storage twice, every <see cref="FreshFor"/>. A lookup that fails is not kept:
/// its waiters get its failure, and the next request tries again.
/// </para>
/// </summary>
public sealed class SiteDirectory(SiteStore sites, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new();

    public async ValueTask<Site?> FindAsync(SiteKey key, CancellationToken ct)
    {
        while (true)
        {
            if (entries.TryGetValue(key.Value, out var entry) && IsUsable(entry))
            {
                // Completed: no allocation. Under way: this caller stops waiting when its request ends; the lookup goes on.
                return entry.Site.IsCompletedSuccessfully ? entry.Site.Result : await entry.Site.WaitAsync(ct);
            }

            var lookup = new TaskCompletionSource<Site?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = new Entry(lookup.Task, clock.GetTimestamp());
            if (entry is null)
            {
                if (entries.Count >= MaxEntries)
                {
                    entries.Clear();
                }

                if (!entries.TryAdd(key.Value, mine))
                {
                    continue; // another request started the lookup meanwhile: wait for that one
                }
            }
            else if (!entries.TryUpdate(key.Value, mine, entry))
            {
                continue;
            }

            await LookUpAsync(key, mine, lookup);
            return await lookup.Task.WaitAsync(ct);
        }
    }

    public void Forget(SiteKey key) => entries.TryRemove(key.Value, out _);

    /// <summary>Under way, or stored less than <see cref="FreshFor"/> ago (a failed lookup is never usable).</summary>
    private bool IsUsable(Entry entry) =>
        !entry.Site.IsCompleted || (entry.Site.IsCompletedSuccessfully && clock.GetElapsedTime(entry.LoadedAt) < FreshFor);

    /// <summary>
    /// Reads the site and completes <paramref name="lookup"/>, never throwing. Not cancelled by the request that
    /// started it: others may be waiting for it.
    /// </summary>
    private async Task LookUpAsync(SiteKey key, Entry mine, TaskCompletionSource<Site?> lookup)
    {
        try
        {
            var site = await sites.FindAgencyAsync(key, CancellationToken.None) is { } agency
                ? (await sites.GetAsync(agency, key, CancellationToken.None))?.Site
                : null;
            lookup.TrySetResult(site);
        }
        catch (Exception e)
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(key.Value, mine));
            lookup.TrySetException(e);
        }
    }

    private sealed record Entry(Task<Site?> Site, long LoadedAt);
}
