using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>Stripe credentials (Key Vault secrets in Azure, referenced by the app settings in infra/app/app.bicep).</summary>
public sealed class StripeOptions
{
    public const string Section = "Billing:Stripe";

    /// <summary>The API secret key (<c>sk_...</c>), for the Stripe.net client.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// Stripe's API address, Stripe.net's <c>ApiBase</c> (a fake Stripe's in tests). Every call ConsentCloud makes goes
    /// there, meter events included (<c>/v1/billing/meter_events</c>); Stripe.net's Connect, Files and v2 meter-event
    /// stream addresses are never used, so they keep their defaults.
    /// </summary>
    public Uri ApiBase { get; set; } = new("https://api.stripe.com/");

    /// <summary>
    /// Where the portal's billing forms redirect (Checkout, the Billing Portal): the billing pages allow these as
    /// CSP form-action targets, since browsers check a form's redirects too.
    /// </summary>
    public string[] RedirectOrigins { get; set; } = ["https://checkout.stripe.com", "https://billing.stripe.com"];

    /// <summary>Whether Stripe can be called (the secret key is set).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>The webhook endpoint's signing secret (<c>whsec_...</c>).</summary>
    public string? WebhookSecret { get; set; }

    public static readonly RequiredSetting SecretKeySetting = new(
        $"{Section}:{nameof(SecretKey)}",
        "the Stripe API secret key (Key Vault secret stripe-secret-key).",
        "sk_test_example",
        Secret: true);

    public static readonly RequiredSetting WebhookSecretSetting = new(
        $"{Section}:{nameof(WebhookSecret)}",
        "the Stripe webhook endpoint's signing secret (Key Vault secret stripe-webhook-secret).",
        "whsec_example",
        Secret: true);
}
