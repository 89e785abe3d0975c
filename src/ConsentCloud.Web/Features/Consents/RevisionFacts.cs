using System.Collections.Concurrent;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// What ingest needs to know of a published revision: its categories, languages and services (id → category).
/// Revisions are immutable, so this is cached for good.
/// </summary>
public sealed record RevisionFact(string ContentHash, IReadOnlyList<string> Categories, IReadOnlyList<string> Languages)
{
    public IReadOnlyDictionary<string, string> Services { get; init; } = new Dictionary<string, string>();

    /// <summary>The categories that are always on ("necessary", and any exempt from consent): recorded granted, never a choice.</summary>
    public IReadOnlyList<string> Required { get; init; } = [BannerRules.Necessary];
}

public sealed class RevisionFacts(RevisionStore revisions)
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(string, int), RevisionFact> facts = new();

    public async ValueTask<RevisionFact?> FindAsync(Site site, int number, CancellationToken ct)
    {
        if (facts.TryGetValue((site.Key.Value, number), out var fact))
        {
            return fact;
        }

        if (number < 1 || await revisions.GetAsync(site.Agency, site.Key, number, ct) is not { } found)
        {
            return null;
        }

        fact = new RevisionFact(found.Document.ContentHash, found.Document.Categories.Select(c => c.Id).ToList(), found.Document.Languages)
        {
            Required = found.Document.AlwaysOn(),
            Services = found.Document.Services.ToDictionary(s => s.Id, s => s.Category, StringComparer.Ordinal),
        };
        if (facts.Count >= MaxEntries)
        {
            facts.Clear();
        }

        facts[(site.Key.Value, number)] = fact;
        return fact;
    }
}
