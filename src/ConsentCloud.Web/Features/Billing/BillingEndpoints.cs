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

    public static void MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/billing/stripe/webhook", WebhookAsync)
            .AllowAnonymous()
            .WithBodyLimit(WebhookBodyLimit)
            .ExcludeFromDescription();
    }

    public static async Task<Results<Ok, ProblemHttpResult>> WebhookAsync(
        HttpRequest request, StripeWebhookSignature signature, StripeWebhookProcessor processor, IOptions<StripeOptions> options,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(BillingEndpoints).FullName!);
        if (options.Value.WebhookSecret is not { Length: > 0 } secret)
        {
            NotConfigured(logger);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Billing is not configured",
                detail: "The Stripe webhook secret is not set.");
        }

        // The raw bytes, exactly as signed (the body limit middleware answers 413 while this reads past the limit).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);

        var verdict = signature.Verify(request.Headers[StripeWebhookSignature.HeaderName].ToString(), body.Span, secret);
        if (verdict != StripeSignatureResult.Valid)
        {
            SignatureRefused(logger, verdict);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid signature",
                detail: "The Stripe-Signature header does not verify for this body.");
        }

        if (await processor.ProcessAsync(body, ct) == WebhookOutcome.Malformed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed event",
                detail: "The body is not a Stripe event.");
        }

        return TypedResults.Ok();
    }

    [LoggerMessage(10, LogLevel.Warning, "A Stripe webhook was refused: {Verdict}.")]
    private static partial void SignatureRefused(ILogger logger, StripeSignatureResult verdict);

    [LoggerMessage(11, LogLevel.Error, "A Stripe webhook arrived but Billing:Stripe:WebhookSecret is not set.")]
    private static partial void NotConfigured(ILogger logger);
}
