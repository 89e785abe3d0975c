using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Billing;
using Microsoft.AspNetCore.Authentication;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>What the shared layout shows: the signed-in person, their agencies (the switcher) and the current agency.</summary>
public sealed class PortalLayout(IHttpContextAccessor accessor, AgencyStore agencies, AgencyStanding standing)
{
    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No request.");

    public PortalContext? Current => Http.Items[typeof(PortalContext)] as PortalContext;

    public string Nonce => PortalSecurityHeaders.Nonce(Http);

    /// <summary>The cookie's user, also on pages that allow anonymous visitors (the sign-in and error pages).</summary>
    public async Task<UserCaller?> UserAsync()
    {
        if (PortalSession.User(Http.User) is { } user)
        {
            return user;
        }

        var result = await Http.AuthenticateAsync(PortalSession.Scheme);
        return result.Succeeded ? PortalSession.User(result.Principal) : null;
    }

    /// <summary>The current agency's billing standing, for the notice above every page of the agency (null elsewhere).</summary>
    public async Task<BillingStanding?> StandingAsync() =>
        Current is { } current ? await standing.GetAsync(current.Agency, Http.RequestAborted) : null;

    /// <summary>The person's agencies with their role in each, for the agency switcher.</summary>
    public async Task<IReadOnlyList<(Agency Agency, AgencyRole Role)>> AgenciesAsync(UserCaller user)
    {
        var list = new List<(Agency, AgencyRole)>();
        foreach (var agency in await agencies.ListForUserAsync(user.UserKey, Http.RequestAborted))
        {
            if (await agencies.GetMemberAsync(agency.Id, user.UserKey, Http.RequestAborted) is { } member)
            {
                list.Add((agency, member.Role));
            }
        }

        return [.. list.OrderBy(a => a.Item1.Name, StringComparer.CurrentCultureIgnoreCase)];
    }
}
