using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>/api/v1/agencies/{agencyId}/sites: an agency's client sites.</summary>
public static class SiteEndpoints
{
    public static void MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        var sites = app.MapGroup("/api/v1/agencies/{agencyId}/sites")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Sites");
        sites.MapGet("", ListAsync);
        sites.MapPost("", CreateAsync).RequireRole(AgencyRole.Admin);
        sites.MapGet("/{siteKey}", GetAsync);
        sites.MapPut("/{siteKey}", UpdateAsync).RequireRole(AgencyRole.Admin);
        sites.MapDelete("/{siteKey}", DeleteAsync).RequireRole(AgencyRole.Admin).AllowWhenLapsed();
    }

    public static async Task<Ok<SiteResponse[]>> ListAsync(AgencyContext access, SiteStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(access.Agency, ct)).Where(s => access.CanSee(s.Key)).OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(SiteResponse.From).ToArray());

    /// <summary>
    /// Creates the site and its draft banner, pre-filled with the built-in categories and texts in its languages;
    /// 402 when the agency's plan has no room for another site (checked and taken as one step per agency, so
    /// concurrent requests cannot overfill the plan); 503 when another creation held the agency for too long.
    /// </summary>
    public static async Task<Results<Created<SiteResponse>, ProblemHttpResult>> CreateAsync(
        SiteRequest request, AgencyContext access, SiteService service, HttpContext http, CancellationToken ct)
    {
        switch (await service.CreateWithinPlanAsync(access.Agency, request, ct))
        {
            case SiteCreation.Created(var site):
                return TypedResults.Created($"/api/v1/agencies/{access.Agency}/sites/{site.Key}", SiteResponse.From(site));
            case SiteCreation.Refused(var full):
                return TypedResults.Problem(detail: BillingLock.ExplainSiteLimit(full), statusCode: StatusCodes.Status402PaymentRequired,
                    title: "The plan's site limit is reached", type: BillingLock.SiteLimitProblemType,
                    extensions: new Dictionary<string, object?> { ["plan"] = full.Standing.Plan.Name, ["siteLimit"] = full.Standing.Plan.Sites, ["sites"] = full.SitesUsed });
            default:
                http.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(detail: "Another site of this agency is being created right now. Nothing was created; send the request again.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy creating another site");
        }
    }

    public static async Task<Results<Ok<SiteResponse>, NotFound>> GetAsync(string siteKey, AgencyContext access, SiteStore store, HttpContext http, CancellationToken ct)
    {
        if (!SiteKey.TryParse(siteKey, out var key) || await store.GetAsync(access.Agency, key, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }

        Conditional.SetETag(http, found.ETag);
        return TypedResults.Ok(SiteResponse.From(found.Site));
    }

    /// <summary>Replaces the settings (If-Match guards against overwriting someone else's change) and adds default
    /// banner texts for any new language. The banner visitors see changes only when the site is published again.</summary>
    public static async Task<Results<Ok<SiteResponse>, NotFound, ProblemHttpResult>> UpdateAsync(
        string siteKey, SiteRequest request, AgencyContext access, SiteChanges changes, HttpContext http, CancellationToken ct)
    {
        if (!SiteKey.TryParse(siteKey, out var key))
        {
            return TypedResults.NotFound();
        }

        if (!Conditional.TryGetIfMatch(http, out var ifMatch))
        {
            return Conditional.Conflict("The If-Match header does not name a version of this site; reload it.");
        }

        var result = await changes.UpdateAsync(access.Agency, key, ifMatch, site => SiteService.ToSite(request, key, access.Agency, site.Updated), ct);
        switch (result.Outcome)
        {
            case SiteChangeOutcome.NotFound:
                return TypedResults.NotFound();
            case SiteChangeOutcome.Changed:
                return Conditional.Conflict("The site was changed by someone else; reload it and apply your change again.");
            default:
                Conditional.SetETag(http, result.ETag);
                return TypedResults.Ok(SiteResponse.From(result.Site!));
        }
    }

    /// <summary>Soft delete: the site disappears and its banner stops being served; its data is purged after 30 days.</summary>
    public static async Task<Results<NoContent, NotFound>> DeleteAsync(string siteKey, AgencyContext access, SiteChanges changes, CancellationToken ct) =>
        SiteKey.TryParse(siteKey, out var key) && await changes.DeleteAsync(access.Agency, key, ct)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
}
