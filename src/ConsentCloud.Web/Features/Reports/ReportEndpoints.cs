using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// Reports of a site's consents, under its agency like every management route: downloads (CSV, JSON Lines), the proof
/// page of one consent id, statistics (JSON, SVG chart), and the agency's log of downloads for its Owners.
/// </summary>
public static class ReportEndpoints
{
    public const int MaxAuditList = DownloadAudit.MaxList;

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var site = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Reports");
        site.MapGet("/consents/export", ExportAsync).LockWhenLapsed();
        site.MapGet("/consents/{consentId}/proof", ProofAsync);
        site.MapGet("/stats", StatisticsAsync);
        site.MapGet("/stats/chart.svg", ChartAsync);

        var agency = app.MapGroup("/api/v1/agencies/{agencyId}/audit")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Reports");
        agency.MapGet("/downloads", ListDownloadsAsync).RequireRole(AgencyRole.Owner);
    }

    /// <summary>
    /// GET …/consents/export?from=2026-01-01&amp;to=2026-01-31&amp;format=csv|jsonl[&amp;method=acceptAll][&amp;category=statistics[&amp;granted=false]]:
    /// the range's decisions, streamed as they are read. The download is audited before it starts.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, NotFound, ValidationProblem>> ExportAsync(
        string siteKey, string? from, string? to, string? format, string? method, string? category, string? granted,
        AgencyContext access, SiteStore sites, ConsentExport export, DownloadAudit audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (!ReportRange.TryParse(from, to, out var range, out var rangeError))
        {
            return Invalid("from", rangeError!);
        }

        if (!ExportFormats.TryParse(format, out var exportFormat))
        {
            return Invalid("format", "format must be csv or jsonl.");
        }

        if (!ExportFilter.TryParse(method, category, granted, out var filter, out var filterError))
        {
            return Invalid("filter", filterError!);
        }

        await audit.RecordAsync(access.Agency, new DownloadAuditEntry(
            clock.GetUtcNow(), access.Caller.AuditName, found.Key.Value, DownloadAuditEntry.ExportKind, range.From, range.To,
            exportFormat.Extension(), filter.Describe() is { Length: > 0 } f ? f : null, null), ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(
            body => export.WriteAsync(found, range, filter, exportFormat, body, http.RequestAborted),
            exportFormat.ContentType(), ConsentExport.FileName(found.Key, range, exportFormat));
    }

    /// <summary>GET …/consents/{consentId}/proof: the printable proof page (HTML). Audited like a download.</summary>
    public static async Task<Results<ContentHttpResult, NotFound>> ProofAsync(
        string siteKey, string consentId, AgencyContext access, SiteStore sites, ConsentProof proofs, DownloadAudit audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } found || !Guid.TryParseExact(consentId, "D", out var id) ||
            await proofs.GetAsync(found, id, ct) is not { } proof)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(access.Agency, new DownloadAuditEntry(
            clock.GetUtcNow(), access.Caller.AuditName, found.Key.Value, DownloadAuditEntry.ProofKind, null, null, "html", null, id), ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = ProofPage.ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(ProofPage.Render(proof), "text/html; charset=utf-8");
    }

    /// <summary>GET …/stats?days=30 (1–400, default 30, ending today) or ?from=&amp;to=: daily rows and totals.</summary>
    public static async Task<Results<Ok<StatisticsReport>, NotFound, ValidationProblem>> StatisticsAsync(
        string siteKey, int? days, string? from, string? to, AgencyContext access, SiteStore sites, ConsentStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (!TryRange(days, from, to, clock, out var range, out var error))
        {
            return Invalid("days", error!);
        }

        return TypedResults.Ok(await statistics.GetAsync(found.Key, range, ct));
    }

    /// <summary>GET …/stats/chart.svg?days=30: the same numbers as an SVG chart (image/svg+xml).</summary>
    public static async Task<Results<ContentHttpResult, NotFound, ValidationProblem>> ChartAsync(
        string siteKey, int? days, string? from, string? to, AgencyContext access, SiteStore sites, ConsentStatistics statistics, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (!TryRange(days, from, to, clock, out var range, out var error))
        {
            return Invalid("days", error!);
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return TypedResults.Content(StatisticsChart.Svg(await statistics.GetAsync(found.Key, range, ct)), "image/svg+xml; charset=utf-8");
    }

    /// <summary>GET /api/v1/agencies/{agencyId}/audit/downloads?max=100: the agency's downloads, newest first (Owners).</summary>
    public static async Task<Results<Ok<DownloadAuditEntry[]>, ValidationProblem>> ListDownloadsAsync(int? max, AgencyContext access, DownloadAudit audit, CancellationToken ct)
    {
        if (max is < 1 or > MaxAuditList)
        {
            return Invalid("max", $"max is 1–{MaxAuditList}.");
        }

        return TypedResults.Ok((await audit.ListAsync(access.Agency, max ?? 100, ct)).ToArray());
    }

    private static bool TryRange(int? days, string? from, string? to, TimeProvider clock, out ReportRange range, out string? error)
    {
        if (from is not null || to is not null)
        {
            if (days is not null)
            {
                range = default;
                error = "Give either days or from and to.";
                return false;
            }

            return ReportRange.TryParse(from, to, out range, out error);
        }

        if (days is < 1 or > ReportRange.MaxDays)
        {
            range = default;
            error = $"days is 1–{ReportRange.MaxDays} (e.g. 30, 90 or 365).";
            return false;
        }

        range = ReportRange.Last(days ?? 30, clock.GetUtcNow());
        error = null;
        return true;
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The report cannot be made");
}
