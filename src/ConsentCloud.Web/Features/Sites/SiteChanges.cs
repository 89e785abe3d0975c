using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Sites;

public enum SiteChangeOutcome
{
    Done,
    NotFound,
    /// <summary>Someone else changed the site since the version the caller read (412).</summary>
    Changed,
}

public sealed record SiteChange(SiteChangeOutcome Outcome, Site? Site = null, ETag ETag = default);

/// <summary>
/// Changing and deleting a site: the rules the management API and the portal's site page share (keeping the
/// validities in use for expiry, concurrency by ETag, the directory's cached copy, new languages in the draft, the
/// public configuration taken down on delete).
/// </summary>
public sealed class SiteChanges(SiteStore store, DraftStore drafts, SiteDirectory directory, PublicArtefacts artefacts, PublishedFileCache cache, TimeProvider clock)
{
    /// <summary>
    /// Replaces the site's settings with <paramref name="change"/>'s (applied to the stored site), only if the stored
    /// version is still <paramref name="ifMatch"/> (any version when null). The banner visitors see changes only when
    /// the site is published again.
    /// </summary>
    public async Task<SiteChange> UpdateAsync(AgencyId agency, SiteKey key, ETag? ifMatch, Func<Site, Site> change, CancellationToken ct)
    {
        if (await store.GetAsync(agency, key, ct) is not { } found)
        {
            return new SiteChange(SiteChangeOutcome.NotFound);
        }

        var updated = change(found.Site) with
        {
            Key = key,
            Agency = agency,
            Created = found.Site.Created,
            Updated = clock.GetUtcNow(),
            LatestRevision = found.Site.LatestRevision,
            PublishedAt = found.Site.PublishedAt,
            Deleted = null,
        };
        updated = updated with
        {
            PastValidityMonths = found.Site.ValidityMonthsInUse.Except([updated.Consent.AcceptValidityMonths, updated.Consent.DeclineValidityMonths]).ToList(),
        };

        ETag etag;
        try
        {
            etag = await store.UpdateAsync(updated, ifMatch ?? found.ETag, ct);
            directory.Forget(key);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return new SiteChange(SiteChangeOutcome.Changed);
        }

        if (await drafts.GetAsync(agency, key, ct) is { } draft && updated.Languages.Except(draft.Config.Texts.Keys).Any())
        {
            await drafts.SaveAsync(agency, key, DefaultBanner.WithLanguages(draft.Config, updated.Languages), draft.ETag, ct);
        }

        return new SiteChange(SiteChangeOutcome.Done, updated, etag);
    }

    /// <summary>
    /// Soft delete: the site disappears from every list and its banner stops being served at once; the retention job
    /// (<see cref="Retention.PurgeRetention"/>) removes its data after the grace period.
    /// </summary>
    public async Task<bool> DeleteAsync(AgencyId agency, SiteKey key, CancellationToken ct)
    {
        if (await store.GetAsync(agency, key, ct) is not { } found)
        {
            return false;
        }

        await store.UpdateAsync(found.Site with { Deleted = clock.GetUtcNow() }, found.ETag, ct);
        directory.Forget(key);
        await artefacts.DeleteConfigAsync(key, ct);
        cache.Forget(key);
        return true;
    }
}
