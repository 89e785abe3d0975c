using System.Net;
using ConsentCloud.Web.Features.Scanning;
using static ConsentCloud.Tests.Scanning.ScanApp;

namespace ConsentCloud.Tests.Scanning;

/// <summary>The app as in Azure: private and loopback addresses refused, at connect time.</summary>
public sealed class PrivateAddressScanApp : ScanApp
{
    protected override bool AllowPrivateAddresses => false;
}

public sealed class PrivateAddressScanTests(PrivateAddressScanApp app) : IClassFixture<PrivateAddressScanApp>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void TheConnectGuardRefusesLoopbackAndPrivateAddresses(string address) =>
        Assert.True(AddressGuard.IsRefused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("2a00:1450:4001:81c::200e")]
    public void TheConnectGuardLetsPublicAddressesThrough(string address) =>
        Assert.False(AddressGuard.IsRefused(IPAddress.Parse(address)));

    [Fact]
    public async Task ASiteThatResolvesToALoopbackAddressIsNotScanned()
    {
        var (agency, siteKey) = await app.SiteAsync();

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("failed", scan.GetProperty("status").GetString());
        Assert.Equal("privateAddress", scan.GetProperty("errorReason").GetString());
        Assert.Empty(app.Site.Requested);
    }
}
