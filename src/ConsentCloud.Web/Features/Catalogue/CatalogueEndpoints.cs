using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// /api/v1/catalogue: the built-in services, for any signed-in person or API key (not tenant data, but not public).
/// POST /api/v1/agencies/{agencyId}/sites/{siteKey}/banner/draft/services: adds catalogue and custom services to a
/// site's draft, with the draft's If-Match/ETag rules.
/// </summary>
public static class CatalogueEndpoints
{
    public static void MapCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/api/v1/catalogue").RequireAuthorization(AccessSetup.ApiPolicy).WithTags("Catalogue");
        catalogue.MapGet("", List);
        catalogue.MapGet("/{id}", Get);

        var draft = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/draft/services")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Banner");
        draft.MapPost("", AddToDraftAsync).WithBodyLimit(BodyLimit.Config);
    }

    public static Results<Ok<CatalogueSummary[]>, ValidationProblem> List(string? search, string? category, ServiceCatalogue catalogue)
    {
        if (search?.Length > ServiceCatalogue.MaxSearchLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["search"] = [$"A search is at most {ServiceCatalogue.MaxSearchLength} characters."] });
        }

        if (category is not null && !BannerRules.BuiltInCategories.Contains(category))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["category"] = [$"The category is one of {string.Join(", ", BannerRules.BuiltInCategories)}."] });
        }

        return TypedResults.Ok(catalogue.List(search, category).Select(CatalogueSummary.From).ToArray());
    }

    public static Results<Ok<CatalogueService>, NotFound> Get(string id, ServiceCatalogue catalogue) =>
        catalogue.Get(id) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    /// <summary>
    /// Adds the services and saves the draft (a new site's draft starts from the default banner). With If-Match,
    /// only over that version of the draft; without it, over the version read here, so a concurrent edit is never
    /// overwritten silently.
    /// </summary>
    public static async Task<Results<Ok<AddServicesResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddToDraftAsync(
        string siteKey, AddServicesRequest request, AgencyContext access, SiteStore sites, DraftServices draftServices,
        HttpContext http, CancellationToken ct)
    {
        if (!SiteKey.TryParse(siteKey, out var key) || await sites.GetAsync(access.Agency, key, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (!Conditional.TryGetIfMatch(http, out var ifMatch))
        {
            return Conditional.Conflict("The If-Match header does not name a version of this draft; reload it.");
        }

        switch (await draftServices.AddAsync(found.Site, request, ifMatch, ct))
        {
            case AddServicesOutcome.Added added:
                Conditional.SetETag(http, added.ETag);
                var result = added.Result;
                return TypedResults.Ok(new AddServicesResponse(result.Config, BannerRules.Check(result.Config, found.Site), result.Added, result.AlreadyPresent, result.Changes));
            case AddServicesOutcome.Invalid invalid when invalid.Errors.ContainsKey("services"):
                return TypedResults.ValidationProblem(invalid.Errors);
            case AddServicesOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The services cannot be added", detail: "Fix the problems listed and send the request again.");
            default:
                return Conditional.Conflict("The draft was changed by someone else; reload it and add the services again.");
        }
    }
}
