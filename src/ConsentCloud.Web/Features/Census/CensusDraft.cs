using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Azure;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Census;

/// <summary>
/// "Add to draft" for a census finding (POST …/census/accept): either <see cref="Catalogue"/> (the catalogue service a
/// finding maps to), or one cookie or storage key (<see cref="Kind"/>, <see cref="Name"/>, <see cref="Lifetime"/>) for a
/// service of the draft (<see cref="Service"/>) or a new custom one (<see cref="NewService"/>).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CensusAcceptRequest
{
    public string? Catalogue { get; init; }
    public CensusKind? Kind { get; init; }
    public string? Name { get; init; }
    public string? Lifetime { get; init; }
    public string? Service { get; init; }
    public CensusNewService? NewService { get; init; }
}

/// <summary>A custom service the agency creates for an unknown cookie; its purposes can be completed in the draft.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CensusNewService
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Provider { get; init; }
    public string? Category { get; init; }
    public IReadOnlyDictionary<string, string>? Purpose { get; init; }
}

/// <summary>The saved draft, what stands between it and publishing, and what the request changed.</summary>
public sealed record CensusAcceptResponse(BannerConfig Config, IReadOnlyList<BannerProblem> Problems, IReadOnlyList<string> Changes);

public abstract record CensusDraftOutcome
{
    public sealed record Saved(BannerConfig Config, ETag ETag, IReadOnlyList<string> Changes) : CensusDraftOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : CensusDraftOutcome;
    public sealed record Concurrent : CensusDraftOutcome;
}

/// <summary>
/// Census findings into the draft, and the sampling rate: only the draft changes (under its ETag, so a concurrent edit
/// is never overwritten); the published banner, cookie policy and declaration change when the agency publishes.
/// </summary>
public sealed class CensusDraft(DraftStore drafts, DraftServices services, ServiceCatalogue catalogue)
{
    public async Task<CensusDraftOutcome> AcceptAsync(Site site, CensusAcceptRequest request, CancellationToken ct)
    {
        if (request.Catalogue is { } id)
        {
            if (request.Kind is not null || request.Name is not null || request.Service is not null || request.NewService is not null)
            {
                return Invalid("catalogue", "Send either a catalogue service, or a name with its service, not both.");
            }

            return await services.AddAsync(site, new AddServicesRequest { Catalogue = [id] }, null, ct) switch
            {
                AddServicesOutcome.Added added => new CensusDraftOutcome.Saved(added.Result.Config, added.ETag,
                    [.. added.Result.Added.Select(a => $"'{a}' was added to the draft."), .. added.Result.AlreadyPresent.Select(a => $"'{a}' is already in the draft."), .. added.Result.Changes]),
                AddServicesOutcome.Invalid invalid => new CensusDraftOutcome.Invalid(invalid.Errors.ToDictionary(e => e.Key.Replace("catalogue[0]", "catalogue", StringComparison.Ordinal), e => e.Value)),
                _ => new CensusDraftOutcome.Concurrent(),
            };
        }

        var stored = await drafts.GetAsync(site.Agency, site.Key, ct);
        var draft = stored?.Config ?? DefaultBanner.For(site.Languages);
        var errors = Check(request, draft);
        if (errors.Count > 0)
        {
            return new CensusDraftOutcome.Invalid(errors);
        }

        var list = draft.Services.ToList();
        var changes = new List<string>();
        if (request.NewService is { } created)
        {
            list.Add(new ServiceConfig
            {
                Id = created.Id!,
                Name = created.Name!.Trim(),
                Provider = created.Provider!.Trim(),
                Category = created.Category!,
                Purpose = (created.Purpose ?? new Dictionary<string, string>()).Where(p => site.Languages.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
                    .ToDictionary(p => p.Key, p => p.Value.Trim()),
                Cookies = [],
            });
            changes.Add($"The service '{created.Name!.Trim()}' was added to the draft; complete its purpose in every language before publishing.");
        }

        var index = list.FindIndex(s => s.Id == (request.NewService?.Id ?? request.Service));
        var cookie = new CookieConfig { Name = request.Name, Lifetime = request.Lifetime!, Kind = CookieKindOf(request.Kind!.Value) };
        list[index] = list[index] with { Cookies = [.. list[index].Cookies, cookie] };
        changes.Add($"'{request.Name}' was added to '{list[index].Name}'.");
        return await SaveAsync(site, draft with { Services = list }, stored?.ETag, changes, ct);
    }

    /// <summary>The census sampling rate, in percent (0–100), in the draft; live once published.</summary>
    public async Task<CensusDraftOutcome> SetSamplingAsync(Site site, double percent, CancellationToken ct)
    {
        if (double.IsNaN(percent) || percent is < 0 or > 100)
        {
            return Invalid("censusPercent", "The census sampling rate is a percentage from 0 to 100.");
        }

        var stored = await drafts.GetAsync(site.Agency, site.Key, ct);
        var draft = stored?.Config ?? DefaultBanner.For(site.Languages);
        return await SaveAsync(site, draft with { CensusPercent = percent }, stored?.ETag,
            [$"The census samples {percent.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} % of page views once you publish."], ct);
    }

    private async Task<CensusDraftOutcome> SaveAsync(Site site, BannerConfig config, ETag? ifMatch, IReadOnlyList<string> changes, CancellationToken ct)
    {
        try
        {
            return new CensusDraftOutcome.Saved(config, await drafts.SaveAsync(site.Agency, site.Key, config, ifMatch, ct), changes);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404 or 409)
        {
            return new CensusDraftOutcome.Concurrent();
        }
    }

    private Dictionary<string, string[]> Check(CensusAcceptRequest request, BannerConfig draft)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string path, string message) => errors.TryAdd(path, [message]);

        if (request.Kind is not { } kind)
        {
            Add("kind", "Send a catalogue service, or the kind (httpCookie, localStorage or sessionStorage) and name of what to add.");
        }
        else if (kind == CensusKind.Host)
        {
            Add("kind", "A host is added through its catalogue service; for an unknown host, add the service's cookies instead.");
        }

        if (request.Name is not { Length: > 0 and <= 100 } name || !Regex.IsMatch(name, CookieConfig.NamePattern))
        {
            Add("name", CookieConfig.NameMessage);
        }

        if (request.Lifetime is null || !Regex.IsMatch(request.Lifetime, CookieConfig.LifetimePattern))
        {
            Add("lifetime", CookieConfig.LifetimeMessage);
        }

        var categories = draft.Categories.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        ServiceConfig? target = null;
        if (request.NewService is { } created)
        {
            if (request.Service is not null)
            {
                Add("service", "Send either a service of the draft or a new service, not both.");
            }

            if (created.Id is null || !Regex.IsMatch(created.Id, CategoryConfig.IdPattern))
            {
                Add("newService.id", "A service id is 2–32 lower-case letters, digits, '-' or '_', starting with a letter.");
            }
            else if (draft.Services.Any(s => s.Id == created.Id))
            {
                Add("newService.id", $"The draft already has a service '{created.Id}'; add the name to it instead.");
            }
            else if (catalogue.Get(created.Id) is not null)
            {
                Add("newService.id", $"'{created.Id}' is a catalogue service; add it from the catalogue or choose another id.");
            }

            if (created.Name?.Trim() is not { Length: > 0 and <= 100 })
            {
                Add("newService.name", "A service name is 1 to 100 characters.");
            }

            if (created.Provider?.Trim() is not { Length: > 0 and <= 200 })
            {
                Add("newService.provider", "The provider's legal name is 1 to 200 characters.");
            }

            if (created.Category is null || !categories.Contains(created.Category))
            {
                Add("newService.category", $"The category is one of the draft's: {string.Join(", ", categories)}.");
            }

            if (created.Purpose is { } purpose && (purpose.Count > 6 || purpose.Any(p => p.Value?.Length > 1000)))
            {
                Add("newService.purpose", "A purpose per site language, at most 1,000 characters each.");
            }

            if (draft.Services.Count >= DraftServices.MaxServices)
            {
                Add("newService", $"A banner has at most {DraftServices.MaxServices} services.");
            }
        }
        else if (request.Service is null || (target = draft.Services.FirstOrDefault(s => s.Id == request.Service)) is null)
        {
            Add("service", "Choose a service of the draft, or describe a new one (newService).");
        }
        else if (target.Cookies.Count >= 50)
        {
            Add("service", "A service has at most 50 cookies.");
        }
        else if (request.Kind is { } k && target.Cookies.Any(c => c.Name == request.Name && CookieKindOf(k) == c.Kind))
        {
            Add("name", $"'{target.Name}' already declares '{request.Name}'.");
        }

        return errors;
    }

    private static CookieKind CookieKindOf(CensusKind kind) => kind switch
    {
        CensusKind.LocalStorage => CookieKind.LocalStorage,
        CensusKind.SessionStorage => CookieKind.SessionStorage,
        _ => CookieKind.HttpCookie,
    };

    private static CensusDraftOutcome.Invalid Invalid(string path, string message) => new(new Dictionary<string, string[]> { [path] = [message] });
}
