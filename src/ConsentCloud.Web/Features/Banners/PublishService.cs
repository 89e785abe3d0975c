using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Banners;

public abstract record PublishOutcome
{
    public sealed record Published(Revision Revision) : PublishOutcome;
    public sealed record NotPublishable(IReadOnlyList<BannerProblem> Problems) : PublishOutcome;
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
        var reason = request.RequireRenewal switch
        {
            true => "Renewal requested by the publisher.",
            false => null,
            null => draft.RenewalReason(latest?.Document),
        };
        var renewalRevision = reason is not null || latest is null ? number : latest.Value.Revision.RenewalRevision;
        var now = clock.GetUtcNow();
        var document = draft.Stamp(number, now, renewalRevision);
        var revision = new Revision(number, document.ContentHash, now, publishedBy, reason is not null, reason, renewalRevision, request.Note);

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
        await policies.PublishAsync(site, publishedBy, [Policies.PolicyKind.Cookies, Policies.PolicyKind.Privacy], ct);
        return new PublishOutcome.Published(revision);
    }
}
