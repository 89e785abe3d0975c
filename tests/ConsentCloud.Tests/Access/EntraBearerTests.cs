using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConsentCloud.Tests.Access;

/// <summary>
/// The Entra scheme against a fake Entra on loopback, through HTTP: a tiny API with one endpoint that requires the
/// scheme and echoes the signed-in user. Every token goes through the real JwtBearer handler, metadata and JWKS.
/// </summary>
public sealed class EntraBearerTests : IAsyncLifetime
{
    private static readonly Guid TenantA = Guid.Parse("6f1c2f4e-3a55-4c1b-9f0e-0a1b2c3d4e5f");
    private static readonly Guid TenantB = Guid.Parse("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a");
    private static readonly Guid Alice = Guid.Parse("A1B2C3D4-E5F6-4789-9ABC-DEF012345678");

    private FakeEntra _entra = null!;
    private EntraTestApi _api = null!;

    public async Task InitializeAsync()
    {
        _entra = await FakeEntra.StartAsync();
        _api = await EntraTestApi.StartAsync(_entra.AppSettings);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task AcceptsAValidTokenAndEchoesTheLowerCaseUserKey()
    {
        var token = _entra.MintToken(TenantA, Alice, name: "Alice Example", email: "alice@agency-a.example");

        using var response = await _api.GetMeAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("6f1c2f4e-3a55-4c1b-9f0e-0a1b2c3d4e5f.a1b2c3d4-e5f6-4789-9abc-def012345678", me.GetProperty("userKey").GetString());
        Assert.Equal("Alice Example", me.GetProperty("name").GetString());
        Assert.Equal("alice@agency-a.example", me.GetProperty("username").GetString());
        Assert.True(_entra.DiscoveryRequests > 0 && _entra.KeyRequests > 0, "the app must read the fake's metadata and keys");
    }

    [Fact]
    public async Task AcceptsTokensFromTwoOrganisationsWithTheirOwnIssuers()
    {
        using var fromA = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice));
        using var fromB = await _api.GetMeAsync(_entra.MintToken(TenantB, Alice));

        Assert.Equal(HttpStatusCode.OK, fromA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
    }

    [Fact]
    public async Task AcceptsTheAppIdUriAsAudience()
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, audience: $"api://{_entra.ClientId}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AcceptsTheScopeAmongOtherScopes()
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, scope: "User.Read ConsentCloud.Manage offline_access"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ChallengesARequestWithoutAToken()
    {
        using var response = await _api.GetMeAsync(token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task RejectsAnExpiredToken()
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, lifetime: TimeSpan.FromMinutes(-10)));

        AssertInvalidToken(response, "expired");
    }

    [Theory]
    [InlineData("4e7c1a2b-0000-4000-8000-000000000000")]
    [InlineData("api://4e7c1a2b-0000-4000-8000-000000000000")]
    [InlineData("https://graph.microsoft.com")]
    public async Task RejectsATokenForAnotherAudience(string audience)
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, audience: audience));

        AssertInvalidToken(response, "audience");
    }

    [Fact]
    public async Task RejectsATokenSignedWithAKeyEntraDidNotPublish()
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, signWithForeignKey: true));

        AssertInvalidToken(response, "signature");
    }

    [Fact]
    public async Task RejectsAnUnsignedToken()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _entra.IssuerFor(TenantA),
            Audience = _entra.ClientId.ToString(),
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                [EntraClaims.TenantId] = TenantA.ToString(),
                [EntraClaims.ObjectId] = Alice.ToString(),
                [EntraClaims.Scope] = EntraOptions.DefaultScope,
            },
        });

        using var response = await _api.GetMeAsync(unsigned);

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task RejectsATokenWhoseIssuerIsTenantAButWhoseTidIsTenantB()
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantB, Alice, issuerOverride: _entra.IssuerFor(TenantA)));

        AssertInvalidToken(response, "issuer");
    }

    [Fact]
    public async Task RejectsATokenIssuedByAnotherEntraInstanceEvenWithATrustedKey()
    {
        var token = _entra.MintToken(TenantA, Alice, issuerOverride: $"https://login.microsoftonline.com/{TenantA}/v2.0");

        using var response = await _api.GetMeAsync(token);

        AssertInvalidToken(response, "issuer");
    }

    [Fact]
    public async Task RejectsAVersionOneIssuer()
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, issuerOverride: $"{_entra.BaseUrl}/{TenantA}/"));

        AssertInvalidToken(response, "issuer");
    }

    /// <summary>
    /// 403, not 401: the token is genuine and names a user, it just grants too little (RFC 6750 §3.1 insufficient_scope,
    /// as Microsoft.Identity.Web answers). Retrying with the same token cannot succeed; the client must ask for the scope.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("User.Read")]
    [InlineData("ConsentCloud.Manage.All")]
    [InlineData("consentcloud.manage")]
    public async Task ForbidsATokenWithoutTheRequiredScope(string scope)
    {
        using var response = await _api.GetMeAsync(_entra.MintToken(TenantA, Alice, scope: scope));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"ConsentCloud.Manage\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsATokenWithoutAnObjectId()
    {
        var token = _entra.MintToken(TenantA, Alice, claims: new Dictionary<string, object?> { [EntraClaims.ObjectId] = null });

        using var response = await _api.GetMeAsync(token);

        AssertInvalidToken(response, "oid");
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("{a1b2c3d4-e5f6-4789-9abc-def012345678}")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task RejectsATokenWhoseObjectIdIsNotAGuid(string objectId)
    {
        var token = _entra.MintToken(TenantA, Alice, claims: new Dictionary<string, object?> { [EntraClaims.ObjectId] = objectId });

        using var response = await _api.GetMeAsync(token);

        AssertInvalidToken(response, "oid");
    }

    [Fact]
    public async Task RejectsATokenWithoutATenantIdEvenThoughItsIssuerNamesOne()
    {
        var token = _entra.MintToken(TenantA, Alice, claims: new Dictionary<string, object?> { [EntraClaims.TenantId] = null });

        using var response = await _api.GetMeAsync(token);

        AssertInvalidToken(response);
    }

    /// <summary>401: AllowedTenants narrows which issuers this API trusts, like the issuer check itself.</summary>
    [Fact]
    public async Task RejectsATenantOutsideAllowedTenantsWhenTheyAreSet()
    {
        await using var api = await EntraTestApi.StartAsync(_entra.AppSettings, ("Auth:Entra:AllowedTenants:0", TenantB.ToString()));

        using var fromA = await api.GetMeAsync(_entra.MintToken(TenantA, Alice));
        using var fromB = await api.GetMeAsync(_entra.MintToken(TenantB, Alice));

        AssertInvalidToken(fromA, "tenant");
        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
    }

    [Fact]
    public async Task RejectsEveryTokenWhenNoClientIdIsConfigured()
    {
        await using var api = await EntraTestApi.StartAsync(_entra.AppSettings, ("Auth:Entra:ClientId", ""));
        var requestsBefore = _entra.DiscoveryRequests;

        using var response = await api.GetMeAsync(_entra.MintToken(TenantA, Alice));

        AssertInvalidToken(response, "not configured");
        Assert.Equal(requestsBefore, _entra.DiscoveryRequests);
    }

    [Theory]
    [InlineData("Auth:Entra:ClientId", "consentcloud-api", "Auth:Entra:ClientId")]
    [InlineData("Auth:Entra:Instance", "http://login.example.com", "Auth:Entra:Instance")]
    [InlineData("Auth:Entra:Instance", "https://login.microsoftonline.com/organizations", "Auth:Entra:Instance")]
    [InlineData("Auth:Entra:MetadataAddress", "http://login.example.com/.well-known/openid-configuration", "Auth:Entra:MetadataAddress")]
    [InlineData("Auth:Entra:RequiredScope", "ConsentCloud.Manage User.Read", "Auth:Entra:RequiredScope")]
    [InlineData("Auth:Entra:AllowedTenants:0", "contoso.onmicrosoft.com", "Auth:Entra:AllowedTenants:0")]
    public async Task RefusesToStartWithAnInvalidSetting(string key, string value, string named)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => EntraTestApi.StartAsync(_entra.AppSettings, (key, value)));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static void AssertInvalidToken(HttpResponseMessage response, string? described = null)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        if (described is not null)
        {
            Assert.Contains(described, challenge.Parameter, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A minimal API on loopback with the Entra scheme and one endpoint that echoes who is signed in.</summary>
    private sealed class EntraTestApi : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _client;

        private EntraTestApi(WebApplication app)
        {
            _app = app;
            _client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        }

        public static async Task<EntraTestApi> StartAsync(IReadOnlyDictionary<string, string?> settings, params (string Key, string? Value)[] overrides)
        {
            var configuration = new Dictionary<string, string?>(settings);
            foreach (var (key, value) in overrides)
            {
                configuration[key] = value;
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Services.AddAuthentication().AddEntraBearer();
            builder.Services.AddAuthorization();

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/me", (ClaimsPrincipal principal) =>
                    EntraClaims.TryGetUser(principal, out var user) ? Results.Ok(user) : Results.StatusCode(StatusCodes.Status500InternalServerError))
                .RequireAuthorization(policy => policy.AddAuthenticationSchemes(EntraBearer.Scheme).RequireAuthenticatedUser());

            try
            {
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return new EntraTestApi(app);
        }

        public async Task<HttpResponseMessage> GetMeAsync(string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return await _client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _app.DisposeAsync();
        }
    }
}
