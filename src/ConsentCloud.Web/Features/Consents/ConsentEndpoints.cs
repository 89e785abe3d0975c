using System.Diagnostics;
using System.Text.Json;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// /v1/sites/{siteKey}/consents: the banner records decisions; a visitor reads and erases their own with the consent
/// id only their browser holds.
/// </summary>
public static class ConsentEndpoints
{
    /// <summary>A decision with every one of a revision's 100 services chosen on its own still fits.</summary>
    public const int MaxBody = 8192;

    public static void MapConsentEndpoints(this IEndpointRouteBuilder app)
    {
        var consents = app.MapGroup("/v1/sites/{siteKey}/consents").WithTags("Consents").ExcludeFromDescription();
        consents.MapPost("", RecordAsync).WithBodyLimit(MaxBody).RequireRateLimiting(ConsentSetup.IngestPolicy);
        consents.MapMethods("", [HttpMethods.Options], PreflightAsync);
        consents.MapGet("/{consentId}", HistoryAsync).RequireRateLimiting(ConsentSetup.IngestPolicy);
        consents.MapDelete("/{consentId}", EraseAsync).RequireRateLimiting(ConsentSetup.IngestPolicy);
        consents.MapMethods("/{consentId}", [HttpMethods.Options], PreflightAsync);
    }

    public static async Task<Results<Created<ConsentReceipt>, Ok<ConsentReceipt>, NotFound<ProblemDetails>, ProblemHttpResult, ValidationProblem>> RecordAsync(
        string siteKey, HttpContext http, SiteDirectory directory, RevisionFacts revisions, ConsentLog log, StatisticsCounter statistics, TimeProvider clock, ILogger<ConsentLog> logger)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = IngestTelemetry.Start(siteKey);
        try
        {
            var result = await RecordDecisionAsync(siteKey, http, directory, revisions, log, statistics, clock, logger, activity);
            IngestTelemetry.Finish(activity, started, result.Result);
            return result;
        }
        catch (Exception e)
        {
            IngestTelemetry.Finish(activity, started, e is BadHttpRequestException ? "invalid" : "error");
            throw;
        }
    }

    private static async Task<Results<Created<ConsentReceipt>, Ok<ConsentReceipt>, NotFound<ProblemDetails>, ProblemHttpResult, ValidationProblem>> RecordDecisionAsync(
        string siteKey, HttpContext http, SiteDirectory directory, RevisionFacts revisions, ConsentLog log, StatisticsCounter statistics, TimeProvider clock, ILogger<ConsentLog> logger,
        Activity? activity)
    {
        var ct = http.RequestAborted;
        // Refusals carry CORS too: the banner must see a 403/404 as final (and drop the report from its outbox),
        // not as a network error to retry. They disclose nothing but the refusal.
        SiteOrigins.AllowCors(http);
        if (await FindSiteAsync(siteKey, directory, ct) is not { } site)
        {
            return NotFound();
        }

        if (!SiteOrigins.IsAllowed(site, http.Request))
        {
            ConsentLogMessages.OriginRefused(logger, site.Key.Value);
            return TypedResults.Problem(statusCode: 403, detail: "Consents for this site are recorded only from its own domains.");
        }

        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/json" or "text/plain"))
        {
            return TypedResults.Problem(statusCode: 415, detail: "Send the decision as JSON (application/json, or text/plain from sendBeacon).");
        }

        ConsentRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ConsentRequest>(http.Request.Body, PublishedConfig.Json, ct);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("Malformed consent.", e);
        }

        if (request is null)
        {
            return TypedResults.Problem(statusCode: 400, detail: "The request body is empty.");
        }

        activity?.SetTag("consentcloud.revision", request.Revision);
        var now = clock.GetUtcNow();
        var revision = request.Revision > 0 ? await revisions.FindAsync(site, request.Revision, ct) : null;
        var errors = ConsentValidation.Check(request, site, revision, now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The decision cannot be recorded");
        }

        // The validity counts from the visitor's decision, not from when the report arrived (an outbox retry). A clock
        // ahead of ours is kept as the visitor's word but never extends the validity past receipt + validity: the
        // expiry job's day checkpoints rely on no record of a receive day expiring later than that.
        var decidedAt = request.DecidedAt?.ToUniversalTime() ?? now;
        var validFrom = decidedAt < now ? decidedAt : now;
        var choices = ConsentValidation.RecordedChoices(request, revision!);
        var services = ConsentValidation.RecordedServices(request, revision!, choices);
        var months = ConsentRecord.GrantsAnything(choices, revision!.Required) || services.Any(s => s.Value && !revision!.Required.Contains(revision!.Services[s.Key]))
            ? site.Consent.AcceptValidityMonths : site.Consent.DeclineValidityMonths;
        var record = new ConsentRecord(
            site.Key, request.ConsentId, request.EventId, request.Revision, revision!.ContentHash, choices, request.Method!.Value,
            request.Language!, ConsentValidation.MinimisePageUrl(request.PageUrl!), request.Gpc, now, validFrom.AddMonths(months),
            ClientAddress.Truncate(ClientAddress.Of(http)), ConsentValidation.MinimiseUserAgent(http.Request.Headers.UserAgent.ToString()))
        {
            DecidedAt = decidedAt,
            Services = services,
        };

        var (stored, created) = await log.AppendAsync(record, ct);
        if (created)
        {
            statistics.Count(stored); // in memory, never throws
            if (stored.Method == ConsentMethod.Withdraw)
            {
                await MarkWithdrawnAsync(log, stored, logger, ct);
            }
        }

        var receipt = new ConsentReceipt(stored.ConsentId, stored.EventId, stored.Revision, stored.ReceivedAt, stored.ExpiresAt);
        return created ? TypedResults.Created($"/v1/sites/{site.Key}/consents/{stored.ConsentId}", receipt) : TypedResults.Ok(receipt);
    }

    public static async Task<Results<Ok<ConsentHistory>, NotFound<ProblemDetails>, ProblemHttpResult>> HistoryAsync(
        string siteKey, string consentId, HttpContext http, SiteDirectory directory, ConsentLog log, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        if (await FindSiteAsync(siteKey, directory, ct) is not { } site || !Guid.TryParseExact(consentId, "D", out var id))
        {
            return NotFound();
        }

        if (RefusedOrigin(site, http) is { } refused)
        {
            return refused;
        }

        http.Response.Headers.CacheControl = "no-store";
        var records = await log.HistoryAsync(site.Key, id, ct);
        return TypedResults.Ok(ConsentHistory.From(id, records, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<ErasureReceipt>, NotFound<ProblemDetails>, ProblemHttpResult>> EraseAsync(
        string siteKey, string consentId, HttpContext http, SiteDirectory directory, ConsentLog log)
    {
        var ct = http.RequestAborted;
        if (await FindSiteAsync(siteKey, directory, ct) is not { } site || !Guid.TryParseExact(consentId, "D", out var id))
        {
            return NotFound();
        }

        if (RefusedOrigin(site, http) is { } refused)
        {
            return refused;
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ErasureReceipt(id, await log.EraseAsync(site.Key, id, ct)));
    }

    /// <summary>CORS preflight: answered for the site's own domains only.</summary>
    public static async Task<IResult> PreflightAsync(string siteKey, HttpContext http, SiteDirectory directory)
    {
        if (await FindSiteAsync(siteKey, directory, http.RequestAborted) is not { } site || !SiteOrigins.IsAllowed(site, http.Request))
        {
            return TypedResults.StatusCode(403);
        }

        SiteOrigins.AllowCors(http);
        var headers = http.Response.Headers;
        headers.AccessControlAllowMethods = "GET, POST, DELETE";
        headers.AccessControlAllowHeaders = "Content-Type";
        headers.AccessControlMaxAge = "600";
        return TypedResults.NoContent();
    }

    /// <summary>A browser on another site may not read or erase this site's consents; a request without Origin
    /// (the visitor's own tool, a link) is answered, since the consent id is the secret.</summary>
    private static ProblemHttpResult? RefusedOrigin(Site site, HttpContext http)
    {
        if (http.Request.Headers.Origin.Count == 0)
        {
            return null;
        }

        if (!SiteOrigins.IsAllowed(site, http.Request))
        {
            return TypedResults.Problem(statusCode: 403, detail: "Only the site's own pages may read or erase its consents.");
        }

        SiteOrigins.AllowCors(http);
        return null;
    }

    /// <summary>
    /// Best effort: the withdrawal itself is stored, and the visitor's history and the proof page tell the earlier
    /// decisions' state from it; only downloads read the mark. A failure is logged, never answered.
    /// </summary>
    private static async Task MarkWithdrawnAsync(ConsentLog log, ConsentRecord withdrawal, ILogger logger, CancellationToken ct)
    {
        try
        {
            await log.MarkWithdrawnAsync(withdrawal.Site, withdrawal.ConsentId, withdrawal.ReceivedAt, ct);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            ConsentLogMessages.WithdrawalNotMarked(logger, withdrawal.Site.Value, e.GetType().Name);
        }
    }

    private static async ValueTask<Site?> FindSiteAsync(string siteKey, SiteDirectory directory, CancellationToken ct) =>
        SiteKey.TryParse(siteKey, out var key) ? await directory.FindAsync(key, ct) : null;

    private static NotFound<ProblemDetails> NotFound() =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = "No such site or consent id." });
}

internal static partial class ConsentLogMessages
{
    [LoggerMessage(1, LogLevel.Information, "Consent refused for site {SiteKey}: origin not among its domains")]
    public static partial void OriginRefused(ILogger logger, string siteKey);

    [LoggerMessage(2, LogLevel.Warning, "Withdrawal stored for site {SiteKey}, but its earlier decisions were not marked ({ExceptionType})")]
    public static partial void WithdrawalNotMarked(ILogger logger, string siteKey, string exceptionType);
}
