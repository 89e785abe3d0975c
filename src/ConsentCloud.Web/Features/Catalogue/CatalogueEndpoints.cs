using Azure;
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
        string siteKey, AddServicesRequest request, AgencyContext access, SiteStore sites, DraftStore drafts, ServiceCatalogue catalogue,
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

        var site = found.Site;
        var stored = await drafts.GetAsync(access.Agency, site.Key, ct);
        if (ifMatch is { } wanted && stored?.ETag != wanted)
        {
            return Conditional.Conflict("The draft was changed by someone else; reload it and add the services again.");
        }

        var draft = stored?.Config ?? DefaultBanner.For(site.Languages);
        var (services, errors) = Resolve(request, catalogue, site, draft);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The services cannot be added", detail: "Fix the problems listed and send the request again.");
        }

        var result = catalogue.AddToDraft(draft, site, services);
        if (result.Config.Services.Count > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["services"] = ["A banner has at most 100 services."] });
        }

        try
        {
            Conditional.SetETag(http, await drafts.SaveAsync(access.Agency, site.Key, result.Config, stored?.ETag, ct));
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return Conditional.Conflict("The draft was changed by someone else; reload it and add the services again.");
        }

        return TypedResults.Ok(new AddServicesResponse(result.Config, BannerRules.Check(result.Config, site), result.Added, result.AlreadyPresent, result.Changes));
    }

    private static (List<CatalogueService> Services, Dictionary<string, string[]> Errors) Resolve(
        AddServicesRequest request, ServiceCatalogue catalogue, Site site, BannerConfig draft)
    {
        var services = new List<CatalogueService>();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < request.Catalogue.Count; i++)
        {
            if (catalogue.Get(request.Catalogue[i]) is { } entry)
            {
                services.Add(entry);
            }
            else
            {
                errors[$"catalogue[{i}]"] = [$"'{Shorten(request.Catalogue[i])}' is not in the catalogue."];
            }
        }

        var categories = draft.Categories.Select(c => c.Id).Union(BannerRules.BuiltInCategories).ToList();
        for (var i = 0; i < request.Custom.Count; i++)
        {
            foreach (var (path, messages) in catalogue.CheckCustom(request.Custom[i], site.Languages, categories, $"custom[{i}]"))
            {
                errors[path] = messages;
            }

            services.Add(request.Custom[i]);
        }

        foreach (var twice in request.Custom.GroupBy(c => c.Id).Where(g => g.Count() > 1))
        {
            errors["custom"] = [$"The id '{Shorten(twice.Key)}' is used by two custom services."];
        }

        return (services, errors);
    }

    private static string Shorten(string? value) => value is { Length: > 40 } ? value[..40] + "…" : value ?? "";
}
