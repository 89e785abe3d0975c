using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>A published revision as the visitor saw it, and whether its content still hashes to what the decision recorded.</summary>
public sealed record ProofRevision(Revision Revision, PublishedConfig Document, bool HashMatches);

/// <summary>Everything a proof page shows: every decision of a consent id, and each revision they were made on.</summary>
public sealed record ConsentProofModel(
    Site Site, Guid ConsentId, DateTimeOffset GeneratedAt, ConsentHistory History, IReadOnlyDictionary<int, ProofRevision> Revisions);

/// <summary>
/// Proof of consent for one consent id: its decisions (its ConsentIndex rows, see ConsentKeys, then point
/// reads) and the immutable revisions they name, loaded whole, so the page shows the exact texts, categories and
/// services the visitor was shown. For the API's proof page and the portal alike; the caller has checked access.
/// </summary>
public sealed class ConsentProof(ConsentLog log, RevisionStore revisions, TimeProvider clock)
{
    /// <summary>The proof, or null when the site has no decision under this consent id.</summary>
    public async Task<ConsentProofModel?> GetAsync(Site site, Guid consentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var history = ConsentHistory.From(consentId, await log.HistoryAsync(site.Key, consentId, ct), now);
        if (!history.Held)
        {
            return null;
        }

        var shown = new Dictionary<int, ProofRevision>();
        foreach (var number in history.Decisions.Select(d => d.Revision).Distinct())
        {
            if (await revisions.GetAsync(site.Agency, site.Key, number, ct) is { } found)
            {
                shown[number] = new ProofRevision(found.Revision, found.Document, found.Document.ComputeContentHash() == found.Revision.ContentHash);
            }
        }

        return new ConsentProofModel(site, consentId, now, history, shown);
    }
}
