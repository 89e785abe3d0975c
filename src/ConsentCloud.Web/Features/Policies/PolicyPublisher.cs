using System.Security.Cryptography;
using System.Text;
using Azure;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Policies;

public sealed record PolicyPublished(PolicyKind Kind, int Version, bool Changed, DateOnly EffectiveFrom);

public abstract record PolicyOutcome
{
    public sealed record Published(IReadOnlyList<PolicyPublished> Policies, IReadOnlyList<PolicyProblem> Skipped) : PolicyOutcome
    {
        /// <summary>What the agency should look at, for the published banner's services (<see cref="PolicyReview.Warnings"/>).</summary>
        public IReadOnlyList<PolicyWarning> Warnings { get; init; } = [];
    }

    public sealed record NotPublishable(IReadOnlyList<PolicyProblem> Problems) : PolicyOutcome;
}

/// <summary>
/// Renders and publishes a site's policies: each policy in every site language, as static HTML in the public
/// container, once per version ("{kind}/{n}/{lang}.html", kept for good) and as the current page
/// ("{kind}/current/{lang}.html"). A version is created only when the content changed. The cookie policy follows the
/// published banner revision; publishing the banner republishes it (<see cref="PublishService"/>). A new version takes
/// effect on the date chosen on publishing, else the draft's (while it has not passed), else the day it is published;
/// a chosen date that differs from the current version's makes a new version even when the content is the same.
/// </summary>
public sealed class PolicyPublisher(PolicyDraftStore drafts, PolicyVersionStore versions, RevisionStore revisions, PublicArtefacts artefacts, PublishedFileCache cache, ServiceCatalogue catalogue, TimeProvider clock)
{
    public Task<PolicyOutcome> PublishAsync(Site site, string publishedBy, IReadOnlyList<PolicyKind> kinds, CancellationToken ct) =>
        PublishAsync(site, publishedBy, kinds, null, ct);

    /// <param name="kinds">Which policies to publish; a privacy policy whose sections are incomplete is reported, not published.</param>
    /// <param name="effectiveFrom">The day the new versions take effect, checked by the caller (<see cref="PolicyRules.CheckEffectiveFrom"/>).</param>
    public async Task<PolicyOutcome> PublishAsync(Site site, string publishedBy, IReadOnlyList<PolicyKind> kinds, DateOnly? effectiveFrom, CancellationToken ct)
    {
        if (await revisions.GetLatestAsync(site.Agency, site.Key, ct) is not { } latest)
        {
            return new PolicyOutcome.NotPublishable([new PolicyProblem("banner", "Publish the banner first: the cookie policy lists what the published banner governs.")]);
        }

        var draft = (await drafts.GetAsync(site.Agency, site.Key, ct))?.Draft ?? PolicyDraft.Empty;
        var problems = PolicyRules.CheckPublishable(draft, site);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var chosen = effectiveFrom ?? (draft.EffectiveFrom >= today ? draft.EffectiveFrom : null);
        var published = new List<PolicyPublished>();
        foreach (var kind in kinds)
        {
            if (kind == PolicyKind.Privacy && problems.Count > 0)
            {
                continue;
            }

            published.Add(await PublishKindAsync(site, latest.Document, draft, kind, publishedBy, latest.Revision.Number, chosen, ct));
        }

        return published.Count == 0 && problems.Count > 0
            ? new PolicyOutcome.NotPublishable(problems)
            : new PolicyOutcome.Published(published, kinds.Contains(PolicyKind.Privacy) ? problems : [])
            {
                Warnings = PolicyReview.Warnings(draft, site, latest.Document.Services, catalogue),
            };
    }

    private async Task<PolicyPublished> PublishKindAsync(Site site, PublishedConfig banner, PolicyDraft draft, PolicyKind kind, string by, int bannerRevision, DateOnly? chosen, CancellationToken ct)
    {
        var mains = site.Languages.ToDictionary(l => l, l => PolicyRenderer.MainContent(new PolicyInput(site, banner, draft, kind, l)));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\u0001", mains.Select(m => m.Key + "\n" + m.Value)))));
        var history = await versions.ListAsync(site.Agency, site.Key, kind, 200, ct);
        if (history.Count > 0 && history[0].ContentHash == hash && history[0].Languages.SequenceEqual(site.Languages) && (chosen is null || chosen == history[0].EffectiveFrom))
        {
            return new PolicyPublished(kind, history[0].Number, Changed: false, history[0].EffectiveFrom);
        }

        var number = (history.Count > 0 ? history[0].Number : 0) + 1;
        var now = clock.GetUtcNow();
        var effective = chosen ?? DateOnly.FromDateTime(now.UtcDateTime);
        var earlier = history.Select(v => (v.Number, v.PublishedAt)).ToList();
        var slug = PolicyRenderer.Slug(kind);
        var pages = site.Languages.ToDictionary(l => l, l => Encoding.UTF8.GetBytes(
            PolicyRenderer.Page(new PolicyInput(site, banner, draft, kind, l), mains[l], number, now, effective, earlier)));

        foreach (var (language, bytes) in pages)
        {
            await artefacts.WritePageAsync(site.Key, $"policies/{slug}/{number}/{language}.html", bytes, ct);
        }

        await versions.AddAsync(site.Agency, site.Key, new PolicyVersion(kind, number, hash, now, by, bannerRevision, site.Languages, effective), ct);
        foreach (var (language, bytes) in pages)
        {
            var current = PolicyPages.Current(kind, language);
            var etag = await artefacts.WritePageAsync(site.Key, current.Blob, bytes, ct);
            cache.Set(site.Key, current, current.Build(bytes, etag));
        }

        return new PolicyPublished(kind, number, Changed: true, effective);
    }
}
