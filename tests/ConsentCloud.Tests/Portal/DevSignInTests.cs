using System.Net;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Tests.Portal;

/// <summary>The development sign-in exists only in Development: anywhere else the app refuses to start with it on.</summary>
public sealed class DevSignInTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task TheAppRefusesToStartWithTheDevelopmentSignInOutsideDevelopment(string environment)
    {
        var misconfigured = new DevSignInApp(environment);
        await misconfigured.InitializeAsync();
        Exception error;
        try
        {
            error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());
        }
        finally
        {
            await misconfigured.DisposeAppAsync();
        }

        var options = Assert.IsType<OptionsValidationException>(error is OptionsValidationException ? error : error.InnerException ?? error.GetBaseException());
        Assert.Contains("Auth:DevSignIn:Enabled", options.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDevelopmentSignInIsNotThereWhenItIsOff()
    {
        var client = new PortalClient(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/portal/dev-sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/portal/dev-sign-in", new() { ["userKey"] = ConsentCloud.Web.Features.Demo.DemoSeed.OwnerKey })).StatusCode);
        Assert.DoesNotContain("dev-sign-in", await client.GetStringAsync("/portal/sign-in"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentASeededPersonCanBeChosen()
    {
        var development = new DevSignInApp("Development");
        await development.InitializeAsync();
        try
        {
            await SignInAsANewcomerAsync(development);
        }
        finally
        {
            await development.DisposeAppAsync();
        }
    }

    private static async Task SignInAsANewcomerAsync(PortalApp development)
    {
        var client = new PortalClient(development);
        Assert.Contains("Demo Owner", await client.GetStringAsync("/portal/dev-sign-in"), StringComparison.Ordinal);

        var signedIn = await client.PostFormAsync("/portal/dev-sign-in", new() { ["userKey"] = ConsentCloud.Web.Features.Demo.DemoSeed.NewcomerKey, ["returnUrl"] = "/portal" });

        Assert.Equal("/portal", signedIn.Headers.Location!.OriginalString);
        Assert.Equal("/portal/agencies/new", (await client.GetAsync("/portal")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync("/portal/dev-sign-in", new() { ["userKey"] = $"{Guid.NewGuid()}.{Guid.NewGuid()}" })).StatusCode);
    }

    private sealed class DevSignInApp(string environment) : PortalApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Auth:DevSignIn:Enabled", "true")];

        protected override void StartApp()
        {
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
