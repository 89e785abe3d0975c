using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// A site's consent reports, for everyone who sees the site (Client viewers too, as in the API): statistics for the
/// last 30, 90 or 365 days (chart and table), a download of the decisions of a range (GET form, no script needed;
/// audited before it is served, like the API's), and a proof lookup leading to <see cref="ReportProofModel"/>.
/// </summary>
[SitePage(AgencyRole.ClientViewer)]
public sealed class ReportsModel(ConsentStatistics statistics, ConsentExport export, DownloadAudit audit, TimeProvider clock) : PortalPageModel
{
    public static readonly IReadOnlyList<int> Periods = [30, 90, 365];

    public int Days { get; private set; } = 30;

    public StatisticsReport Report { get; private set; } = null!;

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Format { get; private set; } = "csv";

    public string? Method { get; private set; }

    public string? Category { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(int? days, CancellationToken ct)
    {
        Days = days is { } d && Periods.Contains(d) ? d : 30;
        var last = ReportRange.Last(30, clock.GetUtcNow());
        From = last.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = last.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await LoadAsync(ct);
    }

    [LockedWhenLapsed]
    public async Task<IActionResult> OnGetDownloadAsync(string? from, string? to, string? format, string? method, string? category, CancellationToken ct)
    {
        (From, To, Format, Method, Category) = (from ?? "", to ?? "", format ?? "", method, category);
        string? error = null;
        if (!ReportRange.TryParse(from, to, out var range, out var rangeError))
        {
            error = rangeError;
        }
        else if (!ExportFormats.TryParse(format, out var exportFormat))
        {
            error = "The format must be CSV or JSON Lines.";
        }
        else if (!ExportFilter.TryParse(method, category, null, out var filter, out var filterError))
        {
            error = filterError;
        }
        else
        {
            await audit.RecordAsync(Portal.Agency.Id, new DownloadAuditEntry(
                clock.GetUtcNow(), Portal.User.AuditName, Site.Key.Value, DownloadAuditEntry.ExportKind, range.From, range.To,
                exportFormat.Extension(), filter.Describe() is { Length: > 0 } f ? f : null, null), ct);
            return new ExportResult(export, Site, range, filter, exportFormat);
        }

        Error = error ?? "The download cannot be made.";
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Report = await statistics.GetAsync(Site.Key, ReportRange.Last(Days, clock.GetUtcNow()), ct);

    /// <summary>Streams the export as it is read, as an attachment.</summary>
    private sealed class ExportResult(ConsentExport export, Site site, ReportRange range, ExportFilter filter, ExportFormat format) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = format.ContentType();
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = ConsentExport.FileName(site.Key, range, format),
            }.ToString();
            await export.WriteAsync(site, range, filter, format, response.Body, context.HttpContext.RequestAborted);
        }
    }
}
