using Azure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Policies;

public sealed record PolicyDraftResponse(PolicyDraft Draft, IReadOnlyList<PolicyProblem> Problems)
{
    public bool Publishable => Problems.Count == 0;
}

public sealed record PolicyVersionResponse(string Kind, int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy, int BannerRevision, IReadOnlyList<string> Languages, string Url)
{
    public static PolicyVersionResponse From(string siteKey, PolicyVersion v) => new(
        PolicyRenderer.Slug(v.Kind), v.Number, v.ContentHash, v.PublishedAt, v.PublishedBy, v.BannerRevision, v.Languages, $"{PolicyRenderer.Path(siteKey, v.Kind)}/v/{v.Number}");
}

public sealed record PolicyPublishResponse(IReadOnlyList<PolicyPublished> Policies, IReadOnlyList<PolicyProblem> NotPublished, string PrivacyUrl, string CookiesUrl);

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
        string siteKey, AgencyContext access, SiteStore sites, PolicyDraftStore drafts, HttpContext http, CancellationToken ct)
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
        return TypedResults.Ok(new PolicyDraftResponse(draft, PolicyRules.CheckPublishable(draft, site)));
    }

    /// <summary>Saves the sections (unfinished work is kept); refuses unknown sections or languages and oversized Markdown.</summary>
    public static async Task<Results<Ok<PolicyDraftResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SaveDraftAsync(
        string siteKey, PolicyDraft draft, AgencyContext access, SiteStore sites, PolicyDraftStore drafts, HttpContext http, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        if (PolicyRules.CheckShape(draft) is { Count: > 0 } problems)
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

        return TypedResults.Ok(new PolicyDraftResponse(draft, PolicyRules.CheckPublishable(draft, site)));
    }

    public static async Task<Results<Ok<PolicyPublishResponse>, NotFound, ValidationProblem>> PublishAsync(
        string siteKey, AgencyContext access, SiteStore sites, PolicyPublisher publisher, CancellationToken ct)
    {
        if (await FindSiteAsync(siteKey, access, sites, ct) is not { } site)
        {
            return TypedResults.NotFound();
        }

        return await publisher.PublishAsync(site, access.Caller.AuditName, [PolicyKind.Privacy, PolicyKind.Cookies], ct) switch
        {
            PolicyOutcome.Published p => TypedResults.Ok(new PolicyPublishResponse(p.Policies, p.Skipped,
                PolicyRenderer.Path(site.Key.Value, PolicyKind.Privacy), PolicyRenderer.Path(site.Key.Value, PolicyKind.Cookies))),
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
