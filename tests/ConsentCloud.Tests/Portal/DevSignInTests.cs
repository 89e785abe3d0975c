using System.Net;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using ConsentCloud.Web.Features.Portal.SignIn;

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
        // Program answers invalid settings by naming them on stderr and exiting before it serves (StartupFailure).
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(TextWriter.Synchronized(stderr));
        try
        {
            Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());
        }
        finally
        {
            Console.SetError(original);
            await misconfigured.DisposeAppAsync();
        }

        Assert.Contains("Auth:DevSignIn:Enabled is on", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Testing", false)]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public void TheSettingIsValidOnlyInDevelopment(string environment, bool valid)
    {
        var validator = new DevSignInOptionsValidator(new HostEnvironment { EnvironmentName = environment });

        var result = validator.Validate(null, new DevSignInOptions { Enabled = true });

        Assert.Equal(valid, result.Succeeded);
        Assert.True(validator.Validate(null, new DevSignInOptions { Enabled = false }).Succeeded);
        if (!valid)
        {
            Assert.Contains("Auth:DevSignIn:Enabled", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private sealed class HostEnvironment : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
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
