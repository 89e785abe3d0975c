using System.Reflection;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Billing;

namespace ConsentCloud.Web.Features.Access;

/// <summary>Endpoint metadata: the route's {agencyId} scopes the call, and the caller must belong to that agency.</summary>
public sealed record AgencyScoped;

/// <summary>Endpoint metadata: the least role the call needs (API keys act as Admin).</summary>
public sealed record RequiresRole(AgencyRole Role);

public static class AgencyAccessExtensions
{
    public static RouteGroupBuilder RequireAgencyMember(this RouteGroupBuilder group) => group.WithMetadata(new AgencyScoped());

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, AgencyRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresRole(role));
}

/// <summary>
/// The resolved tenant of a management call, available to handlers as a parameter. Resolved once per request by
/// <see cref="AgencyAccessMiddleware"/>; a handler can never see an agency its caller does not belong to.
/// </summary>
public sealed record AgencyContext(AgencyId Agency, AgencyRole Role, Caller Caller)
{
    internal static readonly object ItemKey = new();

    /// <summary>The sites a Member or Client viewer is limited to; null when the caller sees every site of the agency.</summary>
    public IReadOnlyList<string>? SiteScope { get; init; }

    public bool CanSee(SiteKey site) => SiteScope is null || SiteScope.Contains(site.Value, StringComparer.Ordinal);

    public static ValueTask<AgencyContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<AgencyContext?>(context.Items[ItemKey] as AgencyContext
            ?? throw new InvalidOperationException($"{parameter.Name}: the endpoint is not agency-scoped."));
}

/// <summary>
/// For agency-scoped endpoints: 404 unless the caller is a member of the route's agency (or holds one of its API keys),
/// so another agency's resources are indistinguishable from missing ones; 404 too when the route names a site outside
/// a Member's or Client viewer's sites; 403 when the role is too low.
/// </summary>
internal sealed class AgencyAccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AgencyStore agencies, AgencyStanding standing)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AgencyScoped>() is null)
        {
            await next(context);
            return;
        }

        var caller = Caller.From(context.User);
        if (caller is null)
        {
            await Problem(context, StatusCodes.Status401Unauthorized, "Sign in or send an agency API key.");
            return;
        }

        var access = AgencyId.TryParse(context.Request.RouteValues["agencyId"] as string, out var agency)
            ? await ResolveAsync(agencies, agency, caller, context.RequestAborted)
            : null;
        if (access is null)
        {
            await Problem(context, StatusCodes.Status404NotFound, "No such agency.");
            return;
        }

        if (context.Request.RouteValues.TryGetValue("siteKey", out var siteValue) &&
            (!SiteKey.TryParse(siteValue as string, out var site) || !access.CanSee(site)))
        {
            await Problem(context, StatusCodes.Status404NotFound, "No such site.");
            return;
        }

        var required = endpoint.Metadata.GetMetadata<RequiresRole>()?.Role ?? AgencyRole.Member;
        if (access.Role < required)
        {
            await Problem(context, StatusCodes.Status403Forbidden, $"This needs the {required} role in the agency.");
            return;
        }

        // A lapsed agency may read, manage its people and keys, delete sites and subscribe, but not change or download.
        if (BillingLock.Applies(endpoint, context.Request.Method) &&
            await standing.GetAsync(agency, context.RequestAborted) is { IsLocked: true } lapsed)
        {
            await TypedResults.Problem(detail: BillingLock.Explain(lapsed), statusCode: StatusCodes.Status402PaymentRequired,
                title: "Subscription required", type: BillingLock.ProblemType).ExecuteAsync(context);
            return;
        }

        context.Items[AgencyContext.ItemKey] = access;
        await next(context);
    }

    private static async Task<AgencyContext?> ResolveAsync(AgencyStore agencies, AgencyId agency, Caller caller, CancellationToken ct) =>
        caller switch
        {
            ApiKeyCaller key when key.Agency == agency => new AgencyContext(agency, AgencyRole.Admin, caller),
            UserCaller user when await agencies.GetMemberAsync(agency, user.UserKey, ct) is { } member =>
                new AgencyContext(agency, member.Role, caller) { SiteScope = member.Role.SeesAllSites() ? null : member.Sites },
            _ => null,
        };

    private static Task Problem(HttpContext context, int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
}
