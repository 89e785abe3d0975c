using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>/api/v1/agencies/{agencyId}/sites/{siteKey}/banner: the draft, publishing, and revisions.</summary>
public static class BannerEndpoints
{
    public static void MapBannerEndpoints(this IEndpointRouteBuilder app)
    {
        var banner = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}/banner")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Banner");
        banner.MapGet("/draft", GetDraftAsync);
        banner.MapPut("/draft", SaveDraftAsync).WithBodyLimit(BodyLimit.Config);
        banner.MapPost("/publish", PublishAsync);
        banner.MapGet("/revisions", ListRevisionsAsync);
        banner.MapGet("/revisions/{number:int}", GetRevisionAsync);
    }

    public static async Task<Results<Ok<DraftResponse>, NotFound>> GetDraftAsync(
        string siteKey, AgencyContext access, SiteStore sites, DraftStore drafts, HttpContext http, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        var draft = await drafts.GetAsync(access.Agency, site.Key, ct);
        var config = draft?.Config ?? DefaultBanner.For(site.Languages);
        if (draft is { } found)
        {
            Conditional.SetETag(http, found.ETag);
        }

        return TypedResults.Ok(new DraftResponse(config, BannerRules.Check(config, site)));
    }

    /// <summary>Saves the draft whatever its problems (work in progress is kept); the answer lists what blocks publishing.</summary>
    public static async Task<Results<Ok<DraftResponse>, NotFound, ProblemHttpResult>> SaveDraftAsync(
        string siteKey, BannerConfig config, AgencyContext access, SiteStore sites, DraftStore drafts, HttpContext http, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        if (!Conditional.TryGetIfMatch(http, out var ifMatch))
        {
            return Conditional.Conflict("The If-Match header does not name a version of this draft; reload it.");
        }

        try
        {
            Conditional.SetETag(http, await drafts.SaveAsync(access.Agency, site.Key, config, ifMatch, ct));
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return Conditional.Conflict("The draft was changed by someone else; reload it and apply your change again.");
        }

        return TypedResults.Ok(new DraftResponse(config, BannerRules.Check(config, site)));
    }

    /// <summary>Publishes the draft (201 also when the privacy policy is held back: see the answer's policies).</summary>
    public static async Task<Results<Created<PublishResponse>, NotFound, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string siteKey, PublishRequest? request, AgencyContext access, SiteStore sites, PublishService publisher, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        return await publisher.PublishAsync(site, access.Caller.AuditName, request ?? new PublishRequest(), ct) switch
        {
            PublishOutcome.Published p => TypedResults.Created(
                $"/api/v1/agencies/{access.Agency}/sites/{site.Key}/banner/revisions/{p.Revision.Number}", PublishResponse.From(p.Revision, p.Policies)),
            PublishOutcome.NotEditorial n => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["editorial"] = [.. n.Changes.Select(c => c.Description)] },
                title: "These changes are not editorial",
                detail: "The revision adds or moves a service or a category, which visitors have not agreed to: publish without editorial (visitors are asked again)."),
            PublishOutcome.NotPublishable n => TypedResults.ValidationProblem(
                n.Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "The draft cannot be published yet", detail: "Fix the problems listed, then publish again."),
            _ => TypedResults.Problem(statusCode: 409, detail: "Someone else published this site at the same moment; check the latest revision and publish again if needed."),
        };
    }

    public static async Task<Results<Ok<RevisionResponse[]>, NotFound>> ListRevisionsAsync(
        string siteKey, int? before, int? max, AgencyContext access, SiteStore sites, RevisionStore revisions, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        var list = await revisions.ListAsync(access.Agency, site.Key, Math.Clamp(max ?? 50, 1, 200), before, ct);
        return TypedResults.Ok(list.Select(RevisionResponse.From).ToArray());
    }

    public static async Task<Results<Ok<RevisionDetailResponse>, NotFound>> GetRevisionAsync(
        string siteKey, int number, AgencyContext access, SiteStore sites, RevisionStore revisions, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site ||
            await revisions.GetAsync(access.Agency, site.Key, number, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new RevisionDetailResponse(RevisionResponse.From(found.Revision), found.Document));
    }

    private static async Task<Site?> FindSiteAsync(string siteKey, AgencyContext access, SiteStore sites, CancellationToken ct) =>
        SiteKey.TryParse(siteKey, out var key) && await sites.GetAsync(access.Agency, key, ct) is { } found ? found.Site : null;
}
