using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace ConsentCloud.Web.Features.Access;

public static class AccessSetup
{
    /// <summary>The management API's scheme: an API key when X-Api-Key is sent, otherwise an Entra bearer token.</summary>
    public const string ApiScheme = "Api";
    public const string ApiPolicy = "Api";

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddAuthentication(ApiScheme)
            .AddPolicyScheme(ApiScheme, "API key or Entra ID", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName : EntraBearer.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddEntraBearer();
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
