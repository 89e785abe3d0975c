using System.Net;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>"Sign in with Microsoft" when Auth:Entra:AllowedTenants narrows who may sign in at all.</summary>
public sealed class SignInTenantTests(SignInTenantTests.OneTenantApp app) : IClassFixture<SignInTenantTests.OneTenantApp>
{
    public static readonly Guid AllowedTenant = Guid.Parse("5b0e3c1d-7f2a-4e69-9c3b-2d1f0a9e8b7c");

    [Fact]
    public async Task APersonOfAnAllowedTenantSignsIn()
    {
        var user = app.NewUser() with { TenantId = AllowedTenant };

        var callback = await new PortalClient(app).SignInAsync(user);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/portal", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task APersonOfAnotherTenantGetsAReadablePageAndNoSession()
    {
        var client = new PortalClient(app);

        var callback = await client.SignInAsync(app.NewUser());

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("Sign-in did not complete", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("cc_portal=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/portal/agencies/new")).StatusCode);
    }

    public sealed class OneTenantApp : PortalApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Auth:Entra:AllowedTenants:0", AllowedTenant.ToString())];
    }
}
