namespace ConsentCloud.Web.Features.Billing;

/// <summary>
/// Why a Stripe call failed, as much as is safe to log and show: the HTTP status (0 when Stripe was not reached) and
/// Stripe's error type and code. Never the key, the request or Stripe's message (it can quote what was sent).
/// </summary>
public sealed record StripeFailure(int Status, string? Type, string? Code)
{
    /// <summary>
    /// The failure a Stripe.net call ended in, after its own retries; null for an exception that is not a failure of
    /// the call (the caller's cancellation, a bug), which the caller lets through.
    /// </summary>
    public static StripeFailure? Of(Exception exception, CancellationToken ct) => exception switch
    {
        Stripe.StripeException stripe => new((int)stripe.HttpStatusCode, stripe.StripeError?.Type, stripe.StripeError?.Code),
        HttpRequestException => new(0, "network_error", null),
        TaskCanceledException when !ct.IsCancellationRequested => new(0, "timeout", null),
        _ => null,
    };

    public override string ToString() => FormattableString.Invariant($"{Status} {Type ?? "-"}/{Code ?? "-"}");
}
