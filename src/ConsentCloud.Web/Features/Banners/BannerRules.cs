using System.Collections.Frozen;
using System.Globalization;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>A reason a draft cannot be published, with the JSON path it concerns.</summary>
public sealed record BannerProblem(string Path, string Message);

/// <summary>
/// What the law and good sense require of a banner before it goes live: every language complete, accept and reject
/// equally prominent, readable colours, "necessary" only for what is strictly necessary, a sound Consent Mode mapping.
/// </summary>
public static class BannerRules
{
    public const string Necessary = "necessary";
    public static readonly IReadOnlyList<string> BuiltInCategories = [Necessary, "preferences", "statistics", "marketing"];
    public const double MinimumContrast = 4.5;

    /// <summary>
    /// Categories whose cookies always need consent, so they can never be exempt: the built-in ones besides "necessary"
    /// (that one is always on by definition) and the usual names for the same purposes.
    /// </summary>
    public static readonly IReadOnlySet<string> ConsentRequiring = new HashSet<string>(StringComparer.Ordinal)
    {
        Necessary, "preferences", "statistics", "marketing", "analytics", "advertising", "ads", "targeting", "tracking",
        "personalisation", "personalization", "social", "functional",
    };

    /// <summary>The built-in catalogue's services by id, with the category the catalogue files each under.</summary>
    private static readonly Lazy<FrozenDictionary<string, string>> CatalogueCategories =
        new(() => Catalogue.CatalogueData.Load().ToFrozenDictionary(s => s.Id, s => s.Category, StringComparer.Ordinal));

    /// <summary>The Consent Mode signal that may be granted by a category that needs no consent.</summary>
    public const string SecuritySignal = "security_storage";

    public static string ExemptRefusal(string category) => category == Necessary
        ? "'necessary' is always on already; 'exempt' is for another category that needs no consent, such as 'security'."
        : $"'{category}' cookies need consent, so the category cannot be exempt; only a category such as 'security' (fraud or bot detection) can be.";

    /// <summary>Whether the category is always on: "necessary", or exempt from consent with a reason.</summary>
    public static bool IsRequired(CategoryConfig category) => category.Id == Necessary || (category.Exempt && !ConsentRequiring.Contains(category.Id));

    public static IReadOnlyList<BannerProblem> Check(BannerConfig config, Site site)
    {
        var problems = new List<BannerProblem>();
        void Add(string path, string message) => problems.Add(new BannerProblem(path, message));

        var categories = config.Categories.Select(c => c.Id).ToList();
        if (!categories.Contains(Necessary))
        {
            Add("categories", "The 'necessary' category is required.");
        }

        foreach (var duplicate in categories.GroupBy(c => c).Where(g => g.Count() > 1))
        {
            Add("categories", $"The category '{duplicate.Key}' is listed twice.");
        }

        foreach (var duplicate in config.Services.GroupBy(s => s.Id).Where(g => g.Count() > 1))
        {
            Add("services", $"The service id '{duplicate.Key}' is used twice.");
        }

        for (var i = 0; i < config.Services.Count; i++)
        {
            var service = config.Services[i];
            var path = $"services[{i}]";
            if (!categories.Contains(service.Category))
            {
                Add($"{path}.category", $"'{service.Name}' is in the category '{service.Category}', which the banner does not have.");
            }

            if (service.Category == Necessary && (!service.StrictlyNecessary || string.IsNullOrWhiteSpace(service.NecessaryReason)))
            {
                Add($"{path}.strictlyNecessary", $"'{service.Name}' can only be in 'necessary' if it is strictly necessary for a service the visitor asked for, with the reason given.");
            }

            foreach (var language in site.Languages.Where(l => string.IsNullOrWhiteSpace(service.Purpose.GetValueOrDefault(l))))
            {
                Add($"{path}.purpose.{language}", $"'{service.Name}' has no purpose text in {LanguageName(language)}.");
            }

            for (var p = 0; p < (service.UrlPatterns?.Count ?? 0); p++)
            {
                if (!Catalogue.UrlPatterns.IsValid(service.UrlPatterns![p]))
                {
                    Add($"{path}.urlPatterns[{p}]", Catalogue.UrlPatterns.Message);
                }
            }

            CheckCookies(service, path, site, Add);
        }

        CheckCategories(config, site, Add);

        CheckTexts(config, site, categories, Add);
        CheckAppearance(config.Appearance, Add);
        CheckConsentMode(config.ConsentMode, categories, Add);

        if (config.CookieDomain is { } cookieDomain && !site.Domains.Any(d => d.TrimStart('*', '.') == cookieDomain || d.TrimStart('*', '.').EndsWith("." + cookieDomain, StringComparison.Ordinal)))
        {
            Add("cookieDomain", $"The cookie domain '{cookieDomain}' is not one of the site's domains or a parent of one.");
        }

        return problems;
    }

    private static void CheckCookies(ServiceConfig service, string path, Site site, Action<string, string> add)
    {
        for (var i = 0; i < service.Cookies.Count; i++)
        {
            var cookie = service.Cookies[i];
            foreach (var language in site.Languages.Where(l => cookie.Name is null && string.IsNullOrWhiteSpace(cookie.Purpose?.GetValueOrDefault(l))))
            {
                add($"{path}.cookies[{i}].purpose.{language}", $"A cookie of '{service.Name}' has no name, so it needs a description of what it does in {LanguageName(language)}.");
            }

            foreach (var (language, text) in cookie.Purpose ?? new Dictionary<string, string>())
            {
                if (text?.Length > CookieConfig.MaxPurposeLength)
                {
                    add($"{path}.cookies[{i}].purpose.{language}", $"The purpose of a cookie of '{service.Name}' is longer than {CookieConfig.MaxPurposeLength} characters in {LanguageName(language)}.");
                }
            }
        }
    }

    private static void CheckCategories(BannerConfig config, Site site, Action<string, string> add)
    {
        for (var i = 0; i < config.Categories.Count; i++)
        {
            var category = config.Categories[i];
            if (!category.Exempt)
            {
                continue;
            }

            if (ConsentRequiring.Contains(category.Id))
            {
                add($"categories[{i}].exempt", ExemptRefusal(category.Id));
                continue;
            }

            foreach (var language in site.Languages.Where(l => string.IsNullOrWhiteSpace(category.LegalReason?.GetValueOrDefault(l))))
            {
                add($"categories[{i}].legalReason.{language}", $"The category '{category.Id}' needs no consent, so it must say why in {LanguageName(language)} (e.g. the law that allows it).");
            }
        }

        // A catalogue service that the catalogue files under a purpose needing consent (Google Analytics under
        // statistics, Meta Pixel under marketing) cannot be moved into a category that needs none.
        var exempt = config.Categories.Where(c => c.Exempt && IsRequired(c)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        for (var j = 0; j < config.Services.Count; j++)
        {
            var service = config.Services[j];
            if (exempt.Contains(service.Category) && CatalogueCategories.Value.TryGetValue(service.Id, out var listed)
                && listed != Necessary && ConsentRequiring.Contains(listed))
            {
                add($"services[{j}].category", $"'{service.Name}' is a {listed} service, so it needs consent and cannot be in '{service.Category}', which needs none.");
            }
        }

        foreach (var (signal, mapped) in config.ConsentMode.Mapping.Where(m => m.Key != SecuritySignal))
        {
            foreach (var category in config.Categories.Where(c => c.Exempt && mapped.Contains(c.Id)))
            {
                add($"consentMode.mapping.{signal}", $"'{signal}' is mapped to '{category.Id}', which needs no consent, so it would be granted without asking; only {SecuritySignal} may be.");
            }
        }
    }

    private static void CheckTexts(BannerConfig config, Site site, List<string> categories, Action<string, string> add)
    {
        foreach (var language in config.Texts.Keys.Where(l => !SiteLanguages.IsSupported(l)))
        {
            add($"texts.{language}", $"'{language}' is not a supported language.");
        }

        foreach (var language in site.Languages)
        {
            if (!config.Texts.TryGetValue(language, out var texts))
            {
                add($"texts.{language}", $"The banner has no texts in {LanguageName(language)}, one of the site's languages.");
                continue;
            }

            var fields = new (string Name, string Value)[]
            {
                ("title", texts.Title), ("body", texts.Body), ("acceptAll", texts.AcceptAll),
                ("rejectAll", texts.RejectAll), ("customise", texts.Customise), ("save", texts.Save),
            };
            foreach (var (name, _) in fields.Where(f => string.IsNullOrWhiteSpace(f.Value)))
            {
                add($"texts.{language}.{name}", $"The {LanguageName(language)} text '{name}' is empty.");
            }

            foreach (var category in categories)
            {
                if (!texts.Categories.TryGetValue(category, out var categoryTexts) ||
                    string.IsNullOrWhiteSpace(categoryTexts.Name) || string.IsNullOrWhiteSpace(categoryTexts.Description))
                {
                    add($"texts.{language}.categories.{category}", $"The category '{category}' has no name and description in {LanguageName(language)}.");
                }
            }
        }
    }

    private static void CheckAppearance(Appearance appearance, Action<string, string> add)
    {
        if (!string.Equals(appearance.AcceptButton.Background, appearance.RejectButton.Background, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(appearance.AcceptButton.Text, appearance.RejectButton.Text, StringComparison.OrdinalIgnoreCase))
        {
            add("appearance.rejectButton", "Reject all must look exactly like accept all (same colours): refusing must be as easy and as prominent as accepting.");
        }

        foreach (var (name, pair) in new[] { ("banner", appearance.Banner), ("acceptButton", appearance.AcceptButton), ("rejectButton", appearance.RejectButton), ("customiseButton", appearance.CustomiseButton) })
        {
            var ratio = Contrast.Ratio(pair.Text, pair.Background);
            if (ratio < MinimumContrast)
            {
                add($"appearance.{name}", string.Create(CultureInfo.InvariantCulture, $"The text on {name} has a contrast of {ratio:0.00}:1 with its background; at least {MinimumContrast}:1 is needed (WCAG AA)."));
            }
        }
    }

    private static void CheckConsentMode(ConsentModeConfig consentMode, List<string> categories, Action<string, string> add)
    {
        foreach (var (signal, mapped) in consentMode.Mapping)
        {
            if (!ConsentModeConfig.Signals.Contains(signal))
            {
                add($"consentMode.mapping.{signal}", $"'{signal}' is not a Google Consent Mode signal.");
            }

            foreach (var category in mapped.Where(c => !categories.Contains(c)))
            {
                add($"consentMode.mapping.{signal}", $"'{signal}' is mapped to the category '{category}', which the banner does not have.");
            }
        }
    }

    public static string LanguageName(string language) => language switch
    {
        "da" => "Danish",
        "nb" => "Norwegian",
        "sv" => "Swedish",
        "fi" => "Finnish",
        "en" => "English",
        "de" => "German",
        _ => language,
    };
}

/// <summary>WCAG 2 contrast ratio between two #rrggbb colours.</summary>
public static class Contrast
{
    public static double Ratio(string foreground, string background)
    {
        var (a, b) = (Luminance(foreground), Luminance(background));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static double Luminance(string hex)
    {
        static double Channel(string hex, int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(hex, 1) + 0.7152 * Channel(hex, 3) + 0.0722 * Channel(hex, 5);
    }
}
