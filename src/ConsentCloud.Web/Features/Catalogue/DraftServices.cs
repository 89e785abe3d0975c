using Azure;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Catalogue;

public abstract record AddServicesOutcome
{
    public sealed record Added(DraftServicesResult Result, ETag ETag) : AddServicesOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : AddServicesOutcome;
    public sealed record Concurrent : AddServicesOutcome;
}

/// <summary>
/// Adding catalogue and custom services to a site's draft, for the API (POST …/banner/draft/services) and the
/// portal's wizard alike: the same checks (<see cref="ServiceCatalogue.CheckCustom"/>), the same merge
/// (<see cref="ServiceCatalogue.AddToDraft"/>), and the draft's ETag so a concurrent edit is never overwritten.
/// </summary>
public sealed class DraftServices(DraftStore drafts, ServiceCatalogue catalogue)
{
    public const int MaxServices = 100;

    /// <param name="ifMatch">The draft version the caller saw; null: the version read here.</param>
    /// <param name="remove">Ids of services to take out of the draft first (the wizard's unticked boxes).</param>
    public async Task<AddServicesOutcome> AddAsync(Site site, AddServicesRequest request, ETag? ifMatch, CancellationToken ct, IReadOnlyCollection<string>? remove = null)
    {
        var stored = await drafts.GetAsync(site.Agency, site.Key, ct);
        if (ifMatch is { } wanted && stored?.ETag != wanted)
        {
            return new AddServicesOutcome.Concurrent();
        }

        var draft = stored?.Config ?? DefaultBanner.For(site.Languages);
        if (remove is { Count: > 0 })
        {
            draft = draft with { Services = draft.Services.Where(s => !remove.Contains(s.Id)).ToList() };
        }

        var (services, errors) = Resolve(request, site, draft);
        if (errors.Count > 0)
        {
            return new AddServicesOutcome.Invalid(errors);
        }

        var result = catalogue.AddToDraft(draft, site, services);
        if (result.Config.Services.Count > MaxServices)
        {
            return new AddServicesOutcome.Invalid(new Dictionary<string, string[]> { ["services"] = [$"A banner has at most {MaxServices} services."] });
        }

        try
        {
            return new AddServicesOutcome.Added(result, await drafts.SaveAsync(site.Agency, site.Key, result.Config, stored?.ETag, ct));
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return new AddServicesOutcome.Concurrent();
        }
    }

    private (List<CatalogueService> Services, Dictionary<string, string[]> Errors) Resolve(AddServicesRequest request, Site site, BannerConfig draft)
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
