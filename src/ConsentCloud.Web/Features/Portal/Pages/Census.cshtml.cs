using System.Globalization;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Census;
using ConsentCloud.Web.Features.Portal.SitePages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// A site's cookie census (agency staff): what the sampled page views saw beside what the site declares (not declared,
/// seen before consent, declared but not seen for 30 days), "Add to draft" for a finding, and the sampling rate. Only
/// the draft changes; the published banner and policies follow when the agency publishes.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class CensusModel(CensusFindings findings, CensusDraft census, DraftStore drafts, TimeProvider clock, IStringLocalizer<SitePagesText> text) : PortalPageModel
{
    public static readonly IReadOnlyList<int> Periods = [7, 30, 90];
    public static readonly IReadOnlyList<string> Outcomes = ["added", "sampling"];

    public int Days { get; private set; } = 30;
    public CensusReport Report { get; private set; } = null!;
    public BannerConfig Draft { get; private set; } = null!;
    public string? Done { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    [BindProperty]
    public CensusNameInput Name { get; set; } = new();

    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(int? days, string? done, CancellationToken ct)
    {
        Done = done is not null && Outcomes.Contains(done) ? done : null;
        Days = days is { } d && Periods.Contains(d) ? d : 30;
        await LoadAsync(ct);
    }

    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostAddServiceAsync(string? catalogue, CancellationToken ct) =>
        await OutcomeAsync(await census.AcceptAsync(Site, new CensusAcceptRequest { Catalogue = catalogue ?? "" }, ct), "added", ct);

    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostAddNameAsync(CancellationToken ct)
    {
        var request = Name.ToRequest();
        if (request is null)
        {
            return await FailAsync([text["Census.Error.Kind"]], StatusCodes.Status400BadRequest, ct);
        }

        return await OutcomeAsync(await census.AcceptAsync(Site, request, ct), "added", ct);
    }

    [HandlerRole(AgencyRole.Member)]
    public async Task<IActionResult> OnPostSamplingAsync(string? percent, CancellationToken ct)
    {
        if (!double.TryParse(percent?.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return await FailAsync([text["Census.Error.Sampling"]], StatusCodes.Status400BadRequest, ct);
        }

        return await OutcomeAsync(await census.SetSamplingAsync(Site, value, ct), "sampling", ct);
    }

    private async Task<IActionResult> OutcomeAsync(CensusDraftOutcome outcome, string done, CancellationToken ct) => outcome switch
    {
        CensusDraftOutcome.Saved => LocalRedirect($"/portal/sites/{Site.Key.Value}/census?done={done}"),
        CensusDraftOutcome.Invalid invalid => await FailAsync([.. invalid.Errors.SelectMany(e => e.Value)], StatusCodes.Status400BadRequest, ct),
        _ => await FailAsync([text["Census.Error.Concurrent"]], StatusCodes.Status409Conflict, ct),
    };

    private async Task<IActionResult> FailAsync(IReadOnlyList<string> errors, int status, CancellationToken ct)
    {
        Error = text["Census.Error.Title"];
        Errors = errors;
        await LoadAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Report = await findings.GetAsync(Site, Days, ct);
        Draft = (await drafts.GetAsync(Site.Agency, Site.Key, ct))?.Config ?? DefaultBanner.For(Site.Languages);
    }

    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The "add this name to a service" form of an unknown cookie or storage key.</summary>
public sealed class CensusNameInput
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? Lifetime { get; set; }

    /// <summary>A service of the draft, or "new" for <see cref="NewId"/> and the rest.</summary>
    public string? Service { get; set; }

    public string? NewId { get; set; }
    public string? NewName { get; set; }
    public string? NewProvider { get; set; }
    public string? NewCategory { get; set; }

    public CensusAcceptRequest? ToRequest()
    {
        if (!Enum.TryParse<CensusKind>(Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || Kind!.Length > 20 || char.IsDigit(Kind[0]))
        {
            return null;
        }

        var isNew = Service == "new";
        return new CensusAcceptRequest
        {
            Kind = kind,
            Name = Name?.Trim(),
            Lifetime = Lifetime?.Trim(),
            Service = isNew ? null : Service,
            NewService = isNew ? new CensusNewService { Id = NewId?.Trim(), Name = NewName, Provider = NewProvider, Category = NewCategory } : null,
        };
    }
}
