using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Portal.Setup;
using ConsentCloud.Web.Features.Scanning;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// Step 4: services from the built-in catalogue (search and category filter are a GET form; ticking boxes and one
/// submit adds and removes, no JS needed), custom services of the agency's own description, and the services already
/// in the draft. Adding goes through <see cref="DraftServices"/>, the same as POST …/banner/draft/services.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class ServicesModel(DraftStore drafts, DraftServices draftServices, ServiceCatalogue catalogue, RequestValidator validator, SetupProgressStore progress, ScanPanel scanPanel)
    : WizardPageModel(progress)
{
    public override SetupStep WizardStep => SetupSteps.Services;

    public string? Search { get; private set; }

    public string? Category { get; private set; }

    public IReadOnlyList<CatalogueService> Listed { get; private set; } = [];

    public IReadOnlyList<ServiceConfig> InDraft { get; private set; } = [];

    /// <summary>The site scanner's panel: the latest scan and its findings, to add to the draft.</summary>
    public ScanPanelView ScanView { get; private set; } = null!;

    /// <summary>What the last add changed besides adding (a category back, Consent Mode signals mapped).</summary>
    public IReadOnlyList<string> Changes { get; private set; } = [];

    [BindProperty]
    public List<string> Selected { get; set; } = [];

    [BindProperty]
    public List<string> Shown { get; set; } = [];

    [BindProperty]
    public CustomServiceInput Custom { get; set; } = new();

    [BindProperty]
    public ExemptCategoryInput Exempt { get; set; } = new();

    /// <summary>The draft's categories (the custom service may go in any of them), and the names the banner gives them.</summary>
    public IReadOnlyList<CategoryConfig> Categories { get; private set; } = [];

    private BannerConfig? loaded;

    public async Task OnGetAsync(string? search, string? category, CancellationToken ct)
    {
        await LoadAsync(search, category, ct);
        Selected = [.. InDraft.Select(s => s.Id)];
    }

    /// <summary>The catalogue boxes: ticked ones are added, unticked ones that were shown and are in the draft are removed.</summary>
    public async Task<IActionResult> OnPostPickAsync(string? search, string? category, bool stay, CancellationToken ct)
    {
        var selected = Selected.Distinct().ToList();
        var request = new AddServicesRequest { Catalogue = selected };
        AddErrors(await validator.ValidateAsync(request, ct), _ => nameof(Selected));
        if (Shown.Count > catalogue.All.Count)
        {
            ModelState.AddModelError(nameof(Selected), "The form lists more services than the catalogue has.");
        }

        if (!ModelState.IsValid)
        {
            return await AgainAsync(search, category, StatusCodes.Status400BadRequest, ct);
        }

        var remove = Shown.Where(id => catalogue.Get(id) is not null && !selected.Contains(id)).ToHashSet();
        return await ApplyAsync(request, remove, nameof(Selected), stay, search, category, ct);
    }

    public async Task<IActionResult> OnPostCustomAsync(CancellationToken ct)
    {
        var request = new AddServicesRequest { Custom = [Custom.ToService(Site.Languages)] };
        return await ApplyAsync(request, null, null, stay: true, null, null, ct);
    }

    /// <summary>Adds (or updates) a category that needs no consent, with its names, descriptions and legal reason.</summary>
    public async Task<IActionResult> OnPostExemptAsync(CancellationToken ct)
    {
        var stored = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        var errors = Exempt.Check(Site.Languages);
        var config = errors.Count == 0 ? Exempt.ApplyTo(stored?.Config ?? DefaultBanner.For(Site.Languages), Site.Languages) : null;
        if (config is not null)
        {
            errors = new Dictionary<string, string[]>(await validator.ValidateAsync(config, ct));
        }

        if (errors.Count > 0)
        {
            AddErrors(errors, path => path.StartsWith("Exempt.", StringComparison.Ordinal) ? path : "Exempt.Id");
            return await AgainAsync(null, null, StatusCodes.Status400BadRequest, ct);
        }

        return await SaveAsync(stored, config!, ct);
    }

    /// <summary>Automatic blocking on or off in the draft (published with the next publish).</summary>
    public async Task<IActionResult> OnPostAutoBlockingAsync(bool on, CancellationToken ct)
    {
        var stored = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        return await SaveAsync(stored, (stored?.Config ?? DefaultBanner.For(Site.Languages)) with { AutoBlocking = on }, ct);
    }

    /// <summary>Saves an edited draft if it is still the version the form was loaded with; else the page again with a conflict.</summary>
    private async Task<IActionResult> SaveAsync((BannerConfig Config, ETag ETag)? stored, BannerConfig config, CancellationToken ct)
    {
        var version = PostedVersion();
        if (version is null && stored is not null || version is not null && version != stored?.ETag)
        {
            Conflict = true;
            return await AgainAsync(null, null, StatusCodes.Status409Conflict, ct);
        }

        try
        {
            await drafts.SaveAsync(Site.Agency, Site.Key, config, version, ct);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            Conflict = true;
            return await AgainAsync(null, null, StatusCodes.Status409Conflict, ct);
        }

        ModelState.Clear();
        return await DoneAndStayAsync(null, null, ct);
    }

    /// <summary>Whether the draft has automatic blocking on.</summary>
    public bool AutoBlocking => loaded?.AutoBlocking == true;

    /// <summary>A category's name as the banner gives it in the site's default language (for categories without a portal name).</summary>
    public string BannerName(string id) =>
        loaded?.Texts.GetValueOrDefault(Site.DefaultLanguage)?.Categories.GetValueOrDefault(id)?.Name ?? id;

    /// <summary>"Scan site": queues a scan of the site (<see cref="ScanService"/>, as POST …/scans).</summary>
    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct) =>
        LocalRedirect($"{StepUrl(WizardStep)}?scan={await scanPanel.StartAsync(Site, ct)}#scan-heading");

    /// <summary>"Check domains" in the scan panel (as POST …/verification): the scanner reads only a verified domain.</summary>
    public async Task<IActionResult> OnPostVerifyDomainsAsync(CancellationToken ct) =>
        LocalRedirect($"{StepUrl(WizardStep)}?scan={await scanPanel.VerifyAsync(Site, ct)}#verification-heading");

    /// <summary>"Add to draft" in the scan panel: the ticked services of the scan, over the draft version it was shown with.</summary>
    public async Task<IActionResult> OnPostScanApplyAsync(string? scanId, string? scanVersion, List<string>? scanServices, CancellationToken ct) =>
        LocalRedirect($"{StepUrl(WizardStep)}?scan={await scanPanel.ApplyAsync(Site, scanId, scanServices, scanVersion, ct)}#scan-heading");

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken ct)
    {
        if (id is not { Length: > 0 and <= 32 })
        {
            return BadRequest();
        }

        return await ApplyAsync(new AddServicesRequest(), new HashSet<string> { id }, null, stay: true, null, null, ct);
    }

    private async Task<IActionResult> ApplyAsync(AddServicesRequest request, IReadOnlyCollection<string>? remove, string? errorField, bool stay, string? search, string? category, CancellationToken ct)
    {
        switch (await draftServices.AddAsync(Site, request, PostedVersion(), ct, remove))
        {
            case AddServicesOutcome.Added:
                ModelState.Clear();
                return stay ? await DoneAndStayAsync(search, category, ct) : await DoneAsync(stay: false, ct);
            case AddServicesOutcome.Invalid invalid:
                AddErrors(invalid.Errors, path => errorField ?? (CustomServiceInput.Field(path) is { } f ? $"{nameof(Custom)}.{f}" : null));
                return await AgainAsync(search, category, StatusCodes.Status400BadRequest, ct);
            default:
                Conflict = true;
                return await AgainAsync(search, category, StatusCodes.Status409Conflict, ct);
        }
    }

    private async Task<IActionResult> DoneAndStayAsync(string? search, string? category, CancellationToken ct)
    {
        await DoneAsync(stay: true, ct);
        var query = QueryString.Create(new KeyValuePair<string, string?>[] { new("saved", "1"), new("search", search), new("category", category) }.Where(p => p.Value is not null));
        return LocalRedirect(StepUrl(WizardStep) + query);
    }

    private async Task<IActionResult> AgainAsync(string? search, string? category, int status, CancellationToken ct)
    {
        var selected = Selected;
        await LoadAsync(search, category, ct);
        Selected = selected;
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(string? search, string? category, CancellationToken ct)
    {
        await LoadProgressAsync(ct);
        Search = search is { Length: > ServiceCatalogue.MaxSearchLength } ? search[..ServiceCatalogue.MaxSearchLength] : search;
        Category = category is not null && BannerRules.BuiltInCategories.Contains(category) ? category : null;
        Listed = catalogue.List(Search, Category);
        var draft = await drafts.GetAsync(Site.Agency, Site.Key, ct);
        loaded = draft?.Config;
        InDraft = draft?.Config.Services ?? [];
        Categories = draft?.Config.Categories ?? DefaultBanner.For(Site.Languages).Categories;
        if (HttpMethods.IsGet(Request.Method) && Categories.FirstOrDefault(c => c.Exempt) is { } exempt && loaded is not null)
        {
            Exempt = ExemptCategoryInput.From(loaded, exempt.Id);
        }
        if (draft is { } found && !Conflict)
        {
            Version = VersionOf(found.ETag);
        }

        ScanView = await scanPanel.LoadAsync(Site, StepUrl(WizardStep), HttpMethods.IsGet(Request.Method) ? Request.Query["scan"].ToString() : null, Response, ct);
        if (Custom.Cookies.Count < CustomServiceInput.CookieRows)
        {
            Custom.Cookies.AddRange(Enumerable.Range(0, CustomServiceInput.CookieRows - Custom.Cookies.Count).Select(_ => new CustomServiceInput.CookieInput()));
        }
    }
}
