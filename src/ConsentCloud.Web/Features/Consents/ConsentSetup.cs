using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Consents;

public sealed class ConsentIngestOptions
{
    public const string Section = "Consents:RateLimit";

    /// <summary>Requests one client address may make to one site in a burst.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 60;

    /// <summary>Requests per minute the burst refills with (generous: many visitors can share one address behind NAT).</summary>
    [Range(1, 1_000_000)]
    public int PerMinute { get; set; } = 120;
}

public static class ConsentSetup
{
    public const string IngestPolicy = "consent-ingest";

    public static WebApplicationBuilder AddConsents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConsentLog>();
        builder.Services.AddSingleton<ConsentCommitter>();
        builder.Services.AddOptions<ConsentCommitOptions>().BindConfiguration(ConsentCommitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RevisionFacts>();
        builder.Services.AddOptions<ConsentIngestOptions>().BindConfiguration(ConsentIngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(30);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: 429, title: "Too many requests", detail: "Slow down and try again after the Retry-After delay.")
                    .ExecuteAsync(context.HttpContext);
            };
            // Per client address and site, in memory only: the address is never stored or logged.
            options.AddPolicy(IngestPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<ConsentIngestOptions>>().Value;
                var key = $"{ClientAddress.Of(context)}|{context.Request.RouteValues["siteKey"]}";
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = Math.Max(1, limits.PerMinute / 6),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return builder;
    }
}
