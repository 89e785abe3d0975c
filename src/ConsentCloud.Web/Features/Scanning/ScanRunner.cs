using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// Runs one queued scan, for the Functions host's ScanSite invocation and the local worker alike: the scan row goes
/// running (with progress after each page), then done with its findings or failed with a reason. A message whose
/// scan is gone, finished, or whose site was deleted is done with at once; a scan that was running when its process
/// died is run again when the queue hands its message out again.
/// </summary>
public sealed partial class ScanRunner(ScanStore scans, SiteStore sites, DraftStore drafts, SiteScanner scanner, TimeProvider clock, IOptions<ScanOptions> options, ILogger<ScanRunner> logger)
{
    /// <summary>Runs the scan and answers a line for the invocation log; a storage failure throws (the message is retried).</summary>
    public async Task<string> RunAsync(ScanMessage message, CancellationToken ct)
    {
        var agency = new AgencyId(message.Agency);
        var key = new SiteKey(message.Site);
        var scan = await scans.GetAsync(agency, key, message.Scan, ct);
        if (scan is null || !scan.IsActive)
        {
            return $"Scan {message.Scan}: nothing to do ({(scan is null ? "gone" : scan.Status.ToString())}).";
        }

        if (await sites.GetAsync(agency, key, ct) is not { } found)
        {
            await scans.SaveAsync(agency, scan with { Status = ScanStatus.Failed, FinishedAt = clock.GetUtcNow(), ErrorReason = SkipReason.NoDomain, Error = "The site was deleted." }, ct);
            return $"Scan {message.Scan}: the site is gone.";
        }

        var site = found.Site;
        scan = scan with { Status = ScanStatus.Running, StartedAt = clock.GetUtcNow(), PagesScanned = 0, Progress = 0 };
        await scans.SaveAsync(agency, scan, ct);
        var maxPages = options.Value.MaxPages;
        try
        {
            var draft = (await drafts.GetAsync(agency, key, ct))?.Config;
            var findings = await scanner.ScanAsync(site, draft, async pages =>
            {
                scan = scan with { PagesScanned = pages, Progress = Math.Min(99, pages * 100 / maxPages) };
                await scans.SaveAsync(agency, scan, ct);
            }, ct);
            scan = scan with { Status = ScanStatus.Done, FinishedAt = clock.GetUtcNow(), PagesScanned = findings.Pages.Count, Progress = 100, Findings = findings };
            if (findings.Verification is { } verified)
            {
                await scans.SaveDomainCheckAsync(agency, key, verified, ct);
            }
        }
        catch (ScanFailedException e)
        {
            scan = scan with { Status = ScanStatus.Failed, FinishedAt = clock.GetUtcNow(), ErrorReason = e.Reason, Error = e.Message };
            if (e.Check is { } failed)
            {
                await scans.SaveDomainCheckAsync(agency, key, failed, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not Azure.RequestFailedException)
        {
            ScanLog.ScanCrashed(logger, site.Key.Value, e);
            scan = scan with { Status = ScanStatus.Failed, FinishedAt = clock.GetUtcNow(), ErrorReason = SkipReason.Internal, Error = "The scan stopped on an error of ours; try again later." };
        }

        await scans.SaveAsync(agency, scan, ct);
        ScanLog.ScanFinished(logger, site.Key.Value, scan.Status.ToString(), scan.PagesScanned);
        return $"Scan {scan.Id} of site {site.Key}: {scan.Status}, {scan.PagesScanned} pages.";
    }
}

internal static partial class ScanLog
{
    [LoggerMessage(1, LogLevel.Information, "Scan of site {SiteKey}: {Status}, {Pages} pages")]
    public static partial void ScanFinished(ILogger logger, string siteKey, string status, int pages);

    [LoggerMessage(2, LogLevel.Error, "Scan of site {SiteKey} failed on an unexpected error")]
    public static partial void ScanCrashed(ILogger logger, string siteKey, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "The local scan worker could not reach the queue ({ExceptionType}); it tries again")]
    public static partial void QueueUnreachable(ILogger logger, string exceptionType);

    [LoggerMessage(4, LogLevel.Warning, "A scan message that is not ours was dropped")]
    public static partial void MessageDropped(ILogger logger);
}
