using ConsentCloud.Web.Features.Billing;

namespace ConsentCloud.Tests.Billing;

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
