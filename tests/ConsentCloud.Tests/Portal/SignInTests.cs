using System.Net;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// "Sign in with Microsoft" end to end against the fake Entra ID on loopback: authorization code + PKCE, id_token
/// validation, the portal cookie; and every way it must fail without a session and with a readable page.
/// </summary>
public sealed class SignInTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task AnonymousVisitorsAreSentToSignIn()
    {
        var response = await new PortalClient(app).GetAsync("/portal/agencies/new");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal/sign-in?returnUrl=%2Fportal%2Fagencies%2Fnew", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SigningInWithMicrosoftGivesASecureHttpOnlyLaxCookieLimitedToThePortal()
    {
        var user = app.NewUser("New Person");
        var client = new PortalClient(app);

        var callback = await client.SignInAsync(user, returnUrl: "/portal/agencies/new");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/portal/agencies/new", callback.Headers.Location!.OriginalString);
        var cookie = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cc_portal=", StringComparison.Ordinal));
        Assert.Contains("path=/portal", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);

        var page = await client.GetAsync("/portal/agencies/new");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("New Person", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewPersonLandsOnAgencySignUpAndBecomesOwnerOfTheAgencyTheyCreate()
    {
        var client = await PortalClient.SignedInAsync(app, app.NewUser("Founder"));
        Assert.Equal("/portal/agencies/new", (await client.GetAsync("/portal")).Headers.Location!.OriginalString);

        var created = await client.PostFormAsync("/portal/agencies/new", new() { ["Input.Name"] = "Fjordlys Web", ["Input.Country"] = "NO" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var dashboard = created.Headers.Location!.OriginalString;
        Assert.Matches("^/portal/agencies/[a-z2-7]{26}$", dashboard);
        Assert.Equal(dashboard, (await client.GetAsync("/portal")).Headers.Location!.OriginalString);
        var html = await client.GetStringAsync(dashboard);
        Assert.Contains("Fjordlys Web", html, StringComparison.Ordinal);
        Assert.Contains("Members", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgencySignUpRejectsAMissingNameWithTheFormAgain()
    {
        var client = await PortalClient.SignedInAsync(app, app.NewUser());

        var response = await client.PostFormAsync("/portal/agencies/new", new() { ["Input.Name"] = "", ["Input.Country"] = "DK" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Give your agency", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdTokenTamper.WrongNonce)]
    [InlineData(IdTokenTamper.WrongAudience)]
    [InlineData(IdTokenTamper.WrongIssuer)]
    [InlineData(IdTokenTamper.Expired)]
    [InlineData(IdTokenTamper.ForeignKey)]
    [InlineData(IdTokenTamper.NoObjectId)]
    public async Task AnIdTokenThatFailsValidationGivesNoSession(IdTokenTamper tamper)
    {
        var client = new PortalClient(app);

        var callback = await client.SignInAsync(app.NewUser(), tamper);

        await AssertReadableFailureWithoutSessionAsync(client, callback);
        Assert.Null(app.Entra.LastTokenError); // the code was redeemed: the app refused the id_token itself
    }

    [Fact]
    public async Task ACallbackWithAnotherStateGivesNoSession()
    {
        var client = new PortalClient(app);
        var callback = await client.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Mallory", null));

        var response = await client.Http.GetAsync(System.Text.RegularExpressions.Regex.Replace(callback, "state=[^&]+", "state=forged"));

        await AssertReadableFailureWithoutSessionAsync(client, response);
    }

    [Fact]
    public async Task ACodeReplayedInAnotherBrowserFailsItsPkceCheck()
    {
        // The victim's code (bound to the victim's code_challenge) is pasted into the attacker's own sign-in, whose
        // cookie holds a different code_verifier: the token endpoint refuses it.
        var victim = new PortalClient(app);
        var victimCallback = await victim.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Victim", null));
        var attacker = new PortalClient(app);
        var attackerCallback = await attacker.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Attacker", null));
        var victimCode = Query(victimCallback, "code");

        var response = await attacker.Http.GetAsync($"/portal/sign-in/callback?code={victimCode}&state={Query(attackerCallback, "state")}");

        await AssertReadableFailureWithoutSessionAsync(attacker, response);
        Assert.Equal("invalid_grant: PKCE", app.Entra.LastTokenError);
    }

    [Fact]
    public async Task TheFakeProviderRefusesACodeWithoutItsVerifier()
    {
        var client = new PortalClient(app);
        var code = Query(await client.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), null, null)), "code");
        using var http = new HttpClient();

        var response = await http.PostAsync($"{app.Entra.BaseUrl}/organizations/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = app.Entra.ClientId.ToString("D"),
            ["client_secret"] = FakeEntra.ClientSecret,
            ["code"] = code,
            ["redirect_uri"] = "https://localhost/portal/sign-in/callback",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant: PKCE", app.Entra.LastTokenError);
    }

    [Fact]
    public async Task ACallbackWithoutTheSignInCookieGivesNoSession()
    {
        var started = new PortalClient(app);
        var callback = await started.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Someone", null));
        var otherBrowser = new PortalClient(app);

        var response = await otherBrowser.Http.GetAsync(callback);

        await AssertReadableFailureWithoutSessionAsync(otherBrowser, response);
    }

    [Fact]
    public async Task ACallbackCanBeUsedOnlyOnce()
    {
        var client = new PortalClient(app);
        var callback = await client.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Once", null));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync(callback)).StatusCode);
        await client.PostFormAsync("/portal/sign-out", new());

        var replay = await client.Http.GetAsync(callback);

        await AssertReadableFailureWithoutSessionAsync(client, replay);
    }

    [Fact]
    public async Task AnErrorFromEntraGivesAReadablePageAndNoSession()
    {
        var client = new PortalClient(app);
        var callback = await client.AuthorizeAsync(signIn: null);
        Assert.Contains("error=access_denied", callback, StringComparison.Ordinal);

        var response = await client.Http.GetAsync(callback);

        await AssertReadableFailureWithoutSessionAsync(client, response);
    }

    [Fact]
    public async Task ACallbackMoreThanTenMinutesAfterTheSignInStartedGivesNoSession()
    {
        var client = new PortalClient(app);
        var callback = await client.AuthorizeAsync(new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Slow", null));
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await client.Http.GetAsync(callback);

        await AssertReadableFailureWithoutSessionAsync(client, response);
    }

    [Fact]
    public async Task SignInAsksEntraForACodeWithPkceAndTheRegisteredCallback()
    {
        var start = await new PortalClient(app).StartSignInAsync();

        var query = System.Web.HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        Assert.Equal($"{app.Entra.BaseUrl}/organizations/oauth2/v2.0/authorize", start.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.Equal("code", query["response_type"]);
        Assert.Contains(query["response_mode"], new[] { null, "query" }); // query is code's default, which the handler leaves out
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("https://localhost/portal/sign-in/callback", query["redirect_uri"]);
        Assert.Equal(["email", "openid", "profile"], query["scope"]!.Split(' ').Order());
        Assert.Equal("select_account", query["prompt"]);
        Assert.Null(query["client_secret"]);
    }

    [Fact]
    public async Task TheSignInCookiesAreHttpOnlyLaxLimitedToTheCallbackAndGoneOnceItIsUsed()
    {
        var client = new PortalClient(app);
        var start = await client.StartSignInAsync();
        var cookies = start.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("cc_signin.", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, cookies.Count);
        Assert.Contains(cookies, c => c.StartsWith("cc_signin.correlation.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("cc_signin.nonce.", StringComparison.Ordinal));
        Assert.All(cookies, cookie =>
        {
            Assert.Contains("path=/portal/sign-in/callback", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("max-age=600", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        });

        var callback = await client.AuthorizeAtEntraAsync(start.Headers.Location!, new FakeSignIn(Guid.NewGuid(), Guid.NewGuid(), "Cookie Reader", null));
        var landed = await client.Http.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        var deleted = landed.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("cc_signin.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, deleted.Count);
        Assert.All(deleted, cookie => Assert.Contains("expires=Thu, 01 Jan 1970", cookie, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.example/portal")]
    [InlineData("//evil.example/portal")]
    [InlineData("/api/v1/agencies")]
    public async Task SignInReturnsOnlyToAPortalPage(string returnUrl)
    {
        var callback = await new PortalClient(app).SignInAsync(app.NewUser(), returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/portal", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var client = await PortalClient.SignedInAsync(app, app.NewUser());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/portal/agencies/new")).StatusCode);

        var signedOut = await client.PostFormAsync("/portal/sign-out", new());

        Assert.Equal("/portal/sign-in?signedOut=1", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/portal/agencies/new")).StatusCode);
    }

    [Fact]
    public async Task ThePortalSendsItsSecurityHeaders()
    {
        var response = await new PortalClient(app).GetAsync("/portal/sign-in");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src 'nonce-[A-Za-z0-9+/=]{24}';", csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains($"form-action 'self' {app.Entra.BaseUrl}", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    private static async Task AssertReadableFailureWithoutSessionAsync(PortalClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sign-in did not complete", html, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc_portal=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/portal/agencies/new")).StatusCode);
    }

    private static string Query(string pathAndQuery, string name) =>
        System.Web.HttpUtility.ParseQueryString(new Uri("https://localhost" + pathAndQuery).Query)[name]!;
}
