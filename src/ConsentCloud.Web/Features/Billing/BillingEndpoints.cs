using System.Text;
using System.Text.Json;
using ConsentCloud.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>
/// POST /billing/stripe/webhook: Stripe's deliveries (anonymous; the signature on the raw body is the authentication).
/// Behind the billing HTTP function (Functions/Billing).
/// </summary>
public static partial class BillingEndpoints
{
    public const long WebhookBodyLimit = 64 * 1024;

    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>How far a delivery's signed timestamp may be from our clock, either way (Stripe's own default).</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromSeconds(Stripe.EventUtility.DefaultTimeTolerance);

    public static void MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/billing/stripe/webhook", WebhookAsync)
            .AllowAnonymous()
            .WithBodyLimit(WebhookBodyLimit)
            .ExcludeFromDescription();
    }

    public static async Task<Results<Ok, ProblemHttpResult>> WebhookAsync(
        HttpRequest request, StripeWebhookProcessor processor, IOptions<StripeOptions> options, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(BillingEndpoints).FullName!);
        if (options.Value.WebhookSecret is not { Length: > 0 } secret)
        {
            NotConfigured(logger);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Billing is not configured",
                detail: "The Stripe webhook secret is not set.");
        }

        // The raw body, exactly as signed (the body limit middleware answers 413 while this reads past the limit).
        using var reader = new StreamReader(request.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false));
        var json = await reader.ReadToEndAsync(ct);
        var header = request.Headers[SignatureHeader].ToString();
        if (header.Length == 0)
        {
            return SignatureRefused(logger, "no Stripe-Signature header.");
        }

        Stripe.Event stripeEvent;
        try
        {
            // Stripe.net checks the signature (every v1 value, in constant time) and the timestamp against our clock,
            // then parses the event. throwOnApiVersionMismatch is off: the endpoint's API version is chosen in Stripe's
            // dashboard, not by this code, and an event rendered at another version would be refused on every retry
            // for Stripe's three days and then be gone. The processor takes it (it reads few fields, and those Stripe
            // moved in 2025-03-31.basil in their older place too) and logs a warning naming both versions.
            stripeEvent = Stripe.EventUtility.ConstructEvent(json, header, secret, (long)SignatureTolerance.TotalSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Stripe.StripeException e)
        {
            return SignatureRefused(logger, e.Message); // Stripe.net's own sentence: no secret, signature or body
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            return Malformed();
        }

        if (await processor.ProcessAsync(stripeEvent, ct) == WebhookOutcome.Malformed)
        {
            return Malformed();
        }

        return TypedResults.Ok();
    }

    private static ProblemHttpResult SignatureRefused(ILogger logger, string reason)
    {
        SignatureRefusedLog(logger, reason);
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid signature",
            detail: "The Stripe-Signature header does not verify for this body.");
    }

    private static ProblemHttpResult Malformed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed event", detail: "The body is not a Stripe event.");

    [LoggerMessage(10, LogLevel.Warning, "A Stripe webhook was refused: {Reason}")]
    private static partial void SignatureRefusedLog(ILogger logger, string reason);

    [LoggerMessage(11, LogLevel.Error, "A Stripe webhook arrived but Billing:Stripe:WebhookSecret is not set.")]
    private static partial void NotConfigured(ILogger logger);
}
