using Azure;
using ConsentCloud.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>
/// A step of the onboarding wizard: the site's page (<see cref="SitePageAttribute"/>), its place in the steps, the
/// draft's version carried in a hidden field for optimistic concurrency, and "done, go on" bookkeeping.
/// </summary>
public abstract class WizardPageModel(SetupProgressStore progress) : PortalPageModel
{
    public abstract SetupStep WizardStep { get; }

    public SetupProgress Progress { get; private set; } = SetupProgress.None;

    /// <summary>The version of what the form edits, as the page rendered it (our opaque ETag format).</summary>
    [BindProperty]
    public string? Version { get; set; }

    /// <summary>Shown above the form when someone else saved in between: the user's input is kept, nothing was saved.</summary>
    public bool Conflict { get; protected set; }

    public string StepUrl(SetupStep step) => SetupSteps.Url(Site.Key.Value, step);

    protected async Task LoadProgressAsync(CancellationToken ct) => Progress = await progress.GetAsync(Site.Agency, Site.Key, ct);

    protected static string VersionOf(ETag etag) => Conditional.ToHeader(etag);

    /// <summary>The posted version; null when the form had none (nothing saved yet) or it is not one of ours.</summary>
    protected ETag? PostedVersion() => Version is { Length: > 0 and < 200 } v && Conditional.TryParse(v, out var etag) ? etag : null;

    /// <summary>Marks this step done and goes to the next one (or back to this one when <paramref name="stay"/>).</summary>
    protected async Task<IActionResult> DoneAsync(bool stay, CancellationToken ct)
    {
        await progress.MarkDoneAsync(Site.Agency, Site.Key, WizardStep, ct);
        var next = stay ? WizardStep : SetupSteps.Next(WizardStep) ?? WizardStep;
        return LocalRedirect(StepUrl(next) + (stay ? "?saved=1" : ""));
    }

    /// <summary>Errors of a shared validator, keyed by its paths, onto this page's form fields.</summary>
    protected void AddErrors(IEnumerable<KeyValuePair<string, string[]>> errors, Func<string, string?> field)
    {
        foreach (var (path, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field(path) ?? "", message);
            }
        }
    }
}
