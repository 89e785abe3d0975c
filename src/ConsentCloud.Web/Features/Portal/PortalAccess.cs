using System.Reflection;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>
/// A portal page of one agency: its route has <c>{agencyId}</c>. The signed-in person must be agency staff (Member or
/// above) with at least <see cref="MinimumRole"/>. Put it on the PageModel (which derives from <see cref="PortalPageModel"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AgencyPageAttribute(AgencyRole minimumRole = AgencyRole.Member) : Attribute
{
    public AgencyRole MinimumRole { get; } = minimumRole < AgencyRole.Member ? AgencyRole.Member : minimumRole;
}

/// <summary>
/// A portal page of one site: its route has <c>{siteKey}</c> (the agency is the site's own). The person must be a
/// member who sees that site (Admins and Owners all sites; Members their assigned sites; a Client viewer their one
/// site) with at least <see cref="MinimumRole"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class SitePageAttribute(AgencyRole minimumRole = AgencyRole.ClientViewer) : Attribute
{
    public AgencyRole MinimumRole { get; } = minimumRole;
}

/// <summary>On a handler method (OnPostDelete...): the least role that handler needs, above the page's own minimum.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HandlerRoleAttribute(AgencyRole minimumRole) : Attribute
{
    public AgencyRole MinimumRole { get; } = minimumRole;
}

/// <summary>The resolved tenant of a portal request: the agency, the person's membership in it, and the site if any.</summary>
public sealed record PortalContext(Agency Agency, Member Member, UserCaller User, Site? Site)
{
    public AgencyRole Role => Member.Role;
}

/// <summary>
/// Resolves and checks <see cref="AgencyPageAttribute"/> / <see cref="SitePageAttribute"/> before any handler runs.
/// The rule, for every portal page and handler:
/// <list type="bullet">
/// <item>not signed in: redirect to sign-in (the folder's authorisation policy, before this filter);</item>
/// <item>outside your reach — another agency, a site you do not see, an agency page for a Client viewer, a malformed
/// id: <b>404</b>, the same answer as for something that does not exist;</item>
/// <item>within your reach but your role is too low (a Member on the Members page): <b>403</b>.</item>
/// </list>
/// A page whose route names an agency or a site but declares neither attribute is refused with 404: fail closed.
/// Then the billing lock (<see cref="BillingLock"/>): 402 for a change or a download while the agency is lapsed.
/// </summary>
internal sealed class PortalAccessFilter(AgencyStore agencies, SiteStore sites, AgencyStanding standing) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var model = context.ActionDescriptor.ModelTypeInfo;
        var agencyPage = model?.GetCustomAttribute<AgencyPageAttribute>();
        var sitePage = model?.GetCustomAttribute<SitePageAttribute>();
        var routeValues = context.RouteData.Values;
        if (agencyPage is null && sitePage is null)
        {
            if (routeValues.ContainsKey("agencyId") || routeValues.ContainsKey("siteKey"))
            {
                context.Result = new NotFoundResult();
                return;
            }

            await next();
            return;
        }

        var ct = context.HttpContext.RequestAborted;
        var resolved = PortalSession.User(context.HttpContext.User) is not { } user ? null
            : sitePage is not null ? await ResolveSiteAsync(routeValues["siteKey"] as string, user, ct)
            : await ResolveAgencyAsync(routeValues["agencyId"] as string, user, ct);
        if (resolved is null)
        {
            context.Result = new NotFoundResult();
            return;
        }

        var required = sitePage?.MinimumRole ?? agencyPage!.MinimumRole;
        if (context.HandlerMethod?.MethodInfo.GetCustomAttribute<HandlerRoleAttribute>() is { } handlerRole && handlerRole.MinimumRole > required)
        {
            required = handlerRole.MinimumRole;
        }

        if (resolved.Role < required)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        context.HttpContext.Items[typeof(PortalContext)] = resolved;

        // A lapsed agency may look, manage people and keys, delete sites and subscribe; not change or download (402,
        // shown by the error page, which explains the lock).
        if (BillingLock.Applies(model!, context.HandlerMethod?.MethodInfo, context.HttpContext.Request.Method) &&
            (await standing.GetAsync(resolved.Agency, ct)).IsLocked)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status402PaymentRequired);
            return;
        }

        if (context.HandlerInstance is PortalPageModel page)
        {
            page.Portal = resolved;
        }

        await next();
    }

    private async Task<PortalContext?> ResolveAgencyAsync(string? agencyId, UserCaller user, CancellationToken ct)
    {
        if (!AgencyId.TryParse(agencyId, out var id) ||
            await agencies.GetMemberAsync(id, user.UserKey, ct) is not { Role: >= AgencyRole.Member } member ||
            await agencies.GetAsync(id, ct) is not { } agency)
        {
            return null;
        }

        return new PortalContext(agency, member, user, null);
    }

    private async Task<PortalContext?> ResolveSiteAsync(string? siteKey, UserCaller user, CancellationToken ct)
    {
        // The site key names its agency (the SiteKeys index); membership and the site are then read in that agency only.
        if (!SiteKey.TryParse(siteKey, out var key) ||
            await sites.FindAgencyAsync(key, ct) is not { } agencyId ||
            await agencies.GetMemberAsync(agencyId, user.UserKey, ct) is not { } member ||
            !member.CanSee(key) ||
            await sites.GetAsync(agencyId, key, ct) is not { } site ||
            await agencies.GetAsync(agencyId, ct) is not { } agency)
        {
            return null;
        }

        return new PortalContext(agency, member, user, site.Site);
    }
}

/// <summary>
/// Base class for portal pages of an agency or a site. Declare who may open the page with
/// <see cref="AgencyPageAttribute"/> or <see cref="SitePageAttribute"/> (and <see cref="HandlerRoleAttribute"/> on
/// handlers that need more); by the time a handler runs, <see cref="Portal"/> holds the checked agency, membership
/// and site. Example:
/// <code>
/// [SitePage(AgencyRole.Member)]
/// public sealed class SettingsModel(SiteStore sites) : PortalPageModel
/// {
///     public void OnGet() { /* Portal.Site is the route's site, visible to this person */ }
///     [HandlerRole(AgencyRole.Admin)] public Task&lt;IActionResult&gt; OnPostDeleteAsync() { ... }
/// }
/// </code>
/// </summary>
public abstract class PortalPageModel : PageModel
{
    public PortalContext Portal { get; internal set; } = null!;

    /// <summary>The site of a <see cref="SitePageAttribute"/> page.</summary>
    public Site Site => Portal.Site ?? throw new InvalidOperationException("This page is not a site page.");
}
