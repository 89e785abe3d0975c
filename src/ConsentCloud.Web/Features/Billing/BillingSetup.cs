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
        builder.Services.AddSingleton<StripeWebhookSignature>();
        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<StripeWebhookProcessor>();
        builder.Services.AddSingleton<UsageReportStore>();
        builder.Services.AddSingleton<IJob, ReportUsage>();
        builder.Services.AddSingleton<IJob, PruneBillingEvents>();
        builder.Services.AddHttpClient<StripeClient>((services, http) =>
        {
            http.BaseAddress = services.GetRequiredService<IOptions<StripeOptions>>().Value.ApiBase;
            http.Timeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
