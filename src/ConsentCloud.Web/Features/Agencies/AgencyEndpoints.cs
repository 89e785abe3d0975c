using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>/api/v1/agencies: sign-up, the agency, its members and API keys.</summary>
public static class AgencyEndpoints
{
    public static void MapAgencyEndpoints(this IEndpointRouteBuilder app)
    {
        var agencies = app.MapGroup("/api/v1/agencies").RequireAuthorization(AccessSetup.ApiPolicy).WithTags("Agencies");
        agencies.MapPost("", SignUpAsync);
        agencies.MapGet("", ListMineAsync);

        var agency = agencies.MapGroup("/{agencyId}").RequireAgencyMember();
        agency.MapGet("", GetAsync);
        agency.MapPut("", UpdateAsync).RequireRole(AgencyRole.Owner);

        agency.MapGet("/members", ListMembersAsync);
        agency.MapPost("/members", AddMemberAsync).RequireRole(AgencyRole.Admin);
        agency.MapPut("/members/{userKey}", ChangeRoleAsync).RequireRole(AgencyRole.Admin);
        agency.MapDelete("/members/{userKey}", RemoveMemberAsync).RequireRole(AgencyRole.Member);

        agency.MapGet("/api-keys", ListApiKeysAsync).RequireRole(AgencyRole.Admin);
        agency.MapPost("/api-keys", CreateApiKeyAsync).RequireRole(AgencyRole.Admin);
        agency.MapDelete("/api-keys/{keyId}", RevokeApiKeyAsync).RequireRole(AgencyRole.Admin);
    }

    /// <summary>A signed-in person creates an agency and becomes its Owner.</summary>
    public static async Task<Results<Created<AgencyResponse>, ProblemHttpResult>> SignUpAsync(
        AgencyRequest request, HttpContext http, AgencyStore store, TimeProvider clock, CancellationToken ct)
    {
        if (Caller.From(http.User) is not UserCaller user)
        {
            return TypedResults.Problem(statusCode: 403, detail: "Only a signed-in person can create an agency, not an API key.");
        }

        var now = clock.GetUtcNow();
        var agency = new Agency(AgencyId.New(), request.Name.Trim(), request.Country, now, user.AuditName);
        await store.CreateAsync(agency, new Member(user.UserKey, AgencyRole.Owner, user.DisplayName, user.Email, now), ct);
        return TypedResults.Created($"/api/v1/agencies/{agency.Id}", AgencyResponse.From(agency, AgencyRole.Owner));
    }

    public static async Task<Ok<AgencyResponse[]>> ListMineAsync(HttpContext http, AgencyStore store, CancellationToken ct)
    {
        switch (Caller.From(http.User))
        {
            case UserCaller user:
                var mine = await store.ListForUserAsync(user.UserKey, ct);
                var result = new List<AgencyResponse>();
                foreach (var agency in mine)
                {
                    result.Add(AgencyResponse.From(agency, (await store.GetMemberAsync(agency.Id, user.UserKey, ct))?.Role));
                }

                return TypedResults.Ok(result.ToArray());
            case ApiKeyCaller key when await store.GetAsync(key.Agency, ct) is { } own:
                return TypedResults.Ok(new[] { AgencyResponse.From(own, AgencyRole.Admin) });
            default:
                return TypedResults.Ok(Array.Empty<AgencyResponse>());
        }
    }

    public static async Task<Results<Ok<AgencyResponse>, NotFound>> GetAsync(AgencyContext access, AgencyStore store, CancellationToken ct) =>
        await store.GetAsync(access.Agency, ct) is { } agency ? TypedResults.Ok(AgencyResponse.From(agency, access.Role)) : TypedResults.NotFound();

    public static async Task<Results<Ok<AgencyResponse>, NotFound>> UpdateAsync(AgencyRequest request, AgencyContext access, AgencyStore store, CancellationToken ct)
    {
        if (await store.GetAsync(access.Agency, ct) is not { } agency)
        {
            return TypedResults.NotFound();
        }

        agency = agency with { Name = request.Name.Trim(), Country = request.Country };
        await store.UpdateAsync(agency, ct);
        return TypedResults.Ok(AgencyResponse.From(agency, access.Role));
    }

    public static async Task<Ok<MemberResponse[]>> ListMembersAsync(AgencyContext access, AgencyStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListMembersAsync(access.Agency, ct)).Select(MemberResponse.From).ToArray());

    public static async Task<Results<Created<MemberResponse>, ProblemHttpResult>> AddMemberAsync(
        AddMemberRequest request, AgencyContext access, AgencyStore store, TimeProvider clock, CancellationToken ct)
    {
        if (MemberRules.CannotGrant(access, request.Role) is { } refusal)
        {
            return refusal;
        }

        var userKey = $"{request.TenantId:D}.{request.ObjectId:D}";
        if (await store.GetMemberAsync(access.Agency, userKey, ct) is not null)
        {
            return TypedResults.Problem(statusCode: 409, detail: "That person is already a member; change their role instead.");
        }

        var member = new Member(userKey, request.Role, request.DisplayName, request.Email, clock.GetUtcNow());
        await store.SaveMemberAsync(access.Agency, member, ct);
        return TypedResults.Created($"/api/v1/agencies/{access.Agency}/members/{userKey}", MemberResponse.From(member));
    }

    public static async Task<Results<Ok<MemberResponse>, NotFound, ProblemHttpResult>> ChangeRoleAsync(
        string userKey, ChangeRoleRequest request, AgencyContext access, AgencyStore store, CancellationToken ct)
    {
        if (!MemberRules.IsUserKey(userKey) || await store.GetMemberAsync(access.Agency, userKey, ct) is not { } member)
        {
            return TypedResults.NotFound();
        }

        if ((MemberRules.CannotGrant(access, member.Role) ?? MemberRules.CannotGrant(access, request.Role)) is { } refusal)
        {
            return refusal;
        }

        if (member.Role == AgencyRole.Owner && request.Role != AgencyRole.Owner && await MemberRules.IsLastOwnerAsync(store, access.Agency, ct))
        {
            return MemberRules.LastOwner();
        }

        member = member with { Role = request.Role };
        await store.SaveMemberAsync(access.Agency, member, ct);
        return TypedResults.Ok(MemberResponse.From(member));
    }

    /// <summary>Admins remove Members, Owners anyone; everyone may leave. The last Owner stays.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveMemberAsync(
        string userKey, AgencyContext access, AgencyStore store, CancellationToken ct)
    {
        if (!MemberRules.IsUserKey(userKey) || await store.GetMemberAsync(access.Agency, userKey, ct) is not { } member)
        {
            return TypedResults.NotFound();
        }

        var leaving = access.Caller is UserCaller user && user.UserKey == userKey;
        if (!leaving && (access.Role < AgencyRole.Admin ? MemberRules.Forbidden("Only Admins and Owners remove members.") : MemberRules.CannotGrant(access, member.Role)) is { } refusal)
        {
            return refusal;
        }

        if (member.Role == AgencyRole.Owner && await MemberRules.IsLastOwnerAsync(store, access.Agency, ct))
        {
            return MemberRules.LastOwner();
        }

        await store.RemoveMemberAsync(access.Agency, userKey, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ApiKeyResponse[]>, ProblemHttpResult>> ListApiKeysAsync(AgencyContext access, AgencyStore store, CancellationToken ct) =>
        access.Caller is not UserCaller
            ? MemberRules.Forbidden("API keys are managed by people, not by other API keys.")
            : TypedResults.Ok((await store.ListApiKeysAsync(access.Agency, ct)).Select(ApiKeyResponse.From).ToArray());

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKeyAsync(
        CreateApiKeyRequest request, AgencyContext access, AgencyStore store, TimeProvider clock, CancellationToken ct)
    {
        if (access.Caller is not UserCaller)
        {
            return MemberRules.Forbidden("API keys are managed by people, not by other API keys.");
        }

        var (keyId, hash, presented) = ApiKeyAuthentication.NewKey(access.Agency);
        var key = new ApiKey(keyId, request.Name.Trim(), hash, clock.GetUtcNow(), access.Caller.AuditName, null);
        await store.AddApiKeyAsync(access.Agency, key, ct);
        return TypedResults.Created($"/api/v1/agencies/{access.Agency}/api-keys/{keyId}", new CreatedApiKeyResponse(keyId, key.Name, key.Created, presented));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeApiKeyAsync(
        string keyId, AgencyContext access, AgencyStore store, TimeProvider clock, CancellationToken ct)
    {
        if (access.Caller is not UserCaller)
        {
            return MemberRules.Forbidden("API keys are managed by people, not by other API keys.");
        }

        if (!Ids.IsValid(keyId, 16) || await store.GetApiKeyAsync(access.Agency, keyId, ct) is not { } key)
        {
            return TypedResults.NotFound();
        }

        if (key.Revoked is null)
        {
            await store.RevokeApiKeyAsync(access.Agency, key, clock.GetUtcNow(), ct);
        }

        return TypedResults.NoContent();
    }
}

internal static class MemberRules
{
    /// <summary>Owners grant any role; Admins only Member; nobody grants above their own role.</summary>
    public static ProblemHttpResult? CannotGrant(AgencyContext access, AgencyRole role) =>
        access.Role == AgencyRole.Owner || role == AgencyRole.Member ? null : Forbidden("Only Owners grant or change the Admin and Owner roles.");

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(statusCode: 403, detail: detail);

    public static ProblemHttpResult LastOwner() =>
        TypedResults.Problem(statusCode: 409, detail: "An agency always keeps at least one Owner: make someone else Owner first.");

    public static async Task<bool> IsLastOwnerAsync(AgencyStore store, Api.AgencyId agency, CancellationToken ct) =>
        (await store.ListMembersAsync(agency, ct)).Count(m => m.Role == AgencyRole.Owner) <= 1;

    /// <summary>"{tenant guid}.{object guid}".</summary>
    public static bool IsUserKey(string value) =>
        value.Length == 73 && value[36] == '.' && Guid.TryParseExact(value[..36], "D", out _) && Guid.TryParseExact(value[37..], "D", out _);
}
