using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>A signed-in person creates an agency and becomes its first Owner (the API's sign-up and the portal's).</summary>
public sealed class AgencySignUp(AgencyStore store, TimeProvider clock)
{
    public async Task<Agency> SignUpAsync(string name, string country, UserCaller user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var agency = new Agency(AgencyId.New(), name.Trim(), country.Trim().ToUpperInvariant(), now, user.AuditName);
        await store.CreateAsync(agency, new Member(user.UserKey, AgencyRole.Owner, user.DisplayName, user.Email, now), ct);
        return agency;
    }
}
