using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Banners;

public abstract record PublishOutcome
{
    public sealed record Published(Revision Revision, IReadOnlyList<PolicyPublishStatus> Policies) : PublishOutcome;
    public sealed record NotPublishable(IReadOnlyList<BannerProblem> Problems) : PublishOutcome;

    /// <summary>Marked editorial, but the revision adds or moves a service or category: visitors must be asked.</summary>
    public sealed record NotEditorial(IReadOnlyList<MaterialChange> Changes) : PublishOutcome;
    public sealed record Concurrent : PublishOutcome;
}

/// <summary>
/// Publishing: the draft is checked, frozen into an immutable revision (the next number, its content hash, who and
/// when, whether visitors must consent again), and written as the public configuration. Shared by the API, the
/// portal and the demo seed.
/// </summary>
public sealed class PublishService(DraftStore drafts, RevisionStore revisions, SiteStore sites, PublicArtefacts artefacts, PublishedFileCache cache, Policies.PolicyPublisher policies, TimeProvider clock)
{
    public async Task<PublishOutcome> PublishAsync(Site site, string publishedBy, PublishRequest request, CancellationToken ct)
    {
        var config = (await drafts.GetAsync(site.Agency, site.Key, ct))?.Config ?? DefaultBanner.For(site.Languages);
        var problems = BannerRules.Check(config, site);
        if (problems.Count > 0)
        {
            return new PublishOutcome.NotPublishable(problems);
        }

        var latest = await revisions.GetLatestAsync(site.Agency, site.Key, ct);
        var number = (latest?.Revision.Number ?? 0) + 1;
        var draft = PublishedConfig.From(site, config);
        var changes = MaterialChanges.Between(latest?.Document, draft);
        if (request.WaivesRenewal && changes.Where(c => c.AddsPurposeOrRecipient).ToList() is { Count: > 0 } notEditorial)
        {
            return new PublishOutcome.NotEditorial(notEditorial);
        }

        var reason = request.RequireRenewal == true ? "Renewal requested by the publisher."
            : request.WaivesRenewal || changes.Count == 0 ? null
            : MaterialChanges.Reason(changes);
        var renewalRevision = reason is not null || latest is null ? number : latest.Value.Revision.RenewalRevision;
        var now = clock.GetUtcNow();
        var document = draft.Stamp(number, now, renewalRevision);
        var revision = new Revision(number, document.ContentHash, now, publishedBy, reason is not null, reason, renewalRevision, request.Note)
        {
            Editorial = request.WaivesRenewal && changes.Count > 0, // editorial: material changes that did not ask again
            MaterialChanges = changes.Take(MaterialChanges.MaxRecorded).ToList(),
        };

        try
        {
            await revisions.AddAsync(site.Agency, site.Key, revision, document, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return new PublishOutcome.Concurrent();
        }

        var bytes = document.ToUtf8();
        var blobETag = await artefacts.WriteConfigAsync(site.Key, bytes, ct);
        cache.Set(site.Key, PublicConfigEndpoints.Config, PublicConfigEndpoints.BuildConfig(bytes, blobETag));
        cache.Remove(site.Key, PublicConfigEndpoints.Banner); // the scripts are composed from the new config on their next request
        cache.Remove(site.Key, PublicConfigEndpoints.Declaration);
        await sites.MarkPublishedAsync(site.Agency, site.Key, number, now, ct);

        // The cookie policy lists exactly what the banner governs: it follows every publish (and the privacy policy,
        // which states the validity, when its sections are complete).
        var outcome = await policies.PublishAsync(site, publishedBy, [Policies.PolicyKind.Cookies, Policies.PolicyKind.Privacy], ct);
        return new PublishOutcome.Published(revision, PolicyStatuses(site, outcome));
    }

    /// <summary>Each policy's state after the publish: live, or held back with the required sections still missing.</summary>
    private static IReadOnlyList<PolicyPublishStatus> PolicyStatuses(Site site, Policies.PolicyOutcome outcome)
    {
        var (published, problems) = outcome switch
        {
            Policies.PolicyOutcome.Published p => (p.Policies, p.Skipped),
            Policies.PolicyOutcome.NotPublishable n => ([], n.Problems),
            _ => ((IReadOnlyList<Policies.PolicyPublished>)[], (IReadOnlyList<Policies.PolicyProblem>)[]),
        };
        return [.. new[] { Policies.PolicyKind.Privacy, Policies.PolicyKind.Cookies }.Select(kind =>
        {
            var live = published.FirstOrDefault(p => p.Kind == kind);
            var held = live is null ? problems : [];
            var missing = held.Select(p => p.Path.Split('.')).Where(p => p.Length > 1 && p[0] == "sections").Select(p => p[1]).Distinct().ToList();
            return new PolicyPublishStatus(kind, live is not null, live?.Version, Policies.PolicyRenderer.Path(site.Key.Value, kind), missing, held);
        })];
    }
}
