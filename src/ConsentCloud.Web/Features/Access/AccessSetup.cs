using ConsentCloud.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace ConsentCloud.Web.Features.Access;

public static class AccessSetup
{
    /// <summary>The management API's scheme: an API key when X-Api-Key is sent, otherwise an Entra bearer token.</summary>
    public const string ApiScheme = "Api";
    public const string ApiPolicy = "Api";

    /// <summary>Without Entra ID nobody can sign up an agency or call the API as a person: required in Azure.</summary>
    public static readonly RequiredSetting EntraClientId = new(
        $"{EntraOptions.Section}:{nameof(EntraOptions.ClientId)}",
        "the management API's Entra ID app registration (application/client) id, the audience of its access tokens.",
        "00000000-0000-0000-0000-0000000000e1");

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddAuthentication(ApiScheme)
            .AddPolicyScheme(ApiScheme, "API key or Entra ID", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName : EntraBearer.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddEntraBearer();
        builder.RequireSetting(EntraClientId);
        builder.Services.AddSingleton<Agencies.AgencySignUp>();
        builder.Services.AddSingleton<Agencies.MemberService>();
        builder.Services.AddSingleton<Agencies.ApiKeyService>();
        builder.Services.AddSingleton<Agencies.InvitationService>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser());
        return builder;
    }

    public static void UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AgencyAccessMiddleware>();
    }
}
