using ConsentCloud.Web.Features.Jobs;

namespace ConsentCloud.Web.Features.Retention;

public static class RetentionSetup
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConsentRetention>();
        builder.Services.AddSingleton<IJob, ExpireConsents>();
        builder.Services.AddSingleton<IJob, PurgeRetention>();
        return builder;
    }
}
