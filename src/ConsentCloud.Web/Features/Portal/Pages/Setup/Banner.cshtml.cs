using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Portal.Setup;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 5: the banner's look and texts in each site language, with the live preview of the saved draft (the real
/// banner in a sandboxed iframe, <see cref="PreviewModel"/>) and what <see cref="BannerRules"/> says inline. Saved
/// like PUT …/banner/draft: the shape must be valid (the same validation), the rules' problems are shown, not refused.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class BannerModel(DraftStore drafts, RequestValidator validator, SetupProgressStore progress) : WizardPageModel(progress)
{
    public override SetupStep WizardStep => SetupSteps.Banner;

    [BindProperty]
    public Appearance? Look { get; set; }

    [BindProperty]
    public Dictionary<string, TextsInput> Texts { get; set; } = [];

    /// <summary>Consent Mode regions for the default command, as typed: "DK, SE, US-CA"; empty = everywhere.</summary>
    [BindProperty]
    public string? Regions { get; set; }

    /// <summary>Room for <see cref="ConsentModeConfig.MaxRegions"/> codes with separators.</summary>
    public const int MaxRegionsText = ConsentModeConfig.MaxRegions * 8;

    public IReadOnlyList<BannerProblem> Problems { get; private set; } = [];

    public string PreviewLayout { get; private set; } = "box";

    public string PreviewLanguage { get; private set; } = "en";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (config, etag) = await LoadAsync(ct);
        Look = config.Appearance;
        Texts = Site.Languages.ToDictionary(l => l, l => TextsInput.From(config.Texts.GetValueOrDefault(l)));
        Regions = string.Join(", ", config.ConsentMode.Region ?? []);
        Problems = BannerRules.Check(config, Site);
        if (etag is { } e)
        {
            Version = VersionOf(e);
        }
    }

    public async Task<IActionResult> OnPostAsync(bool stay, CancellationToken ct)
    {
        var (stored, etag) = await LoadAsync(ct);
        ModelState.Clear(); // the shared validation below decides, with the API's paths
        var regions = ParseRegions(Regions);
        var config = stored with
        {
            Appearance = Look ?? stored.Appearance,
            Texts = Site.Languages.ToDictionary(l => l, l => (Texts.GetValueOrDefault(l) ?? new TextsInput()).ToTexts(stored.Texts.GetValueOrDefault(l))),
            ConsentMode = stored.ConsentMode with { Region = regions is [] ? null : regions },
        };
        if (Regions?.Length > MaxRegionsText)
        {
            ModelState.AddModelError(nameof(Regions), $"List at most {ConsentModeConfig.MaxRegions} regions.");
        }

        Look = config.Appearance;
        AddErrors(await validator.ValidateAsync(config, ct), Field);
        foreach (var (language, texts) in config.Texts)
        {
            // The texts' own annotations (lengths), also where the shared validation does not reach into the dictionary.
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(texts, new(texts), results, validateAllProperties: true);
            foreach (var result in results)
            {
                foreach (var member in result.MemberNames.Where(m => m != nameof(BannerTexts.Categories)))
                {
                    var key = $"Texts[{language}].{member}";
                    if (ModelState[key]?.Errors.Count is null or 0)
                    {
                        ModelState.AddModelError(key, result.ErrorMessage ?? "Invalid.");
                    }
                }
            }
        }
        Problems = BannerRules.Check(config, Site);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var version = PostedVersion();
        if (version is null && etag is not null || version is not null && version != etag)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        try
        {
            await drafts.SaveAsync(Site.Agency, Site.Key, config, version, ct);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        // Saved; the rules' problems block publishing, not saving (as the API): the publish step lists what is left.
        return await DoneAsync(stay, ct);
    }

    /// <summary>The inline message for a field, from the rules (e.g. "appearance.rejectButton", "texts.da.title").</summary>
    public IEnumerable<string> ProblemsFor(string path) =>
        Problems.Where(p => p.Path == path || p.Path.StartsWith(path + ".", StringComparison.Ordinal)).Select(p => p.Message);

    private async Task<(BannerConfig Config, ETag? ETag)> LoadAsync(CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        PreviewLayout = (Look?.Layout ?? BannerLayout.Box).ToString().ToLowerInvariant();
        PreviewLanguage = Site.DefaultLanguage;
        var found = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        var config = found?.Config ?? DefaultBanner.For(Site.Languages);
        PreviewLayout = config.Appearance.Layout.ToString().ToLowerInvariant();
        return (config, found?.ETag);
    }

    /// <summary>"dk, se us-ca" → ["DK", "SE", "US-CA"]: separated by commas or spaces, upper-cased; what is left the shared validation checks.</summary>
    private static List<string> ParseRegions(string? text) =>
        (text ?? "")[..Math.Min(text?.Length ?? 0, MaxRegionsText + 1)]
            .Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(code => code.ToUpperInvariant())
            .ToList();

    /// <summary>"Appearance.AcceptButton.Background" → "Look.AcceptButton.Background"; "Texts[da].Title" → "Texts[da].Title"; "ConsentMode.Region" → "Regions".</summary>
    private static string? Field(string path) =>
        path.StartsWith("ConsentMode.Region", StringComparison.OrdinalIgnoreCase) ? nameof(Regions)
        : path.StartsWith("Appearance.", StringComparison.OrdinalIgnoreCase) ? "Look." + path["Appearance.".Length..]
        : path.StartsWith("Texts[", StringComparison.OrdinalIgnoreCase) ? "Texts[" + path["Texts[".Length..]
        : null;

    /// <summary>The six texts of the first layer and the preferences, per language (category texts are kept as they are).</summary>
    public sealed class TextsInput
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? AcceptAll { get; set; }
        public string? RejectAll { get; set; }
        public string? Customise { get; set; }
        public string? Save { get; set; }

        public static TextsInput From(BannerTexts? texts) => new()
        {
            Title = texts?.Title, Body = texts?.Body, AcceptAll = texts?.AcceptAll, RejectAll = texts?.RejectAll, Customise = texts?.Customise, Save = texts?.Save,
        };

        public BannerTexts ToTexts(BannerTexts? existing) => new()
        {
            Title = Title?.Trim() ?? "",
            Body = Body?.Trim() ?? "",
            AcceptAll = AcceptAll?.Trim() ?? "",
            RejectAll = RejectAll?.Trim() ?? "",
            Customise = Customise?.Trim() ?? "",
            Save = Save?.Trim() ?? "",
            Categories = existing?.Categories ?? new Dictionary<string, CategoryTexts>(),
        };
    }
}
