using System.Collections.Concurrent;
using System.IO.Compression;
using Azure;
using Microsoft.Extensions.Primitives;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// One public file held in memory, pre-compressed, with a strong ETag per encoding and its header values built once,
/// so serving it allocates next to nothing.
/// </summary>
internal sealed class CachedFile
{
    public required byte[] Identity { get; init; }
    public required byte[] Gzip { get; init; }
    public required byte[] Brotli { get; init; }
    public required string ETag { get; init; }
    public required string GzipETag { get; init; }
    public required string BrotliETag { get; init; }
    public required StringValues ContentType { get; init; }
    public required ETag BlobETag { get; init; }

    public static CachedFile Create(byte[] bytes, string contentType, ETag blobETag, string etag) => new()
    {
        Identity = bytes,
        Gzip = Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)),
        Brotli = Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)),
        ETag = etag,
        GzipETag = etag.Insert(etag.Length - 1, "-gz"),
        BrotliETag = etag.Insert(etag.Length - 1, "-br"),
        ContentType = contentType,
        BlobETag = blobETag,
    };

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output))
        {
            compressor.Write(bytes);
        }

        return output.ToArray();
    }
}

/// <summary>A public file of a site: its name in the cache, the blob it is made from, and how.</summary>
internal sealed record PublicFile(string Name, string Blob, Func<byte[], ETag, CachedFile> Build);

/// <summary>
/// Public files (config.json, banner.js) by site key, served from memory. An entry is revalidated against
/// Blob storage (If-None-Match, a 304 when unchanged) once it is older than <see cref="FreshFor"/>, in the background
/// while the old bytes keep being served; unknown keys are remembered as missing for as long, so repeats of a bad key
/// never reach storage. Publishing on this instance replaces the entry at once; other instances follow within
/// <see cref="FreshFor"/>. Bounded: past <see cref="MaxEntries"/> the oldest half is dropped.
/// </summary>
public sealed class PublishedFileCache(PublicArtefacts artefacts, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(10);
    public const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<(string Site, string File), Entry> entries = new();

    private sealed class Entry(CachedFile? file, long loadedAt)
    {
        public CachedFile? File { get; } = file;
        public long LoadedAt { get; } = loadedAt;
        public int Refreshing;
    }

    /// <summary>The file, or null when the site has none published. Only the first request for a key waits for storage.</summary>
    internal async ValueTask<CachedFile?> GetAsync(SiteKey site, PublicFile file, CancellationToken ct)
    {
        var key = (site.Value, file.Name);
        if (entries.TryGetValue(key, out var entry))
        {
            if (clock.GetElapsedTime(entry.LoadedAt) > FreshFor && Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
            {
                _ = RefreshInBackgroundAsync(key, site, file, entry);
            }

            return entry.File;
        }

        var loaded = await LoadAsync(site, file, null, ct);
        Store(key, loaded);
        return loaded.File;
    }

    /// <summary>Replaces an entry with bytes just published, so this instance serves them immediately.</summary>
    internal void Set(SiteKey site, PublicFile file, CachedFile? value) => Store((site.Value, file.Name), new Entry(value, clock.GetTimestamp()));

    internal void Remove(SiteKey site, PublicFile file) => entries.TryRemove((site.Value, file.Name), out _);

    /// <summary>Forgets every file of a site (deleted, or republished: the next request loads afresh).</summary>
    internal void Forget(SiteKey site)
    {
        foreach (var key in entries.Keys.Where(k => k.Site == site.Value))
        {
            entries.TryRemove(key, out _);
        }
    }

    private async Task RefreshInBackgroundAsync((string, string) key, SiteKey site, PublicFile file, Entry stale)
    {
        try
        {
            Store(key, await LoadAsync(site, file, stale.File, CancellationToken.None));
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // Storage is unreachable: keep serving what we have and try again on a later request.
            Interlocked.Exchange(ref stale.Refreshing, 0);
        }
    }

    private async Task<Entry> LoadAsync(SiteKey site, PublicFile file, CachedFile? known, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        var result = await artefacts.ReadIfChangedAsync(site, file.Blob, known?.BlobETag, ct);
        return result.Status switch
        {
            ConditionalDownloadStatus.NotModified => new Entry(known, now),
            ConditionalDownloadStatus.NotFound => new Entry(null, now),
            _ => new Entry(file.Build(result.Content!.ToArray(), result.ETag ?? default), now),
        };
    }

    private void Store((string, string) key, Entry entry)
    {
        if (entries.Count >= MaxEntries && !entries.ContainsKey(key))
        {
            foreach (var old in entries.OrderBy(e => e.Value.LoadedAt).Take(MaxEntries / 2).ToList())
            {
                entries.TryRemove(old.Key, out _);
            }
        }

        entries[key] = entry;
    }
}
