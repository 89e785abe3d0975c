using System.Globalization;
using System.Text.Json;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// The site scanner's API under /api/v1/agencies/{agencyId}/sites/{siteKey}/scans: POST (queue a scan, 202), GET (the
/// last ones, newest first), GET /{scanId}, POST /{scanId}/apply (found services into the draft); …/verification: GET
/// (how to prove the site's domains, and each one's last check), POST (check them all now). And POST /ScanSite,
/// where the Functions host hands over a queued scan (custom handler invocation).
/// </summary>
public static class ScanEndpoints
{
    public const string FunctionName = "ScanSite";
    public const int MaxEnvelope = 64 * 1024;

    public static void MapScanEndpoints(this IEndpointRouteBuilder app)
    {
        var scans = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}/scans")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Scans");
        scans.MapPost("", RequestAsync);
        scans.MapGet("", ListAsync);
        scans.MapGet("/{scanId}", GetAsync);
        scans.MapPost("/{scanId}/apply", ApplyAsync).WithBodyLimit(BodyLimit.Default);

        var verification = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}/verification")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Scans");
        verification.MapGet("", VerificationAsync);
        verification.MapPost("", CheckDomainsAsync);

        // Only the Functions host reaches it: the app listens on loopback, and no HTTP function's route matches a bare name.
        app.MapPost("/" + FunctionName, InvokeAsync).WithBodyLimit(MaxEnvelope).ExcludeFromDescription();
    }

    public static async Task<Results<Accepted<SiteScan>, NotFound, ProblemHttpResult>> RequestAsync(
        string siteKey, AgencyContext access, SiteStore sites, ScanService scanner, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        switch (await scanner.RequestAsync(site, ct))
        {
            case ScanRequestOutcome.Queued queued:
                return TypedResults.Accepted($"/api/v1/agencies/{site.Agency}/sites/{site.Key}/scans/{queued.Scan.Id}", queued.Scan);
            case ScanRequestOutcome.Busy busy:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A scan is already running",
                    detail: $"Scan {busy.Active.Id} of this site is {busy.Active.Status.ToString().ToLowerInvariant()}; wait for it to finish.");
            case ScanRequestOutcome.Limited limited:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many scans",
                    detail: "The agency has started as many scans as it may in an hour; try again later.");
            default:
                throw new InvalidOperationException();
        }
    }

    public static async Task<Results<Ok<SiteScan[]>, NotFound>> ListAsync(
        string siteKey, AgencyContext access, SiteStore sites, ScanStore scans, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok((await scans.ListAsync(site.Agency, site.Key, ct)).ToArray());
    }

    /// <summary>One scan; its services' <c>declared</c> as the draft is now.</summary>
    public static async Task<Results<Ok<SiteScan>, NotFound>> GetAsync(
        string siteKey, string scanId, AgencyContext access, SiteStore sites, ScanStore scans, DraftStore drafts, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site || await scans.GetAsync(site.Agency, site.Key, scanId, ct) is not { } scan)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        var draft = await drafts.GetAsync(site.Agency, site.Key, ct);
        return TypedResults.Ok(scan.DeclaredIn(draft?.Config.Services.Select(s => s.Id) ?? []));
    }

    /// <summary>The chosen services into the draft, with If-Match as the other draft edits (without it, over the version read here).</summary>
    public static async Task<Results<Ok<AddServicesResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        string siteKey, string scanId, ApplyScanRequest request, AgencyContext access, SiteStore sites, ScanStore scans, ScanService scanner,
        HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site || await scans.GetAsync(site.Agency, site.Key, scanId, ct) is not { } scan)
        {
            return TypedResults.NotFound();
        }

        if (!Conditional.TryGetIfMatch(http, out var ifMatch))
        {
            return Conditional.Conflict("The If-Match header does not name a version of this draft; reload it.");
        }

        switch (await scanner.ApplyAsync(site, scan, request.Services, ifMatch, ct))
        {
            case ScanApplyOutcome.Added added:
                Conditional.SetETag(http, added.ETag);
                var result = added.Result;
                return TypedResults.Ok(new AddServicesResponse(result.Config, BannerRules.Check(result.Config, site), result.Added, result.AlreadyPresent, result.Changes));
            case ScanApplyOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The services cannot be added");
            default:
                return Conditional.Conflict("The draft was changed by someone else; reload it and add the services again.");
        }
    }

    /// <summary>How to verify the site's domains for the scanner, and each domain's last check.</summary>
    public static async Task<Results<Ok<DomainVerificationView>, NotFound>> VerificationAsync(
        string siteKey, AgencyContext access, SiteStore sites, DomainVerifier verifier, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await verifier.ViewAsync(site, ct));
    }

    /// <summary>Checks every exact domain of the site now (at most once a minute per site) and answers the outcome.</summary>
    public static async Task<Results<Ok<DomainVerificationView>, NotFound, ProblemHttpResult>> CheckDomainsAsync(
        string siteKey, AgencyContext access, SiteStore sites, DomainVerifier verifier, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        var (view, retryAfter) = await verifier.CheckAllAsync(site, ct);
        if (view is null)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Checked a moment ago",
                detail: $"The site's domains were checked less than {(int)DomainVerifier.CheckInterval.TotalSeconds} seconds ago; try again shortly.");
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(view);
    }

    /// <summary>
    /// The queue trigger's invocation: {"Data": {"scan": message}, "Metadata": {...}}; the message arrives as a JSON
    /// string (or, decoded by the host, as the object). Answers {Outputs, Logs, ReturnValue}; a message that is not
    /// ours is logged and completed; a storage failure answers 500, so the host retries the message.
    /// </summary>
    private static JsonHttpResult<InvocationResponse> Answer(string line, string outcome, int status = 200) =>
        TypedResults.Json(new InvocationResponse(new Dictionary<string, object?>(), [$"{FunctionName}: {line}"], new { outcome }), statusCode: status);

    public static async Task<IResult> InvokeAsync(HttpContext http, ScanRunner runner, ILogger<ScanRunner> logger)
    {
        using var envelope = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        if (envelope.RootElement.ValueKind != JsonValueKind.Object || !envelope.RootElement.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem(statusCode: 400, detail: "Expected the Functions host's invocation envelope: {\"Data\": {...}, \"Metadata\": {...}}.");
        }

        var binding = data.EnumerateObject().Select(p => p.Value).FirstOrDefault();
        var text = binding.ValueKind switch
        {
            JsonValueKind.String => binding.GetString(),
            JsonValueKind.Object => binding.GetRawText(),
            _ => null,
        };
        if (ScanMessage.Parse(text) is not { } message)
        {
            ScanLog.MessageDropped(logger);
            return Answer("a site-scans message that is not a scan was dropped.", "dropped");
        }

        try
        {
            return Answer(await runner.RunAsync(message, http.RequestAborted), "done");
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
        {
            return Answer($"scan {message.Scan}: storage failed ({e.GetType().Name}); the host retries the message.", "retry", 500);
        }
    }
}
