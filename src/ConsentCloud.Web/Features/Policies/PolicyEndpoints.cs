using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ConsentCloud.Web.Features.Policies;

/// <param name="Problems">What stops the privacy policy from being published.</param>
/// <param name="DroppedLinks">Links and images the pages will show as text only, and why (<see cref="PolicyLinks"/>).</param>
/// <param name="Warnings">What does not stop publishing but should be looked at (<see cref="PolicyReview.Warnings"/>), for the banner draft's services.</param>
public sealed record PolicyDraftResponse(PolicyDraft Draft, IReadOnlyList<PolicyProblem> Problems, IReadOnlyList<PolicyDroppedLink> DroppedLinks, IReadOnlyList<PolicyWarning> Warnings)
{
    public bool Publishable => Problems.Count == 0;
}

public sealed record PolicyVersionResponse(string Kind, int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy, int BannerRevision, IReadOnlyList<string> Languages, string Url, DateOnly EffectiveFrom)
{
    public static PolicyVersionResponse From(string siteKey, PolicyVersion v) => new(
        PolicyRenderer.Slug(v.Kind), v.Number, v.ContentHash, v.PublishedAt, v.PublishedBy, v.BannerRevision, v.Languages, $"{PolicyRenderer.Path(siteKey, v.Kind)}/v/{v.Number}", v.EffectiveFrom);
}

public sealed record PolicyPublishResponse(IReadOnlyList<PolicyPublished> Policies, IReadOnlyList<PolicyProblem> NotPublished, string PrivacyUrl, string CookiesUrl)
{
    public IReadOnlyList<PolicyWarning> Warnings { get; init; } = [];
}

/// <summary>Optional body of POST …/policies/publish.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record PolicyPublishRequest
{
    /// <summary>The day the new versions take effect ("2026-12-01"): from yesterday (UTC) to 30 days ahead; default the draft's date, else the day of publishing.</summary>
    public DateOnly? EffectiveFrom { get; init; }
}

/// <summary>/api/v1/agencies/{agencyId}/sites/{siteKey}/policies: the agency-written sections, publishing, versions.</summary>
public static class PolicyEndpoints
{
    public const long MaxDraft = 256 * 1024;

    public static void MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/agencies/{agencyId}/sites/{siteKey}/policies")
            .RequireAuthorization(AccessSetup.ApiPolicy).RequireAgencyMember().WithTags("Policies");
        policies.MapGet("/draft", GetDraftAsync);
        policies.MapPut("/draft", SaveDraftAsync).WithBodyLimit(MaxDraft);
        policies.MapPost("/publish", PublishAsync);
        policies.MapGet("/versions", ListVersionsAsync);
    }

    public static async Task<Results<Ok<PolicyDraftResponse>, NotFound>> GetDraftAsync(
        string siteKey, AgencyContext access, SiteStore sites, PolicyDraftStore drafts, DraftStore banners, ServiceCatalogue catalogue, HttpContext http, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        var found = await drafts.GetAsync(access.Agency, site.Key, ct);
        if (found is { } f)
        {
            Conditional.SetETag(http, f.ETag);
        }

        var draft = found?.Draft ?? PolicyDraft.Empty;
        return TypedResults.Ok(await AnswerAsync(draft, site, banners, catalogue, ct));
    }

    /// <summary>
    /// Saves the sections (unfinished work is kept); refuses unknown sections or languages, oversized Markdown and an
    /// effective-from date beyond 30 days. The answer lists the links shown as text only, and warnings.
    /// </summary>
    public static async Task<Results<Ok<PolicyDraftResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SaveDraftAsync(
        string siteKey, PolicyDraft draft, AgencyContext access, SiteStore sites, PolicyDraftStore drafts, DraftStore banners, ServiceCatalogue catalogue, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        if (PolicyRules.CheckShape(draft, Today(clock)) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p.Path, p => new[] { p.Message }), title: "The policy sections cannot be saved");
        }

        if (!Conditional.TryGetIfMatch(http, out var ifMatch))
        {
            return Conditional.Conflict("The If-Match header does not name a version of these sections; reload them.");
        }

        try
        {
            Conditional.SetETag(http, await drafts.SaveAsync(access.Agency, site.Key, draft, ifMatch, ct));
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return Conditional.Conflict("The sections were changed by someone else; reload them and apply your change again.");
        }

        return TypedResults.Ok(await AnswerAsync(draft, site, banners, catalogue, ct));
    }

    /// <summary>Publishes both policies; the optional body chooses the day the new versions take effect.</summary>
    public static async Task<Results<Ok<PolicyPublishResponse>, NotFound, ValidationProblem>> PublishAsync(
        string siteKey, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] PolicyPublishRequest? request, AgencyContext access, SiteStore sites, PolicyPublisher publisher, TimeProvider clock, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        if (PolicyRules.CheckEffectiveFrom(request?.EffectiveFrom, Today(clock)) is { } late)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [late.Path] = [late.Message] }, title: "The policies cannot be published with this date");
        }

        return await publisher.PublishAsync(site, access.Caller.AuditName, [PolicyKind.Privacy, PolicyKind.Cookies], request?.EffectiveFrom, ct) switch
        {
            PolicyOutcome.Published p => TypedResults.Ok(new PolicyPublishResponse(p.Policies, p.Skipped,
                PolicyRenderer.Path(site.Key.Value, PolicyKind.Privacy), PolicyRenderer.Path(site.Key.Value, PolicyKind.Cookies)) { Warnings = p.Warnings }),
            PolicyOutcome.NotPublishable n => TypedResults.ValidationProblem(
                n.Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), title: "The policies cannot be published yet"),
            _ => throw new InvalidOperationException("Unknown outcome."),
        };
    }

    public static async Task<Results<Ok<PolicyVersionResponse[]>, NotFound>> ListVersionsAsync(
        string siteKey, AgencyContext access, SiteStore sites, PolicyVersionStore versions, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        var all = new List<PolicyVersionResponse>();
        foreach (var kind in Enum.GetValues<PolicyKind>())
        {
            all.AddRange((await versions.ListAsync(access.Agency, site.Key, kind, 200, ct)).Select(v => PolicyVersionResponse.From(site.Key.Value, v)));
        }

        return TypedResults.Ok(all.ToArray());
    }

    private static async Task<PolicyDraftResponse> AnswerAsync(PolicyDraft draft, Site site, DraftStore banners, ServiceCatalogue catalogue, CancellationToken ct)
    {
        var services = (await banners.GetAsync(site.Agency, site.Key, ct))?.Config.Services ?? [];
        return new PolicyDraftResponse(draft, PolicyRules.CheckPublishable(draft, site), PolicyReview.DroppedLinks(draft, site), PolicyReview.Warnings(draft, site, services, catalogue));
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static async Task<Site?> FindSiteAsync(string siteKey, AgencyContext access, SiteStore sites, CancellationToken ct) =>
        SiteKey.TryParse(siteKey, out var key) && await sites.GetAsync(access.Agency, key, ct) is { } found ? found.Site : null;
}

public static class PolicySetup
{
    public static WebApplicationBuilder AddPolicies(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PolicyDraftStore>();
        builder.Services.AddSingleton<PolicyVersionStore>();
        builder.Services.AddSingleton<PolicyPublisher>();
        return builder;
    }
}
