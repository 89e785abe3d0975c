using ConsentCloud.Web.Features.Billing;
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
        agency.MapPut("", UpdateAsync).RequireRole(AgencyRole.Owner).AllowWhenLapsed();

        agency.MapGet("/members", ListMembersAsync);
        agency.MapPost("/members", AddMemberAsync).RequireRole(AgencyRole.Admin).AllowWhenLapsed();
        agency.MapPut("/members/{userKey}", ChangeRoleAsync).RequireRole(AgencyRole.Admin).AllowWhenLapsed();
        agency.MapDelete("/members/{userKey}", RemoveMemberAsync).RequireRole(AgencyRole.Member).AllowWhenLapsed();

        agency.MapGet("/api-keys", ListApiKeysAsync).RequireRole(AgencyRole.Admin);
        agency.MapPost("/api-keys", CreateApiKeyAsync).RequireRole(AgencyRole.Admin).AllowWhenLapsed();
        agency.MapDelete("/api-keys/{keyId}", RevokeApiKeyAsync).RequireRole(AgencyRole.Admin).AllowWhenLapsed();
    }

    /// <summary>A signed-in person creates an agency and becomes its Owner.</summary>
    public static async Task<Results<Created<AgencyResponse>, ProblemHttpResult>> SignUpAsync(
        AgencyRequest request, HttpContext http, AgencySignUp signUp, CancellationToken ct)
    {
        if (Caller.From(http.User) is not UserCaller user)
        {
            return TypedResults.Problem(statusCode: 403, detail: "Only a signed-in person can create an agency, not an API key.");
        }

        var agency = await signUp.SignUpAsync(request.Name, request.Country, user, ct);
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
        AddMemberRequest request, AgencyContext access, MemberService members, TimeProvider clock, CancellationToken ct)
    {
        var member = new Member($"{request.TenantId:D}.{request.ObjectId:D}", request.Role, request.DisplayName, request.Email, clock.GetUtcNow())
        {
            Sites = request.Sites ?? [],
        };
        var result = await members.AddAsync(access.Agency, access.Role, member, ct);
        return result.Outcome == MemberOutcome.Done
            ? TypedResults.Created($"/api/v1/agencies/{access.Agency}/members/{member.UserKey}", MemberResponse.From(result.Member!))
            : MemberRules.Problem(result);
    }

    public static async Task<Results<Ok<MemberResponse>, NotFound, ProblemHttpResult>> ChangeRoleAsync(
        string userKey, ChangeRoleRequest request, AgencyContext access, MemberService members, CancellationToken ct)
    {
        var result = await members.ChangeRoleAsync(access.Agency, access.Role, userKey, request.Role, request.Sites, ct);
        return result.Outcome switch
        {
            MemberOutcome.Done => TypedResults.Ok(MemberResponse.From(result.Member!)),
            MemberOutcome.NotFound => TypedResults.NotFound(),
            _ => MemberRules.Problem(result),
        };
    }

    /// <summary>Admins remove Members and Client viewers, Owners anyone; everyone may leave. The last Owner stays.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveMemberAsync(
        string userKey, AgencyContext access, MemberService members, CancellationToken ct)
    {
        var result = await members.RemoveAsync(access.Agency, access.Role, (access.Caller as UserCaller)?.UserKey, userKey, ct);
        return result.Outcome switch
        {
            MemberOutcome.Done => TypedResults.NoContent(),
            MemberOutcome.NotFound => TypedResults.NotFound(),
            _ => MemberRules.Problem(result),
        };
    }

    public static async Task<Results<Ok<ApiKeyResponse[]>, ProblemHttpResult>> ListApiKeysAsync(AgencyContext access, AgencyStore store, CancellationToken ct) =>
        access.Caller is not UserCaller
            ? MemberRules.Forbidden("API keys are managed by people, not by other API keys.")
            : TypedResults.Ok((await store.ListApiKeysAsync(access.Agency, ct)).Select(ApiKeyResponse.From).ToArray());

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKeyAsync(
        CreateApiKeyRequest request, AgencyContext access, ApiKeyService keys, CancellationToken ct)
    {
        if (access.Caller is not UserCaller)
        {
            return MemberRules.Forbidden("API keys are managed by people, not by other API keys.");
        }

        var (key, presented) = await keys.CreateAsync(access.Agency, request.Name, access.Caller.AuditName, ct);
        return TypedResults.Created($"/api/v1/agencies/{access.Agency}/api-keys/{key.KeyId}", new CreatedApiKeyResponse(key.KeyId, key.Name, key.Created, presented));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeApiKeyAsync(
        string keyId, AgencyContext access, ApiKeyService keys, CancellationToken ct)
    {
        if (access.Caller is not UserCaller)
        {
            return MemberRules.Forbidden("API keys are managed by people, not by other API keys.");
        }

        return await keys.RevokeAsync(access.Agency, keyId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}

internal static class MemberRules
{
    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(statusCode: 403, detail: detail);

    public static ProblemHttpResult Problem(MemberResult result) => TypedResults.Problem(
        statusCode: result.Outcome switch
        {
            MemberOutcome.Forbidden => 403,
            MemberOutcome.LastOwner or MemberOutcome.AlreadyMember => 409,
            MemberOutcome.NotFound => 404,
            _ => 400,
        },
        detail: result.Detail);
}
