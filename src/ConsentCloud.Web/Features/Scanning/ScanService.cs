using Azure;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

public abstract record ScanRequestOutcome
{
    public sealed record Queued(SiteScan Scan) : ScanRequestOutcome;

    /// <summary>A scan of the site is queued or running already.</summary>
    public sealed record Busy(SiteScan Active) : ScanRequestOutcome;

    /// <summary>The agency started its hourly allowance of scans; another may start after <see cref="RetryAfter"/>.</summary>
    public sealed record Limited(TimeSpan RetryAfter) : ScanRequestOutcome;
}

public abstract record ScanApplyOutcome
{
    public sealed record Added(DraftServicesResult Result, ETag ETag) : ScanApplyOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ScanApplyOutcome;
    public sealed record Concurrent : ScanApplyOutcome;
}

/// <summary>
/// "Scan my site" and "Add to draft", for the API and the portal alike: a scan is queued unless one of the site's is
/// active (a queued or running scan older than <see cref="StaleAfter"/> no longer counts: its worker died) or the
/// agency used its hourly allowance; found catalogue services go into the draft through <see cref="DraftServices"/>
/// (the draft's ETag, never the published banner).
/// </summary>
public sealed class ScanService(ScanStore scans, ScanInbox queue, DraftServices draftServices, TimeProvider clock, IOptions<ScanOptions> options)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    public async Task<ScanRequestOutcome> RequestAsync(Site site, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var recent = await scans.ListAsync(site.Agency, site.Key, ct);
        var latest = recent.Count > 0 ? recent[0] : null;
        if (latest is { IsActive: true } && now - latest.RequestedAt < StaleAfter)
        {
            return new ScanRequestOutcome.Busy(latest);
        }

        var allowance = options.Value.PerAgencyPerHour;
        var (started, oldest) = await scans.StartedSinceAsync(site.Agency, now.AddHours(-1), allowance, ct);
        if (started >= allowance)
        {
            var retry = (oldest ?? now) + TimeSpan.FromHours(1) - now;
            return new ScanRequestOutcome.Limited(retry > TimeSpan.Zero ? retry : TimeSpan.FromMinutes(1));
        }

        var scan = new SiteScan(ScanStore.NewId(now), site.Key.Value, ScanStatus.Queued, now, null, null, 0, 0, null, null, null);
        await scans.CreateAsync(site.Agency, scan, ct);
        await scans.RecordStartAsync(site.Agency, scan.Id, now, ct);
        await queue.EnqueueAsync(new ScanMessage(site.Agency.Value, site.Key.Value, scan.Id), ct);
        return new ScanRequestOutcome.Queued(scan);
    }

    /// <summary>Adds the chosen services of a finished scan to the draft (over the draft version <paramref name="ifMatch"/> when given).</summary>
    public async Task<ScanApplyOutcome> ApplyAsync(Site site, SiteScan scan, IReadOnlyList<string> serviceIds, ETag? ifMatch, CancellationToken ct)
    {
        if (scan.Status != ScanStatus.Done || scan.Findings is not { } findings)
        {
            return new ScanApplyOutcome.Invalid(new Dictionary<string, string[]> { ["scan"] = ["The scan has not finished; add its services once it is done."] });
        }

        if (serviceIds.Count == 0)
        {
            return new ScanApplyOutcome.Invalid(new Dictionary<string, string[]> { ["services"] = ["Choose at least one service the scan found."] });
        }

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < serviceIds.Count; i++)
        {
            if (findings.Services.FirstOrDefault(s => s.Id == serviceIds[i]) is not { Custom: false })
            {
                errors[$"services[{i}]"] = [$"'{Shorten(serviceIds[i])}' is not a catalogue service this scan found."];
            }
        }

        if (errors.Count > 0)
        {
            return new ScanApplyOutcome.Invalid(errors);
        }

        return await draftServices.AddAsync(site, new AddServicesRequest { Catalogue = serviceIds.Distinct().ToList() }, ifMatch, ct) switch
        {
            AddServicesOutcome.Added added => new ScanApplyOutcome.Added(added.Result, added.ETag),
            AddServicesOutcome.Invalid invalid => new ScanApplyOutcome.Invalid(invalid.Errors),
            _ => new ScanApplyOutcome.Concurrent(),
        };
    }

    private static string Shorten(string? value) => value is { Length: > 40 } ? value[..40] + "…" : value ?? "";
}
