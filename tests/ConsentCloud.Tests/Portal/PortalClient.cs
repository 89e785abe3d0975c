using System.Net;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// A browser-like HTTP client for the portal: a cookie container, no automatic redirects, https://localhost (the
/// portal's cookies are Secure), and the antiforgery token read from the pages' own forms. <see cref="SignInAsync"/>
/// goes through the real "Sign in with Microsoft" flow against the fake Entra ID.
/// </summary>
public sealed partial class PortalClient(TestApp app)
{
    public HttpClient Http { get; } = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client already signed in as <paramref name="user"/>.</summary>
    public static async Task<PortalClient> SignedInAsync(TestApp app, TestUser user)
    {
        var client = new PortalClient(app);
        var landed = await client.SignInAsync(user);
        Assert.True(landed.StatusCode == HttpStatusCode.Redirect, $"Sign-in ended with {(int)landed.StatusCode}: {await landed.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Runs the sign-in up to the callback and returns the callback's response (302 on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(TestUser user, IdTokenTamper tamper = IdTokenTamper.None, string returnUrl = "/portal")
    {
        var callback = await AuthorizeAsync(new FakeSignIn(user.TenantId, user.ObjectId, user.Name, user.Email, tamper), returnUrl);
        return await Http.GetAsync(callback);
    }

    /// <summary>Starts the sign-in and lets the fake authorize; returns the callback URL (path and query) with the code.</summary>
    /// <remarks><paramref name="signIn"/> null: the person does not sign in, and Entra answers access_denied.</remarks>
    public async Task<string> AuthorizeAsync(FakeSignIn? signIn, string returnUrl = "/portal") =>
        await AuthorizeAtEntraAsync((await StartSignInAsync(returnUrl)).Headers.Location!, signIn);

    /// <summary>Posts the sign-in form; returns the response that sends the browser to Entra's authorize endpoint.</summary>
    public async Task<HttpResponseMessage> StartSignInAsync(string returnUrl = "/portal")
    {
        var start = await PostFormAsync("/portal/sign-in", new() { ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith(app.Entra.BaseUrl, start.Headers.Location!.ToString(), StringComparison.Ordinal);
        return start;
    }

    /// <summary>The browser at Entra's <paramref name="authorize"/> URL: returns where Entra sends it back (path and query).</summary>
    public async Task<string> AuthorizeAtEntraAsync(Uri authorize, FakeSignIn? signIn)
    {
        app.Entra.NextSignIn = signIn;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorized = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var callback = authorized.Headers.Location!;
        Assert.Equal("https://localhost/portal/sign-in/callback", callback.GetLeftPart(UriPartial.Path));
        return callback.PathAndQuery;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<string> GetStringAsync(string path) => Http.GetStringAsync(path);

    /// <summary>
    /// Posts a form as the browser would: with the antiforgery token of a page (by default the page posted to, or the
    /// agency sign-up page when that one has no form for this person), unless <paramref name="antiforgery"/> is false.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, bool antiforgery = true, string? tokenFrom = null)
    {
        var form = new List<KeyValuePair<string, string>>(fields);
        if (antiforgery)
        {
            form.Add(new("__RequestVerificationToken", await AntiforgeryTokenAsync(tokenFrom ?? TokenPage(path))));
        }

        return await Http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery token from a page's form (it also sets the antiforgery cookie in this client).</summary>
    public async Task<string> AntiforgeryTokenAsync(string pagePath)
    {
        var response = await Http.GetAsync(pagePath);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pagePath} ({(int)response.StatusCode}).");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>A page with a form for the person this client is: the sign-in page for the sign-in, the sign-up page otherwise.</summary>
    private static string TokenPage(string path) =>
        path.StartsWith("/portal/sign-in", StringComparison.Ordinal) || path.StartsWith("/portal/dev-sign-in", StringComparison.Ordinal)
            ? "/portal/sign-in"
            : "/portal/agencies/new";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
