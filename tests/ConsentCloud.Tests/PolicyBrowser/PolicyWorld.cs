using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Policies;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// What a browser test of the hosted policies needs: the app on a real port (<see cref="LiveApp"/>), a client's website
/// on another origin (<see cref="StaticSite"/>, http://localhost:PORT) for the declaration embed, and the agency
/// fixtures of <see cref="PolicyFixtures"/> published through the API (their domains include "localhost", so decisions
/// made on the static site are accepted). One per test class; the Danish and Swedish fixtures are published once.
/// </summary>
public sealed class PolicyWorld : IAsyncLifetime
{
    private readonly Dictionary<string, Task<string>> shared = [];
    private int pages;

    public LiveApp App { get; } = new();
    public StaticSite Site { get; private set; } = null!;

    /// <summary>A client for the public endpoints on the app's real port, as a visitor's own tool.</summary>
    public HttpClient Public { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The banner on these pages reports decisions with the browser's (real) time, which ingest refuses more than a
        // day from the app's clock: the app's fake clock starts at the real time, before anything schedules on it.
        App.Clock.AdjustTime(DateTimeOffset.UtcNow);
        await App.InitializeAsync();
        Site = await StaticSite.StartAsync();
        Public = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        Public.Dispose();
        await Site.DisposeAsync();
        await App.DisposeAppAsync();
    }

    /// <summary>Studio Lys ApS (DK; YouTube, Vimeo, Google Maps, Calendly), both policies published; shared by the class.</summary>
    public Task<string> DanishStudioAsync() => Once("danish", () => PublishAsync(PolicyFixtures.DanishStudio(), PolicyFixtures.DanishStudioServices()));

    /// <summary>Norrsken Mjukvara AB (SE; analytics, marketing, personalisation), both policies published; shared by the class.</summary>
    public Task<string> SwedishSoftwareAsync() => Once("swedish", () => PublishAsync(PolicyFixtures.SwedishSoftware(), PolicyFixtures.SwedishSoftwareServices()));

    /// <summary>
    /// A site made once per test class (xUnit makes a new test class instance per test, the fixture lives on), for tests
    /// that only read it; <paramref name="name"/> tells the sites apart.
    /// </summary>
    public Task<string> Once(string name, Func<Task<string>> create)
    {
        lock (shared)
        {
            return shared.TryGetValue(name, out var site) ? site : shared[name] = create();
        }
    }

    public async Task<string> PublishAsync(Dictionary<string, object?> site, JsonObject[] services) =>
        (await PolicyFixtures.PublishedSiteAsync(App, site, services)).SiteKey;

    /// <summary>The hosted page, e.g. http://127.0.0.1:PORT/p/{key}/cookies?lang=da.</summary>
    public string PolicyUrl(string siteKey, string kind, string lang) => $"{App.BaseUrl}/p/{siteKey}/{kind}?lang={lang}";

    public string DeclarationScriptUrl(string siteKey) => $"{App.BaseUrl}/v1/sites/{siteKey}/declaration.js";

    public string BannerScriptUrl(string siteKey) => $"{App.BaseUrl}/v1/sites/{siteKey}/banner.js";

    /// <summary>
    /// A cookie page of the client's website with the declaration embed as the banner README gives it (the container and
    /// the deferred script), and, when <paramref name="withBanner"/>, the banner's script first in &lt;head&gt;.
    /// </summary>
    public string DeclarationPage(string siteKey, bool withBanner, string lang = "da")
    {
        var banner = withBanner ? $"<script src=\"{BannerScriptUrl(siteKey)}\"></script>" : "";
        return Site.Put($"/{siteKey}/cookies{Interlocked.Increment(ref pages)}.html", $$"""
            <!doctype html>
            <html lang="{{lang}}">
            <head>
            {{banner}}
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Cookies – Studio Lys</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}</style>
            </head>
            <body>
            <main>
            <h1>Cookies</h1>
            <p>Her kan du se, hvilke cookies vi bruger, og hvad du har valgt.</p>
            <div id="consentcloud-declaration"></div>
            <script src="{{DeclarationScriptUrl(siteKey)}}" defer></script>
            </main>
            </body>
            </html>
            """);
    }

    /// <summary>A visitor's record of their decisions (GET /v1/sites/{key}/consents/{consentId}).</summary>
    public async Task<JsonElement> HistoryAsync(string siteKey, string consentId)
    {
        using var response = await Public.GetAsync($"/v1/sites/{siteKey}/consents/{consentId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
