using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConsentCloud.Web.Features.Billing;

/// <summary>Why a <c>Stripe-Signature</c> header was accepted or refused (safe to log: it holds no secret or payload).</summary>
public enum StripeSignatureResult
{
    Valid,
    MissingHeader,
    MalformedHeader,
    NoMatchingSignature,
    OutsideTolerance,
}

/// <summary>
/// Checks a Stripe webhook's <c>Stripe-Signature</c> header (<c>t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=...]</c>) against the raw
/// request body: hex(HMAC-SHA256(key = UTF-8 of the whole endpoint secret, "{t}.{body}")) must equal one of the
/// <c>v1</c> values (any of them: Stripe sends one per active secret while a secret is rolled), compared in constant
/// time, and <c>t</c> must be within <see cref="Tolerance"/> of now.
/// </summary>
public sealed class StripeWebhookSignature(TimeProvider clock)
{
    public const string HeaderName = "Stripe-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);
    private const int MaxHeaderLength = 4096;
    private const int SignatureBytes = 32;

    public StripeSignatureResult Verify(string? header, ReadOnlySpan<byte> body, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return StripeSignatureResult.MissingHeader;
        }

        if (header.Length > MaxHeaderLength)
        {
            return StripeSignatureResult.MalformedHeader;
        }

        string? timestamp = null;
        List<byte[]> candidates = [];
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return StripeSignatureResult.MalformedHeader;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t")
            {
                if (timestamp is not null)
                {
                    return StripeSignatureResult.MalformedHeader; // two timestamps: which one was signed?
                }

                timestamp = value;
            }
            else if (key == "v1" && TryDecodeSignature(value, out var signature))
            {
                candidates.Add(signature);
            }

            // Other schemes (v0 test signatures, future versions) and malformed v1 values are ignored, as Stripe's libraries do.
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return StripeSignatureResult.MalformedHeader;
        }

        if (candidates.Count == 0)
        {
            return StripeSignatureResult.NoMatchingSignature;
        }

        var expected = Compute(timestamp, body, secret);
        var matched = false;
        foreach (var candidate in candidates)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        if (!matched)
        {
            return StripeSignatureResult.NoMatchingSignature;
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() <= Tolerance ? StripeSignatureResult.Valid : StripeSignatureResult.OutsideTolerance;
    }

    /// <summary>The <c>v1</c> signature Stripe would send for this timestamp and body (tests sign their events with it).</summary>
    public static byte[] Compute(string timestamp, ReadOnlySpan<byte> body, string secret)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload);
    }

    /// <summary>A header value as Stripe sends it: <c>t=...,v1=...</c>.</summary>
    public static string Header(DateTimeOffset time, ReadOnlySpan<byte> body, string secret)
    {
        var t = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Compute(t, body, secret))}";
    }

    private static bool TryDecodeSignature(string hex, out byte[] signature)
    {
        signature = [];
        if (hex.Length != SignatureBytes * 2)
        {
            return false;
        }

        try
        {
            signature = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
