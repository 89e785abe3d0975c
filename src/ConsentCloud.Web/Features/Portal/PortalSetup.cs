using ConsentCloud.Web.Features.Email;
using ConsentCloud.Web.Features.Portal.SignIn;
using ConsentCloud.Web.Features.Portal.SitePages;
using ConsentCloud.Web.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>The agency portal: server-rendered Razor Pages under /portal (Features/Portal/Pages), its own cookie.</summary>
public static class PortalSetup
{
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    /// <summary>In Azure the portal signs people in with Microsoft: its web app registration and secret are required.</summary>
    public static readonly RequiredSetting SignInClientId = new(
        $"{MicrosoftSignInOptions.Section}:{nameof(MicrosoftSignInOptions.ClientId)}",
        "the portal's Entra ID web app registration (application/client) id, for \"Sign in with Microsoft\".",
        "00000000-0000-0000-0000-0000000000e2");

    public static readonly RequiredSetting SignInClientSecret = new(
        $"{MicrosoftSignInOptions.Section}:{nameof(MicrosoftSignInOptions.ClientSecret)}",
        "the portal web app registration's client secret (Key Vault secret entra-client-secret).",
        "example-portal-client-secret",
        Secret: true);

    /// <summary>Behind the Functions host the app sees loopback requests, so it cannot tell its public origin itself.</summary>
    public static readonly RequiredSetting PublicOrigin = new(
        $"{PortalOptions.Section}:{nameof(PortalOptions.PublicOrigin)}",
        "the portal's public origin (https://host), for the sign-in redirect URI and the links in invitations and Stripe redirects (infra sets it from the custom domain, the publicOrigin parameter or the app's host name).",
        "https://consent.example.com");

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.RequireSetting(SignInClientId);
        builder.RequireSetting(SignInClientSecret);
        builder.RequireSetting(PublicOrigin);
        services.AddOptions<MicrosoftSignInOptions>().BindConfiguration(MicrosoftSignInOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MicrosoftSignInOptions>, MicrosoftSignInOptionsValidator>());
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DevSignInOptions>().BindConfiguration(DevSignInOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DevSignInOptions>, DevSignInOptionsValidator>());

        services.AddAuthentication().AddPortalSignIn();
        services.AddAuthorizationBuilder().AddPolicy(PortalSession.Policy, policy => policy
            .AddAuthenticationSchemes(PortalSession.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(Access.EntraClaims.TenantId)
            .RequireClaim(Access.EntraClaims.ObjectId));

        services.AddLocalization();
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features/Portal/Pages";
            options.Conventions.AuthorizeFolder("/", PortalSession.Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/SignInCallback");
            options.Conventions.AllowAnonymousToPage("/SignOut");
            options.Conventions.AllowAnonymousToPage("/DevSignIn");
            options.Conventions.AllowAnonymousToPage("/Invitation");
            options.Conventions.AllowAnonymousToPage("/Error");
        }).AddMvcOptions(options => options.Filters.AddService<PortalAccessFilter>());
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "cc_antiforgery";
            options.Cookie.Path = PortalPaths.Home;
            // Not Always: antiforgery refuses to run on a plain-http request with Always, and behind the Functions host
            // (custom handler) requests reach the app over loopback http. The token is no credential on its own (it is
            // bound to the session cookie, which is always Secure); Strict keeps it from other sites' requests.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__RequestVerificationToken";
        });

        services.AddHttpContextAccessor();
        services.AddScoped<PortalLayout>();
        services.AddScoped<PortalAccessFilter>();
        services.AddSingleton<Setup.SetupProgressStore>();
        services.AddSingleton<InvitationCookie>();
        services.TryAddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddSitePages();
        return builder;
    }

    /// <summary>For /portal only: security headers, readable error pages (not ProblemDetails) for errors and status codes.</summary>
    public static void UsePortal(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PortalPaths.Home), portal =>
        {
            // Routing ran before this branch (UseApiDefaults), so a re-executed request (the error page) must be routed
            // again. The re-executing middlewares do that when they find the app's endpoint route builder under this
            // key, which WebApplication gives its own pipeline but removes from branches (WebApplication.New).
            portal.Properties[GlobalEndpointRouteBuilderKey] = app;
            portal.UseMiddleware<PortalSecurityHeaders>();
            portal.UsePortalLanguage();
            portal.UseExceptionHandler("/portal/error/500");
            portal.UseStatusCodePagesWithReExecute("/portal/error/{0}");
        });

        if (app.Services.GetRequiredService<IOptions<DevSignInOptions>>().Value.Enabled)
        {
            PortalLog.DevSignInEnabled(app.Services.GetRequiredService<ILogger<DevSignInOptions>>());
        }
    }

    public static void MapPortal(this WebApplication app)
    {
        // Pages answer GET (and HEAD) and POST only; anything else never reaches a page handler.
        app.MapRazorPages().WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post]));
        app.MapPortalAssets();
    }
}
