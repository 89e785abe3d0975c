using System.Globalization;
using System.Threading.RateLimiting;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Jobs;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Census;

public static class CensusSetup
{
    public const string IngestPolicy = "census-ingest";

    public static WebApplicationBuilder AddCensus(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CensusOptions>().BindConfiguration(CensusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CensusStore>();
        builder.Services.AddSingleton<CensusFindings>();
        builder.Services.AddSingleton<CensusDraft>();
        builder.Services.AddSingleton<CensusCounter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CensusCounter>());
        builder.Services.AddSingleton<IJob, PurgeCensus>();
        // As consent ingest (ConsentSetup): per client address and site, in memory only, never stored or logged; a
        // bucket of its own, so beacons never eat into a visitor's decisions.
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(IngestPolicy, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<CensusOptions>>().Value;
            var key = string.Create(CultureInfo.InvariantCulture, $"{ClientAddress.Of(context)}|{context.Request.RouteValues["siteKey"]}");
            return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = Math.Max(1, limits.PerMinute / 6),
                ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }));
        return builder;
    }
}
