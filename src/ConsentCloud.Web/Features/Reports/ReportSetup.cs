namespace ConsentCloud.Web.Features.Reports;

public static class ReportSetup
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ConsentExport>();
        builder.Services.AddSingleton<ConsentProof>();
        builder.Services.AddSingleton<DownloadAudit>();
        builder.Services.AddSingleton<StatisticsStore>();
        builder.Services.AddSingleton<ConsentStatistics>();
        builder.Services.AddSingleton<StatisticsCounter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StatisticsCounter>());
        builder.Services.AddSingleton<Jobs.IJob, RecountStatistics>();
        return builder;
    }
}
