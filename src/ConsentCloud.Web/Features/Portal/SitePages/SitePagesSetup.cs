namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>The running-sites pages (dashboard, site page, revision comparison, delete): their services.</summary>
public static class SitePagesSetup
{
    public static IServiceCollection AddSitePages(this IServiceCollection services)
    {
#if REPORTS_STATISTICS
        services.AddSingleton<ISiteActivity, StatisticsSiteActivity>();
#else
        services.AddSingleton<ISiteActivity, NoSiteActivity>();
#endif
        return services;
    }
}
