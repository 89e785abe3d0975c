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
        builder.Services.AddSingleton<StripeWebhookSignature>();
        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<StripeWebhookProcessor>();
        builder.Services.AddHttpClient<StripeClient>((services, http) =>
        {
            http.BaseAddress = services.GetRequiredService<IOptions<StripeOptions>>().Value.ApiBase;
            http.Timeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
