using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Jobs;

namespace ConsentCloud.Web.Features.Sites;

public abstract record SiteUpdateOutcome
{
    public sealed record Updated(Site Site, ETag ETag) : SiteUpdateOutcome;
    public sealed record Concurrent : SiteUpdateOutcome;
}

public abstract record SiteCreation
{
    public sealed record Created(Site Site) : SiteCreation;

    /// <summary>The plan has no room for another site (or the agency is locked).</summary>
    public sealed record Refused(SiteAllowance Allowance) : SiteCreation;

    /// <summary>Another site of the agency was being created for longer than <see cref="SiteService.BusyWait"/>.</summary>
    public sealed record Busy : SiteCreation;
}

/// <summary>
/// Creating and changing a site from a validated <see cref="SiteRequest"/>: shared by the management API and the
/// portal's onboarding wizard, so both store the same thing and keep the draft banner in step with the languages.
/// </summary>
public sealed class SiteService(SiteStore store, DraftStore drafts, SiteChanges changes, AgencyStanding standing, JobLock locks, TimeProvider clock)
{
    /// <summary>How long a creation waits for another one of the same agency to finish.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Creates the site when the agency's plan has room for one more. The check and the creation hold a short lock on
    /// the agency (a <see cref="JobLock"/> row named after it), so two requests racing for the last free slot cannot
    /// both take it: the second waits for the first and then sees the plan full.
    /// </summary>
    public async Task<SiteCreation> CreateWithinPlanAsync(AgencyId agency, SiteRequest request, CancellationToken ct)
    {
        var lockName = $"NewSite-{agency}";
        var owner = Guid.NewGuid().ToString("N");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        ETag? held;
        while ((held = await locks.TryAcquireAsync(lockName, owner, ct)) is null)
        {
            if (waited.Elapsed >= BusyWait)
            {
                return new SiteCreation.Busy();
            }

            // Real time, not the app's clock: this waits for another request, not for a date.
            await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(100)), ct);
        }

        try
        {
            var allowance = await standing.SiteAllowanceAsync(agency, ct) ?? throw new InvalidOperationException($"No agency {agency}.");
            if (!allowance.Allowed)
            {
                return new SiteCreation.Refused(allowance);
            }

            return new SiteCreation.Created(await CreateAsync(agency, request, ct));
        }
        finally
        {
            await locks.ReleaseAsync(lockName, held.Value, CancellationToken.None);
        }
    }

    /// <summary>Creates the site and its draft banner, pre-filled with the built-in categories and texts in its languages.</summary>
    public async Task<Site> CreateAsync(AgencyId agency, SiteRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var site = ToSite(request, SiteKey.New(), agency, now) with { Created = now };
        await store.CreateAsync(site, ct);
        await drafts.SaveAsync(agency, site.Key, DefaultBanner.For(site.Languages), null, ct);
        return site;
    }

    /// <summary>Replaces the settings over the version <paramref name="ifMatch"/> names (<see cref="SiteChanges"/>: the
    /// same rules as the API and the site page).</summary>
    public async Task<SiteUpdateOutcome> UpdateAsync(Site current, SiteRequest request, ETag ifMatch, CancellationToken ct)
    {
        var result = await changes.UpdateAsync(current.Agency, current.Key, ifMatch, site => ToSite(request, current.Key, current.Agency, site.Updated), ct);
        return result.Outcome == SiteChangeOutcome.Done ? new SiteUpdateOutcome.Updated(result.Site!, result.ETag) : new SiteUpdateOutcome.Concurrent();
    }

    /// <summary>The site a validated request describes; <see cref="SiteChanges"/> keeps the stored site's history fields on update.</summary>
    public static Site ToSite(SiteRequest request, SiteKey key, AgencyId agency, DateTimeOffset now)
    {
        var consent = request.Consent;
        var defaults = ConsentSettings.Default;
        return new Site(
            key, agency, request.DisplayName.Trim(),
            new Company(
                request.Company.LegalName.Trim(), request.Company.RegistrationNumber?.Trim(),
                new Address(request.Company.Address.Street, request.Company.Address.PostalCode, request.Company.Address.City, request.Company.Address.Country),
                request.Company.Email, request.Company.Phone,
                request.Company.DataProtectionContact is { } dpc ? new DataProtectionContact(dpc.Name, dpc.Email, dpc.Phone, Blank(dpc.Title)) : null,
                Blank(request.Company.Website), Blank(request.Company.OrganisationForm)),
            request.Country,
            request.Domains.Select(d => Domains.Normalise(d, out _)!).Distinct().ToList(),
            request.DefaultLanguage,
            request.AllLanguages(),
            new ConsentSettings(
                consent?.AcceptValidityMonths ?? defaults.AcceptValidityMonths,
                consent?.DeclineValidityMonths ?? defaults.DeclineValidityMonths,
                consent?.RetentionMonths ?? defaults.RetentionMonths,
                consent?.HonourGlobalPrivacyControl ?? defaults.HonourGlobalPrivacyControl),
            LatestRevision: 0, PublishedAt: null, Created: now, Updated: now, Deleted: null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
