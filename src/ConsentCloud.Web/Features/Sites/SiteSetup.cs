using ConsentCloud.Web.Features.Agencies;

namespace ConsentCloud.Web.Features.Sites;

public static class SiteSetup
{
    public static WebApplicationBuilder AddSites(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgencyStore>();
        builder.Services.AddSingleton<SiteStore>();
        builder.Services.AddSingleton<SiteDirectory>();
        builder.Services.AddSingleton<SiteChanges>();
        builder.Services.AddSingleton<SiteService>();
        return builder;
    }
}
