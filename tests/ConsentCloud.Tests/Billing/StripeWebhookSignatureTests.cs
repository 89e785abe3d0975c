using System.Globalization;
using System.Text;
using ConsentCloud.Web.Features.Billing;
using Microsoft.Extensions.Time.Testing;

namespace ConsentCloud.Tests.Billing;

public sealed class StripeWebhookSignatureTests
{
    private const string Secret = "whsec_test_current";
    private const string OldSecret = "whsec_test_previous";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"invoice.paid","created":1700000000,"data":{"object":{}}}""");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
    private StripeWebhookSignature Verifier => new(clock);

    [Fact]
    public void AValidSignatureVerifies() =>
        Assert.Equal(StripeSignatureResult.Valid, Verifier.Verify(StripeWebhookSignature.Header(clock.GetUtcNow(), Body, Secret), Body, Secret));

    [Fact]
    public void ABodyChangedByOneByteFails()
    {
        var header = StripeWebhookSignature.Header(clock.GetUtcNow(), Body, Secret);
        var changed = (byte[])Body.Clone();
        changed[^3] ^= 0x01;
        Assert.Equal(StripeSignatureResult.NoMatchingSignature, Verifier.Verify(header, changed, Secret));
    }

    [Fact]
    public void TheWrongSecretFails() =>
        Assert.Equal(StripeSignatureResult.NoMatchingSignature,
            Verifier.Verify(StripeWebhookSignature.Header(clock.GetUtcNow(), Body, "whsec_someone_else"), Body, Secret));

    [Fact]
    public void ATimestampOutsideThreeHundredSecondsFails()
    {
        var now = clock.GetUtcNow();
        Assert.Equal(StripeSignatureResult.Valid, Verifier.Verify(StripeWebhookSignature.Header(now.AddSeconds(-300), Body, Secret), Body, Secret));
        Assert.Equal(StripeSignatureResult.OutsideTolerance, Verifier.Verify(StripeWebhookSignature.Header(now.AddSeconds(-301), Body, Secret), Body, Secret));
        Assert.Equal(StripeSignatureResult.OutsideTolerance, Verifier.Verify(StripeWebhookSignature.Header(now.AddSeconds(301), Body, Secret), Body, Secret));
    }

    [Fact]
    public void DuringSecretRotationEitherV1ValueMatches()
    {
        var t = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var current = Convert.ToHexStringLower(StripeWebhookSignature.Compute(t, Body, Secret));
        var previous = Convert.ToHexStringLower(StripeWebhookSignature.Compute(t, Body, OldSecret));
        var header = $"t={t},v1={previous},v1={current}";

        Assert.Equal(StripeSignatureResult.Valid, Verifier.Verify(header, Body, Secret));
        Assert.Equal(StripeSignatureResult.Valid, Verifier.Verify(header, Body, OldSecret));
        Assert.Equal(StripeSignatureResult.NoMatchingSignature, Verifier.Verify(header, Body, "whsec_neither"));
    }

    [Theory]
    [InlineData(null, StripeSignatureResult.MissingHeader)]
    [InlineData("", StripeSignatureResult.MissingHeader)]
    [InlineData("garbage", StripeSignatureResult.MalformedHeader)]
    [InlineData("v1=00", StripeSignatureResult.MalformedHeader)]
    [InlineData("t=abc,v1=00", StripeSignatureResult.MalformedHeader)]
    [InlineData("t=1,t=2,v1=00", StripeSignatureResult.MalformedHeader)]
    [InlineData("t=1762075800", StripeSignatureResult.NoMatchingSignature)]
    [InlineData("t=1762075800,v1=zz", StripeSignatureResult.NoMatchingSignature)]
    [InlineData("t=1762075800,v0=abcd", StripeSignatureResult.NoMatchingSignature)]
    public void AMissingOrGarbledHeaderFails(string? header, StripeSignatureResult expected) =>
        Assert.Equal(expected, Verifier.Verify(header, Body, Secret));
}

public sealed class EntitlementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("active", EntitlementLevel.Entitled)]
    [InlineData("trialing", EntitlementLevel.Entitled)]
    [InlineData("incomplete", EntitlementLevel.NotEntitled)]
    [InlineData("incomplete_expired", EntitlementLevel.NotEntitled)]
    [InlineData("unpaid", EntitlementLevel.NotEntitled)]
    [InlineData("canceled", EntitlementLevel.NotEntitled)]
    [InlineData("paused", EntitlementLevel.NotEntitled)]
    [InlineData(null, EntitlementLevel.NotEntitled)]
    public void StatusDecidesEntitlement(string? status, EntitlementLevel expected) =>
        Assert.Equal(expected, Entitlement.For(status, null, Now).Level);

    [Fact]
    public void PastDueIsAFourteenDayGrace()
    {
        var since = Now.AddDays(-13);
        var grace = Entitlement.For("past_due", since, Now);
        Assert.Equal(EntitlementLevel.Grace, grace.Level);
        Assert.True(grace.IsEntitled);
        Assert.Equal(since.AddDays(14), grace.GraceEndsAt);
        Assert.Equal(EntitlementLevel.NotEntitled, Entitlement.For("past_due", Now.AddDays(-14), Now).Level);
    }
}
