using ConsentCloud.Web.Features.Billing.Usage;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Billing;

public static class BillingSetup
{
    public static WebApplicationBuilder AddBilling(this WebApplicationBuilder builder)
    {
        builder.RequireSetting(StripeOptions.SecretKeySetting);
        builder.RequireSetting(StripeOptions.WebhookSecretSetting);
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section);
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();
        foreach (var plan in builder.Configuration.GetSection($"{BillingOptions.Section}:{nameof(BillingOptions.Plans)}").GetChildren()
                     .Where(p => !p.GetValue<bool>(nameof(PlanOptions.Trial))))
        {
            builder.RequireSetting(new RequiredSetting(BillingOptions.PriceIdKey(plan.Key),
                $"the Stripe price id of the {plan.Key} plan (a recurring monthly price).", "price_1ExamplePlan" + plan.Key));
        }

        builder.RequireSetting(new RequiredSetting(BillingOptions.MeteredPriceIdKey,
            "the Stripe price id for decisions above a plan's included volume (a metered price on the consent_decisions meter).", "price_1ExampleMetered"));
        builder.Services.AddSingleton<PlanCatalog>();
        builder.Services.AddSingleton<AgencyStanding>();
        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<StripeWebhookProcessor>();
        builder.Services.AddSingleton<UsageReportStore>();
        builder.Services.AddSingleton<IJob, ReportUsage>();
        builder.Services.AddSingleton<IJob, PruneBillingEvents>();
        builder.Services.AddSingleton(services => CreateStripeClient(services.GetRequiredService<IOptions<StripeOptions>>().Value));
        return builder;
    }

    /// <summary>
    /// How often Stripe.net retries a call that failed on the way (network errors, timeouts, 409, 5xx, or when Stripe
    /// says <c>Stripe-Should-Retry</c>), with its backoff (from 0.5 s, growing, at most 5 s) and the same idempotency key:
    /// Stripe.net's default, and the three attempts our own client made. A 4xx (429 included) is Stripe's answer and
    /// is not retried: the portal tells the person to try again, the usage job tries the day again on its next run.
    /// </summary>
    public const int StripeNetworkRetries = 2;

    /// <summary>Each attempt's limit (Stripe.net's default is 80 s; a person is waiting behind the portal's calls).</summary>
    public static readonly TimeSpan StripeAttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The one Stripe.net client of the process: the secret key and API address from <see cref="StripeOptions"/> (a
    /// fake Stripe's address in tests), on an HttpClient that recycles its connections so DNS changes are seen.
    /// Stripe.net's request telemetry (timings of earlier requests, sent to Stripe in a header) is off.
    /// </summary>
    private static Stripe.StripeClient CreateStripeClient(StripeOptions options)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = StripeAttemptTimeout };
        return new Stripe.StripeClient(new Stripe.StripeClientOptions
        {
            ApiKey = options.IsConfigured ? options.SecretKey!.Trim() : null, // none: every call fails with Stripe.net's "No API key provided"
            ApiBase = options.ApiBase.GetLeftPart(UriPartial.Path).TrimEnd('/'),
            HttpClient = new Stripe.SystemNetHttpClient(http, StripeNetworkRetries, appInfo: null, enableTelemetry: false),
        });
    }
}
