namespace ConsentCloud.Web.Features.Jobs;

public static class JobSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section);
        builder.Services.AddOptions<PlatformOptions>().BindConfiguration(PlatformOptions.Section);
        builder.Services.AddSingleton<JobRunStore>();
        builder.Services.AddSingleton<JobLock>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService<LocalScheduler>();
        return builder;
    }
}
