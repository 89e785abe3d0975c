using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Census;

/// <summary>
/// The live census. Public: GET /v1/sites/{siteKey}/census/{version}.js (census.js, which banner.js loads on sampled
/// page views) and POST /v1/sites/{siteKey}/census (its one beacon per page view: origin-checked like consent ingest,
/// rate-limited, at most 8 KB, counted in memory, 204). Management: GET /api/v1/agencies/{agencyId}/sites/{siteKey}/census
/// (findings and totals of a window of days) and POST …/census/accept (a finding into the draft).
/// </summary>
public static partial class CensusEndpoints
{
    public const int MaxBody = 8192;

    public static void MapCensusEndpoints(this IEndpointRouteBuilder app)
    {
        var visitor = app.MapGroup("/v1/sites/{siteKey}/census").WithTags("Census").ExcludeFromDescription();
        visitor.MapPost("", RecordAsync).WithBodyLimit(MaxBody).RequireRateLimiting(CensusSetup.IngestPolicy);
        visitor.MapMethods("", [HttpMethods.Options], PreflightAsync);
        visitor.MapMethods("/{version}.js", [HttpMethods.Get, HttpMethods.Head], ServeScriptAsync).ShortCircuit().DisableValidation();

        var site = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}/census")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Census");
        site.MapGet("", GetAsync);
        site.MapPost("/accept", AcceptAsync).WithBodyLimit(BodyLimit.Default);
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>, ProblemHttpResult, ValidationProblem>> RecordAsync(
        string siteKey, HttpContext http, SiteDirectory directory, CensusCounter counter, ILogger<CensusCounter> logger)
    {
        var ct = http.RequestAborted;
        SiteOrigins.AllowCors(http); // refusals too: census.js sees them as final
        if (!SiteKey.TryParse(siteKey, out var key) || await directory.FindAsync(key, ct) is not { } site)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = "No such site." });
        }

        if (!SiteOrigins.IsAllowed(site, http.Request))
        {
            CensusLog.OriginRefused(logger, site.Key.Value);
            return TypedResults.Problem(statusCode: 403, detail: "The census of this site is taken only from its own domains.");
        }

        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/json" or "text/plain"))
        {
            return TypedResults.Problem(statusCode: 415, detail: "Send the census as JSON (application/json, or text/plain).");
        }

        CensusBeacon? beacon;
        try
        {
            beacon = await JsonSerializer.DeserializeAsync<CensusBeacon>(http.Request.Body, PublishedConfig.Json, ct);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("Malformed census.", e);
        }

        if (beacon is null)
        {
            return TypedResults.Problem(statusCode: 400, detail: "The request body is empty.");
        }

        var errors = beacon.Check();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The census cannot be counted");
        }

        // The site's own hosts and this app's are no third parties.
        var ours = http.Request.Host.Host;
        counter.Count(site.Key, beacon with
        {
            Hosts = beacon.Hosts.Where(h => !Domains.Matches(site.Domains, h!.ToLowerInvariant()) && !string.Equals(h, ours, StringComparison.OrdinalIgnoreCase)).ToList(),
        });
        return TypedResults.NoContent();
    }

    /// <summary>CORS preflight (a beacon sent as application/json): answered for the site's own domains only.</summary>
    public static async Task<IResult> PreflightAsync(string siteKey, HttpContext http, SiteDirectory directory)
    {
        if (!SiteKey.TryParse(siteKey, out var key) || await directory.FindAsync(key, http.RequestAborted) is not { } site || !SiteOrigins.IsAllowed(site, http.Request))
        {
            return TypedResults.StatusCode(403);
        }

        SiteOrigins.AllowCors(http);
        http.Response.Headers.AccessControlAllowMethods = "POST";
        http.Response.Headers.AccessControlAllowHeaders = "Content-Type";
        http.Response.Headers.AccessControlMaxAge = "600";
        return TypedResults.NoContent();
    }

    /// <summary>census.js: the same code for every site (its URL carries the site key the beacon goes to).</summary>
    public static async Task ServeScriptAsync(string siteKey, string version, HttpContext context)
    {
        if (!SiteKey.TryParse(siteKey, out _) || !Version().IsMatch(version))
        {
            context.Response.Headers.CacheControl = "public, max-age=10";
            context.Response.Headers.AccessControlAllowOrigin = "*";
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such census script.").ExecuteAsync(context);
            return;
        }

        var caching = version == CensusScript.Version ? CensusScript.ImmutableCaching : CensusScript.ShortCaching;
        await PublicFileResult.WriteAsync(context, CensusScript.File, "Accept-Encoding", caching);
    }

    /// <summary>GET …/census?days=30: the three lists and the totals of the last <c>days</c> days (1–90).</summary>
    public static async Task<Results<Ok<CensusReport>, NotFound, ValidationProblem>> GetAsync(
        string siteKey, int? days, AgencyContext access, SiteStore sites, CensusFindings findings, HttpContext http, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        var window = days ?? 30;
        if (!CensusFindings.IsWindow(window))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"days is from 1 to {CensusFindings.MaxDays}."] });
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await findings.GetAsync(site, window, ct));
    }

    /// <summary>POST …/census/accept: a finding into the draft (never the published banner; publish to make it live).</summary>
    public static async Task<Results<Ok<CensusAcceptResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        string siteKey, CensusAcceptRequest request, AgencyContext access, SiteStore sites, CensusDraft draft, CancellationToken ct)
    {
        if (await SiteScope.FindAsync(access, siteKey, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        return await draft.AcceptAsync(site, request, ct) switch
        {
            CensusDraftOutcome.Saved saved => TypedResults.Ok(new CensusAcceptResponse(saved.Config, BannerRules.Check(saved.Config, site), saved.Changes)),
            CensusDraftOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The finding cannot be added to the draft"),
            _ => Conditional.Conflict("The draft was changed by someone else; reload the census and add the finding again."),
        };
    }

    [GeneratedRegex("^[0-9a-f]{6,64}$")]
    private static partial Regex Version();
}

internal static partial class CensusLog
{
    [LoggerMessage(1, LogLevel.Information, "Census refused for site {SiteKey}: origin not among its domains")]
    public static partial void OriginRefused(ILogger logger, string siteKey);
}
