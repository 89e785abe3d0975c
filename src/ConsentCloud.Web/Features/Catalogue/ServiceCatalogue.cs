using System.Collections.Frozen;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>What adding services to a draft did: the new draft, and what to tell the person who asked.</summary>
public sealed record DraftServicesResult(
    BannerConfig Config,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> AlreadyPresent,
    IReadOnlyList<string> Changes);

/// <summary>
/// The built-in service catalogue (read and checked once, at start-up: a broken entry stops the app) and the way
/// from a pick to a banner: <see cref="ToServiceConfig(CatalogueService, Site)"/> for one service,
/// <see cref="AddToDraft"/> for a draft.
/// </summary>
public sealed class ServiceCatalogue
{
    public const int MaxSearchLength = 100;

    private static readonly Lazy<ServiceCatalogue> Shared = new(() => new ServiceCatalogue());

    private readonly FrozenDictionary<string, CatalogueService> byId;

    /// <summary>The built-in catalogue, read once (for code that runs outside DI, such as composing a published document).</summary>
    public static ServiceCatalogue Builtin => Shared.Value;

    public ServiceCatalogue() : this(CatalogueData.Load())
    {
    }

    internal ServiceCatalogue(IReadOnlyList<CatalogueService> services)
    {
        var problems = services.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: the id is used twice.")
            .Concat(services.SelectMany(s => ServiceValidation.Check(s, SiteLanguages.Supported, BannerRules.BuiltInCategories, requireCookiePurposes: true)
                .SelectMany(e => e.Value.Select(message => $"{s.Id}.{e.Key}: {message}"))))
            .ToList();
        problems.AddRange(services.SelectMany(s => (s.Embed?.Hosts ?? []).Where(h => !s.UrlPatterns.Any(p => UrlPatterns.Matches(p, new Uri("https://" + h))))
            .Select(h => $"{s.Id}.embed: the embed host '{h}' is not covered by the service's URL patterns.")));
        if (problems.Count > 0)
        {
            throw new InvalidDataException("The service catalogue is not valid:\n" + string.Join("\n", problems));
        }

        All = services;
        byId = services.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Every entry, in catalogue order.</summary>
    public IReadOnlyList<CatalogueService> All { get; }

    /// <summary>
    /// Entries whose id, name, provider or embed host contains <paramref name="search"/> (case-insensitive), in
    /// <paramref name="category"/> when given.
    /// </summary>
    public IReadOnlyList<CatalogueService> List(string? search = null, string? category = null)
    {
        var term = search?.Trim() ?? "";
        return All.Where(s => (category is null || s.Category == category) && (term.Length == 0 || Matches(s, term))).ToList();
    }

    public CatalogueService? Get(string id) => byId.GetValueOrDefault(id);

    /// <summary>The catalogue entry whose embed an iframe or script URL belongs to (e.g. a youtube-nocookie.com embed).</summary>
    public CatalogueService? FindByEmbedUrl(Uri url) =>
        url.IsAbsoluteUri ? All.FirstOrDefault(s => s.Embed?.Hosts.Any(h => EmbedMatches(h, url)) == true) : null;

    /// <summary>
    /// The catalogue services a script, iframe or pixel URL belongs to by their <see cref="CatalogueService.UrlPatterns"/>:
    /// those whose best pattern is the longest that matches (usually one; Google's GT- tags belong to two). Empty when
    /// none matches.
    /// </summary>
    public IReadOnlyList<CatalogueService> FindByUrl(Uri url) => FindByUrl(All, url);

    /// <inheritdoc cref="FindByUrl(Uri)"/>
    public static IReadOnlyList<CatalogueService> FindByUrl(IEnumerable<CatalogueService> services, Uri url)
    {
        var scored = services.Select(s => (Service: s, Length: UrlPatterns.BestMatch(s.UrlPatterns, url))).Where(x => x.Length > 0).ToList();
        var best = scored.Count == 0 ? 0 : scored.Max(x => x.Length);
        return scored.Where(x => x.Length == best).Select(x => x.Service).ToList();
    }

    /// <summary>
    /// Checks a custom service as <see cref="ServiceValidation.Check"/> does, and that its id is not a catalogue id
    /// (pick the catalogue entry instead, or choose another id).
    /// </summary>
    public Dictionary<string, string[]> CheckCustom(CatalogueService custom, IReadOnlyCollection<string> languages, IReadOnlyCollection<string> categories, string path = "")
    {
        var errors = ServiceValidation.Check(custom, languages, categories, requireCookiePurposes: false, path);
        if (byId.ContainsKey(custom.Id))
        {
            errors[path.Length == 0 ? "id" : $"{path}.id"] = [$"'{custom.Id}' is a catalogue service; add it from the catalogue or choose another id."];
        }

        return errors;
    }

    /// <summary>The banner service for a site: purposes in the site's languages (with where data goes), cookies as the policy lists them.</summary>
    public static ServiceConfig ToServiceConfig(CatalogueService service, Site site) =>
        ToServiceConfig(service, site.Languages, site.Company.LegalName);

    /// <param name="service">A catalogue entry or a validated custom service.</param>
    /// <param name="languages">The languages to carry (the site's).</param>
    /// <param name="siteOperator">The site's company: the provider of a self-hosted service.</param>
    public static ServiceConfig ToServiceConfig(CatalogueService service, IEnumerable<string> languages, string siteOperator) => new()
    {
        Id = service.Id,
        Name = service.Name,
        Provider = service.Provider?.LegalName ?? siteOperator,
        ProviderAddress = service.Provider is { } provider ? ServiceValidation.AddressOf(provider) : null,
        Category = service.Category,
        PrivacyPolicyUrl = service.Provider?.PrivacyPolicyUrl,
        Purpose = Purposes(service, languages),
        Cookies = service.Cookies.Select(c => new CookieConfig
        {
            Name = c.Name, Domain = c.Domain, Lifetime = c.Lifetime, Kind = c.Kind,
            Purpose = c.Purpose?.Where(p => languages.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value)).ToDictionary(p => p.Key, p => p.Value.Trim()) is { Count: > 0 } purpose ? purpose : null,
        }).ToList(),
        UrlPatterns = service.UrlPatterns.Count > 0 ? service.UrlPatterns : null,
        StrictlyNecessary = service.StrictlyNecessary,
        NecessaryReason = service.StrictlyNecessary ? service.NecessaryReason : null,
    };

    /// <summary>
    /// Adds services to a draft so that it stays publishable: a service already in the draft (same id) is left as
    /// the agency edited it, only gaining purposes (its own and its cookies') for site languages it lacks (from the catalogue); a built-in
    /// category the draft dropped comes back with its default texts; and every Consent Mode signal an added service
    /// reads is mapped so that it can only be granted when the service's category is. Applying the same services
    /// twice changes nothing.
    /// </summary>
    public DraftServicesResult AddToDraft(BannerConfig draft, Site site, IEnumerable<CatalogueService> services)
    {
        var result = new List<ServiceConfig>(draft.Services);
        var categories = draft.Categories.ToList();
        var texts = new Dictionary<string, BannerTexts>(draft.Texts);
        var mapping = draft.ConsentMode.Mapping.ToDictionary(m => m.Key, m => m.Value);
        var (added, present, changes) = (new List<string>(), new List<string>(), new List<string>());

        foreach (var service in services.DistinctBy(s => s.Id))
        {
            var index = result.FindIndex(s => s.Id == service.Id);
            if (index >= 0)
            {
                present.Add(service.Id);
                if (byId.TryGetValue(service.Id, out var entry) && CompletePurposes(result[index], entry, site.Languages) is { } completed)
                {
                    result[index] = completed;
                    changes.Add($"'{completed.Name}' got its purpose in the site's missing languages from the catalogue.");
                }

                continue;
            }

            if (categories.All(c => c.Id != service.Category) && BannerRules.BuiltInCategories.Contains(service.Category))
            {
                categories.Add(new CategoryConfig { Id = service.Category });
                foreach (var (language, languageTexts) in texts.Where(t => !t.Value.Categories.ContainsKey(service.Category)).ToList())
                {
                    if (DefaultBanner.Texts.TryGetValue(language, out var defaults) && defaults.Categories.TryGetValue(service.Category, out var categoryTexts))
                    {
                        texts[language] = languageTexts with { Categories = new Dictionary<string, CategoryTexts>(languageTexts.Categories) { [service.Category] = categoryTexts } };
                    }
                }

                changes.Add($"The category '{service.Category}' was added back for '{service.Name}'.");
            }

            foreach (var signal in service.ConsentSignals)
            {
                var mapped = mapping.GetValueOrDefault(signal) ?? [];
                if (!mapped.Contains(service.Category))
                {
                    mapping[signal] = [.. mapped, service.Category];
                    changes.Add(mapped.Count == 0
                        ? $"Consent Mode: {signal} is now granted with '{service.Category}' (for '{service.Name}')."
                        : $"Consent Mode: {signal} now also needs '{service.Category}' (for '{service.Name}').");
                }
            }

            result.Add(ToServiceConfig(service, site));
            added.Add(service.Id);
        }

        var config = draft with
        {
            Categories = categories,
            Services = result,
            Texts = texts,
            ConsentMode = draft.ConsentMode with { Mapping = mapping },
        };
        return new DraftServicesResult(config, added, present, changes);
    }

    /// <summary>
    /// The service with the catalogue's purposes for site languages it lacks (a language added to the site later): the
    /// service's own and, in those languages, each of its cookies' (matched by name and domain); null when none is missing.
    /// </summary>
    private static ServiceConfig? CompletePurposes(ServiceConfig existing, CatalogueService entry, IReadOnlyList<string> languages)
    {
        var missing = languages.Where(l => string.IsNullOrWhiteSpace(existing.Purpose.GetValueOrDefault(l))).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var purpose = new Dictionary<string, string>(existing.Purpose);
        foreach (var (language, text) in Purposes(entry, missing))
        {
            purpose[language] = text;
        }

        var cookies = existing.Cookies.Select(cookie =>
        {
            var source = entry.Cookies.FirstOrDefault(c => c.Name is not null && c.Name == cookie.Name && c.Domain == cookie.Domain)?.Purpose;
            var lacking = missing.Where(l => string.IsNullOrWhiteSpace(cookie.Purpose?.GetValueOrDefault(l)) && !string.IsNullOrWhiteSpace(source?.GetValueOrDefault(l))).ToList();
            if (lacking.Count == 0)
            {
                return cookie;
            }

            var texts = cookie.Purpose is null ? new Dictionary<string, string>() : new Dictionary<string, string>(cookie.Purpose);
            foreach (var language in lacking)
            {
                texts[language] = source![language];
            }

            return cookie with { Purpose = texts };
        }).ToList();

        return existing with { Purpose = purpose, Cookies = cookies };
    }

    private static Dictionary<string, string> Purposes(CatalogueService service, IEnumerable<string> languages) =>
        languages
            .Where(l => !string.IsNullOrWhiteSpace(service.Purpose.GetValueOrDefault(l)))
            .ToDictionary(l => l, l => TransferTexts.Describe(service.Transfers, l) is { } transfer ? $"{service.Purpose[l]} {transfer}" : service.Purpose[l]);

    private static bool Matches(CatalogueService s, string term) =>
        s.Id.Contains(term, StringComparison.OrdinalIgnoreCase) ||
        s.Name.Contains(term, StringComparison.OrdinalIgnoreCase) ||
        s.Provider?.LegalName.Contains(term, StringComparison.OrdinalIgnoreCase) == true ||
        s.Embed?.Hosts.Any(h => h.Contains(term, StringComparison.OrdinalIgnoreCase)) == true;

    private static bool EmbedMatches(string pattern, Uri url)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var (host, path) = slash < 0 ? (pattern, "/") : (pattern[..slash], pattern[slash..]);
        return string.Equals(url.Host, host, StringComparison.OrdinalIgnoreCase) && url.AbsolutePath.StartsWith(path, StringComparison.Ordinal);
    }
}
