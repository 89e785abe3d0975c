using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// What a browser test of the banner needs: the app on a real port (<see cref="LiveApp"/>), a client's website on
/// another origin (<see cref="StaticSite"/>, http://localhost:PORT) and an agency that creates and publishes sites whose
/// domains include "localhost", so the ingest endpoint accepts decisions made on those pages. One per test class.
/// </summary>
public sealed class BannerWorld : IAsyncLifetime
{
    public static readonly string[] NordicLanguages = ["da", "nb", "sv", "fi", "en"];

    private int pages;
    private Task<string>? shared;

    public LiveApp App { get; } = new();
    public StaticSite Site { get; private set; } = null!;
    public TestAgency Agency { get; private set; } = null!;

    /// <summary>A client for the public endpoints on the app's real port, as a visitor's own tool (no Origin).</summary>
    public HttpClient Public { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The browser's clock is the real one, and ingest refuses decision times more than a day from the app's: the
        // app's (fake) clock starts at the real time here, before anything schedules on it.
        App.Clock.AdjustTime(DateTimeOffset.UtcNow);
        await App.InitializeAsync();
        Site = await StaticSite.StartAsync();
        Public = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        Agency = await App.CreateAgencyAsync();
    }

    public async Task DisposeAsync()
    {
        Public.Dispose();
        await Site.DisposeAsync();
        await App.DisposeAppAsync();
    }

    /// <summary>
    /// A site on localhost with its banner published once (revision 1), after <paramref name="draft"/> edited the
    /// default banner and <paramref name="site"/> the site's settings.
    /// </summary>
    public async Task<string> PublishedSiteAsync(Action<JsonObject>? draft = null, Action<Dictionary<string, object?>>? site = null)
    {
        var request = TestApp.SampleSite();
        request["domains"] = new[] { "localhost", "www.bageriet.example" };
        request["languages"] = NordicLanguages;
        site?.Invoke(request);
        var siteKey = await App.CreateSiteAsync(Agency, request);
        if (draft is not null)
        {
            await EditDraftAsync(siteKey, draft);
        }

        await PublishAsync(siteKey);
        return siteKey;
    }

    /// <summary>One default site for the whole test class, for tests that only read (e.g. every language's texts).</summary>
    public Task<string> SharedSiteAsync() => shared ??= PublishedSiteAsync();

    public async Task EditDraftAsync(string siteKey, Action<JsonObject> edit)
    {
        var path = Agency.Path($"/sites/{siteKey}/banner/draft");
        var config = (await Agency.Owner.GetFromJsonAsync<JsonObject>(path))!["config"]!.AsObject();
        edit(config);
        var response = await Agency.Owner.PutAsJsonAsync(path, config);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"Saving the draft failed: {body}");
        Assert.True(body.GetProperty("problems").GetArrayLength() == 0, $"The draft has problems: {body.GetProperty("problems")}");
    }

    public Task<JsonElement> PublishAsync(string siteKey, bool? requireRenewal = null) =>
        App.PublishAsync(Agency, siteKey, requireRenewal is { } renew ? new { requireRenewal = renew } : new { });

    /// <summary>The published configuration (config.json), for texts and settings the banner should show.</summary>
    public async Task<JsonElement> ConfigAsync(string siteKey) =>
        await Public.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");

    /// <summary>A visitor's record of their decisions (GET /v1/sites/{key}/consents/{consentId}).</summary>
    public async Task<JsonElement> HistoryAsync(string siteKey, string consentId)
    {
        using var response = await Public.GetAsync($"/v1/sites/{siteKey}/consents/{consentId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public string BannerScriptUrl(string siteKey) => $"{App.BaseUrl}/v1/sites/{siteKey}/banner.js";

    /// <summary>
    /// A page of the client's website with the banner's script tag first in &lt;head&gt;, then <paramref name="head"/>,
    /// and <paramref name="body"/>. Returns its URL; each call gets a path of its own under the site key. With
    /// <paramref name="bannerLast"/> the tag sits at the end of &lt;body&gt; instead, after the page's own content.
    /// </summary>
    public string Page(string siteKey, string body = "", string head = "", string lang = "da", string? name = null, bool bannerLast = false)
    {
        var path = $"/{siteKey}/{name ?? "page" + Interlocked.Increment(ref pages)}.html";
        var langAttribute = lang.Length > 0 ? $" lang=\"{lang}\"" : "";
        var tag = $"<script src=\"{BannerScriptUrl(siteKey)}\"></script>";
        return Site.Put(path, $"""
            <!doctype html>
            <html{langAttribute}>
            <head>
            {(bannerLast ? "" : tag)}
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Bageriet Hansen</title>
            {head}
            </head>
            <body>
            <main>
            <h1>Bageriet Hansen</h1>
            <p>Friskbagt brød hver morgen i Østerbro.</p>
            {body}
            </main>
            {(bannerLast ? tag : "")}
            </body>
            </html>
            """);
    }

    /// <summary>Another file of the website (a script a page loads); returns its path.</summary>
    public string File(string siteKey, string name, string content, string contentType = "text/javascript; charset=utf-8")
    {
        var path = $"/{siteKey}/{name}";
        Site.Put(path, content, contentType);
        return path;
    }

    /// <summary>Whether the website was asked for <paramref name="path"/>.</summary>
    public bool WasRequested(string path) => Site.Requested.Contains(path);

    /// <summary>A service with purposes in every language the test sites speak.</summary>
    public static JsonObject Service(string id, string name, string category, params (string Name, string Lifetime)[] cookies) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["provider"] = "Google Ireland Limited",
        ["category"] = category,
        ["privacyPolicyUrl"] = "https://policies.google.com/privacy",
        ["purpose"] = new JsonObject(NordicLanguages.Select(l => KeyValuePair.Create(l, (JsonNode?)JsonValue.Create($"{name} ({l})")))),
        ["cookies"] = new JsonArray(cookies.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["lifetime"] = c.Lifetime }).ToArray()),
    };

    /// <summary>YouTube (marketing) and Google Analytics (statistics), as many Nordic sites have them.</summary>
    public static void AddUsualServices(JsonObject draft) =>
        draft["services"] = new JsonArray(
            Service("youtube", "YouTube", "marketing", ("YSC", "session"), ("VISITOR_INFO1_LIVE", "6mo")),
            Service("google-analytics", "Google Analytics", "statistics", ("_ga", "2y"), ("_ga_*", "2y")));
}
