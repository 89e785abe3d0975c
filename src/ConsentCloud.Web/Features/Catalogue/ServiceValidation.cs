using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// Whether a service description is complete and sound: the data annotations of every part, plus what they cannot
/// say (purposes in every required language, a category the banner has, "necessary" only with a reason, no cookie
/// listed twice, real Consent Mode signals). Errors are keyed by JSON path, ready for a ValidationProblem.
/// </summary>
public static partial class ServiceValidation
{
    public const int MaxPurposeLength = 600;
    public const int MaxCookiePurposeLength = CookieConfig.MaxPurposeLength;

    /// <param name="service">The service to check.</param>
    /// <param name="languages">Languages every purpose must have (the site's, or all supported ones for the catalogue).</param>
    /// <param name="categories">Categories the service may be in (the banner's).</param>
    /// <param name="requireCookiePurposes">Whether each cookie needs its purpose in every language (the built-in catalogue).</param>
    /// <param name="path">The service's path in the request, prefixed to every error key (e.g. "custom[0]").</param>
    public static Dictionary<string, string[]> Check(
        CatalogueService service, IReadOnlyCollection<string> languages, IReadOnlyCollection<string> categories,
        bool requireCookiePurposes = false, string path = "")
    {
        var errors = new List<(string Path, string Message)>();
        string At(string member) => path.Length == 0 ? member : member.Length == 0 ? path : $"{path}.{member}";
        void Add(string member, string message) => errors.Add((At(member), message));
        var name = string.IsNullOrWhiteSpace(service.Name) ? service.Id : service.Name;

        Annotations(service, "", Add);
        if (service.Provider is { } provider)
        {
            Annotations(provider, "provider", Add);
            if (!provider.PrivacyPolicyUrl.StartsWith("https://", StringComparison.Ordinal))
            {
                Add("provider.privacyPolicyUrl", "The privacy policy link must start with https://.");
            }

            if (!Countries.IsKnown(provider.Country))
            {
                Add("provider.country", $"'{provider.Country}' is not a country ConsentCloud can name in every language; use one of {string.Join(", ", Countries.Codes)}.");
            }
        }
        else if (!service.SelfHosted)
        {
            Add("provider", $"'{name}' needs a provider (legal name, address, country and privacy policy), unless it is self-hosted.");
        }

        if (!categories.Contains(service.Category))
        {
            Add("category", $"'{service.Category}' is not a category of the banner; use one of {string.Join(", ", categories)}.");
        }

        if (service.Category == BannerRules.Necessary && (!service.StrictlyNecessary || string.IsNullOrWhiteSpace(service.NecessaryReason)))
        {
            Add("strictlyNecessary", $"'{name}' can only be in 'necessary' if it is strictly necessary for something the visitor asked for, with the reason given.");
        }
        else if (service.StrictlyNecessary && service.Category != BannerRules.Necessary)
        {
            Add("strictlyNecessary", $"'{name}' is marked strictly necessary but is in '{service.Category}'; put it in 'necessary' or clear the mark.");
        }

        Texts(service.Purpose, "purpose", languages, required: true, MaxPurposeLength, Add);

        for (var i = 0; i < service.Transfers.Count; i++)
        {
            Annotations(service.Transfers[i], $"transfers[{i}]", Add);
            if (TransferTexts.Eea.Contains(service.Transfers[i].Country))
            {
                Add($"transfers[{i}].country", $"{service.Transfers[i].Country} is in the EU/EEA; only countries outside it are transfers.");
            }
            else if (!Countries.IsKnown(service.Transfers[i].Country))
            {
                Add($"transfers[{i}].country", $"'{service.Transfers[i].Country}' is not a country ConsentCloud can name in every language; use one of {string.Join(", ", Countries.Codes.Where(c => !TransferTexts.Eea.Contains(c)))}.");
            }
        }

        foreach (var twice in service.Transfers.GroupBy(t => t.Country).Where(g => g.Count() > 1))
        {
            Add("transfers", $"{twice.Key} is listed twice.");
        }

        for (var i = 0; i < service.Cookies.Count; i++)
        {
            var cookie = service.Cookies[i];
            Annotations(cookie, $"cookies[{i}]", Add);
            var purposeRequired = requireCookiePurposes || cookie.Name is null;
            if (cookie.Purpose is { } purpose)
            {
                Texts(purpose, $"cookies[{i}].purpose", languages, purposeRequired, MaxCookiePurposeLength, Add);
            }
            else if (purposeRequired)
            {
                Add($"cookies[{i}].purpose", cookie.Name is null
                    ? "A cookie without a name needs a description of what it does (its purpose) in every language."
                    : $"The cookie '{cookie.Name}' has no purpose.");
            }
        }

        foreach (var twice in service.Cookies.Where(c => c.Name is not null).GroupBy(c => (c.Name, c.Domain, c.Kind)).Where(g => g.Count() > 1))
        {
            Add("cookies", $"The cookie '{twice.Key.Name}' is listed twice.");
        }

        for (var i = 0; i < service.ConsentSignals.Count; i++)
        {
            if (!ConsentModeConfig.Signals.Contains(service.ConsentSignals[i]))
            {
                Add($"consentSignals[{i}]", $"'{service.ConsentSignals[i]}' is not a Google Consent Mode signal; use one of {string.Join(", ", ConsentModeConfig.Signals)}.");
            }
        }

        if (service.ConsentSignals.Distinct().Count() != service.ConsentSignals.Count)
        {
            Add("consentSignals", "A Consent Mode signal is listed twice.");
        }

        for (var i = 0; i < service.UrlPatterns.Count; i++)
        {
            if (!Catalogue.UrlPatterns.IsValid(service.UrlPatterns[i]))
            {
                Add($"urlPatterns[{i}]", Catalogue.UrlPatterns.Message);
            }
        }

        if (service.UrlPatterns.Distinct().Count() != service.UrlPatterns.Count)
        {
            Add("urlPatterns", "A URL pattern is listed twice.");
        }

        if (service.StrictlyNecessary && service.UrlPatterns.Count > 0)
        {
            Add("urlPatterns", "A strictly necessary service is never blocked, so it has no URL patterns.");
        }

        if (service.Embed is { } embed)
        {
            Annotations(embed, "embed", Add);
            for (var i = 0; i < embed.Hosts.Count; i++)
            {
                if (embed.Hosts[i] is not { Length: <= 253 } host || !EmbedHost().IsMatch(host))
                {
                    Add($"embed.hosts[{i}]", "An embed host is a lower-case host name, optionally with a path (e.g. www.google.com/maps/embed).");
                }
            }
        }

        return errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());
    }

    /// <summary>The provider's address for the banner configuration (the country stays a code, named where it is read).</summary>
    public static PostalAddress AddressOf(ServiceProvider provider) =>
        new() { Street = provider.Street, PostalCode = provider.PostalCode, City = provider.City, Country = provider.Country };

    private static void Texts(IReadOnlyDictionary<string, string> texts, string member, IReadOnlyCollection<string> languages, bool required, int maxLength, Action<string, string> add)
    {
        foreach (var (language, text) in texts)
        {
            if (!SiteLanguages.IsSupported(language))
            {
                add($"{member}.{language}", $"'{language}' is not a supported language ({string.Join(", ", SiteLanguages.Supported)}).");
            }
            else if (text?.Length > maxLength)
            {
                add($"{member}.{language}", $"The {BannerRules.LanguageName(language)} text is longer than {maxLength} characters.");
            }
        }

        if (!required)
        {
            return;
        }

        foreach (var language in languages.Where(l => string.IsNullOrWhiteSpace(texts.GetValueOrDefault(l))))
        {
            add($"{member}.{language}", $"The {BannerRules.LanguageName(language)} text is missing.");
        }
    }

    /// <summary>The data annotations of one object (not its children), with their members as camelCase JSON paths.</summary>
    private static void Annotations(object instance, string member, Action<string, string> add)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var names = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var name in names)
            {
                var camel = JsonNamingPolicy.CamelCase.ConvertName(name);
                add(member.Length == 0 ? camel : camel.Length == 0 ? member : $"{member}.{camel}", result.ErrorMessage ?? "Invalid.");
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+(/[A-Za-z0-9._~\-/]*)?$")]
    private static partial Regex EmbedHost();
}
