namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>The running-sites pages (dashboard, site page, revision comparison, delete): their services.</summary>
public static class SitePagesSetup
{
    public static IServiceCollection AddSitePages(this IServiceCollection services)
    {
        services.AddSingleton<ISiteActivity, StatisticsSiteActivity>();
        return services;
    }
}
