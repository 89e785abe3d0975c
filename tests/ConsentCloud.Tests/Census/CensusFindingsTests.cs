using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Census;
using static ConsentCloud.Tests.Census.CensusKit;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Census;

/// <summary>GET …/census and POST …/census/accept: the three lists against the draft and the published banner, and Add to draft.</summary>
public sealed class CensusFindingsTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly Dictionary<string, bool> StatisticsOnly = new() { ["necessary"] = true, ["preferences"] = false, ["statistics"] = true, ["marketing"] = false };

    private async Task<(TestAgency Agency, string SiteKey)> SiteWithCensusAsync()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        await AddCatalogueAsync(agency, siteKey, "google-analytics");
        (await SendAsync(app, siteKey, Beacon(null, cookies: ["_ga", "_fbp", "mystery_pref"], local: ["cart_token"], hosts: ["connect.facebook.net", "cdn.unknown-widgets.example"]))).EnsureSuccessStatusCode();
        (await SendAsync(app, siteKey, Beacon(StatisticsOnly, cookies: ["_ga", "_ga_ABC123"]))).EnsureSuccessStatusCode();
        await FlushAsync(app);
        return (agency, siteKey);
    }

    [Fact]
    public async Task WhatNoServiceDeclaresIsListedWithTheCatalogueServiceItLikelyBelongsTo()
    {
        var (agency, siteKey) = await SiteWithCensusAsync();

        var report = await ReportAsync(agency, siteKey);

        Assert.Equal(2, report.GetProperty("totals").GetProperty("views").GetInt64());
        Assert.Equal(1, report.GetProperty("totals").GetProperty("undecided").GetInt64());
        Assert.Equal("meta-pixel", Find(report, "undeclared", "httpCookie", "_fbp")!.Value.GetProperty("suggestion").GetProperty("id").GetString());
        Assert.Equal("meta-pixel", Find(report, "undeclared", "host", "connect.facebook.net")!.Value.GetProperty("suggestion").GetProperty("id").GetString());
        var unknown = Find(report, "undeclared", "httpCookie", "mystery_pref")!.Value;
        Assert.False(unknown.TryGetProperty("suggestion", out _));
        Assert.Equal(1, unknown.GetProperty("withoutAnyConsent").GetInt64());
        Assert.Equal(app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), unknown.GetProperty("lastSeen").GetString());
        Assert.NotNull(Find(report, "undeclared", "localStorage", "cart_token"));
        Assert.NotNull(Find(report, "undeclared", "host", "cdn.unknown-widgets.example"));
        // Declared in the draft (google-analytics: _ga and the pattern _ga_*): not undeclared.
        Assert.Null(Find(report, "undeclared", "httpCookie", "_ga"));
        Assert.Null(Find(report, "undeclared", "httpCookie", "_ga_ABC123"));
    }

    [Fact]
    public async Task ANameSeenWhereItsCategoryWasNotGrantedIsSeenBeforeConsent()
    {
        var (agency, siteKey) = await SiteWithCensusAsync();

        var report = await ReportAsync(agency, siteKey);

        var ga = Find(report, "beforeConsent", "httpCookie", "_ga")!.Value;
        Assert.Equal("google-analytics", ga.GetProperty("serviceId").GetString());
        Assert.Equal("statistics", ga.GetProperty("category").GetString());
        Assert.True(ga.GetProperty("declared").GetBoolean());
        Assert.Equal(2, ga.GetProperty("views").GetInt64());
        Assert.Equal(1, ga.GetProperty("withoutConsent").GetInt64());
        Assert.Equal(1, ga.GetProperty("undecided").GetInt64());
        var fbp = Find(report, "beforeConsent", "httpCookie", "_fbp")!.Value;
        Assert.False(fbp.GetProperty("declared").GetBoolean());
        Assert.Equal("marketing", fbp.GetProperty("category").GetString());
        // Seen only with statistics granted: not before consent.
        Assert.Null(Find(report, "beforeConsent", "httpCookie", "_ga_ABC123"));
        // Unknown: no category to tell, listed as undeclared only.
        Assert.Null(Find(report, "beforeConsent", "httpCookie", "mystery_pref"));
    }

    [Fact]
    public async Task DeclaredButNotSeenSaysNotEnoughDataUntilThirtyDaysOfCensus()
    {
        var (agency, siteKey) = await SiteWithCensusAsync();

        var notSeen = (await ReportAsync(agency, siteKey)).GetProperty("notSeen");

        Assert.False(notSeen.GetProperty("enoughData").GetBoolean());
        Assert.Equal(0, notSeen.GetProperty("items").GetArrayLength());
        Assert.Equal(app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notSeen.GetProperty("dataSince").GetString());
    }

    [Fact]
    public async Task AWindowOutsideOneToNinetyDaysIsAProblem()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);

        var response = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/census?days=91"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task AcceptingACatalogueFindingAddsTheServiceToTheDraftAndNotToThePublishedBanner()
    {
        var (agency, siteKey) = await SiteWithCensusAsync();

        var response = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/census/accept"), new { catalogue = "meta-pixel" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var draft = await DraftAsync(agency, siteKey);
        Assert.Contains(draft["services"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "meta-pixel");
        var published = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        Assert.DoesNotContain(published.GetProperty("services").EnumerateArray(), s => s.GetProperty("id").GetString() == "meta-pixel");
        var report = await ReportAsync(agency, siteKey);
        Assert.Null(Find(report, "undeclared", "httpCookie", "_fbp"));
        Assert.True(Find(report, "beforeConsent", "httpCookie", "_fbp")!.Value.GetProperty("declared").GetBoolean());
    }

    [Fact]
    public async Task AnUnknownCookieGoesIntoANewCustomServiceWithTheLifetimeTheAgencyGives()
    {
        var (agency, siteKey) = await SiteWithCensusAsync();

        var response = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/census/accept"), new
        {
            kind = "httpCookie", name = "mystery_pref", lifetime = "13mo",
            newService = new { id = "mystery-widget", name = "Mystery widget", provider = "Widgets ApS", category = "preferences", purpose = new { da = "Husker dine valg i widgetten." } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetProperty("message").GetString()!.Length > 0); // the English purpose is still missing
        var service = (await DraftAsync(agency, siteKey))["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "mystery-widget")!;
        var cookie = service["cookies"]!.AsArray().Single()!;
        Assert.Equal("mystery_pref", cookie["name"]!.GetValue<string>());
        Assert.Equal("13mo", cookie["lifetime"]!.GetValue<string>());
        Assert.Null(Find(await ReportAsync(agency, siteKey), "undeclared", "httpCookie", "mystery_pref"));

        var toExisting = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/census/accept"), new { kind = "localStorage", name = "cart_token", lifetime = "persistent", service = "mystery-widget" });
        Assert.Equal(HttpStatusCode.OK, toExisting.StatusCode);
        Assert.Null(Find(await ReportAsync(agency, siteKey), "undeclared", "localStorage", "cart_token"));
    }

    [Theory]
    [InlineData("""{"kind":"httpCookie","name":"x_pref","lifetime":"forever","service":"google-analytics"}""", "lifetime")]
    [InlineData("""{"kind":"httpCookie","name":"x_pref","lifetime":"1y","service":"no-such-service"}""", "service")]
    [InlineData("""{"kind":"host","name":"cdn.example.com","lifetime":"1y","service":"google-analytics"}""", "kind")]
    [InlineData("""{"kind":"httpCookie","name":"x pref","lifetime":"1y","service":"google-analytics"}""", "name")]
    [InlineData("""{"catalogue":"no-such-service"}""", "catalogue")]
    [InlineData("""{"kind":"httpCookie","name":"x","lifetime":"1y","newService":{"id":"google-ads","name":"A","provider":"B","category":"marketing"}}""", "newService.id")]
    public async Task ABadAcceptIsAProblemNamingTheFieldAndLeavesTheDraftAlone(string json, string field)
    {
        var (agency, siteKey) = await SiteWithCensusAsync();
        var before = (await DraftAsync(agency, siteKey)).ToJsonString();

        var response = await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/census/accept"), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Equal(before, (await DraftAsync(agency, siteKey)).ToJsonString());
    }

    [Fact]
    public async Task AnotherAgencyCannotReadTheCensusOrAddToTheDraft()
    {
        var (agency, siteKey) = await SiteWithCensusAsync();
        var other = await app.CreateAgencyAsync("Anden Bureau");
        var before = (await DraftAsync(agency, siteKey)).ToJsonString();

        var read = await other.Owner.GetAsync(other.Path($"/sites/{siteKey}/census"));
        var readThroughTheirPath = await other.Owner.GetAsync(agency.Path($"/sites/{siteKey}/census"));
        var accept = await other.Owner.PostAsJsonAsync(other.Path($"/sites/{siteKey}/census/accept"), new { catalogue = "meta-pixel" });
        var acceptThroughTheirPath = await other.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/census/accept"), new { catalogue = "meta-pixel" });

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readThroughTheirPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, acceptThroughTheirPath.StatusCode);
        Assert.Equal(before, (await DraftAsync(agency, siteKey)).ToJsonString());
    }

    [Fact]
    public async Task TheSamplingRateIsPublishedAndOnlyThenDoesBannerJsLoadCensusJs()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();

        var config = await client.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        var banner = await client.GetStringAsync($"/v1/sites/{siteKey}/banner.js");
        Assert.Equal(0.01, config.GetProperty("census").GetDouble());
        Assert.EndsWith($"Math.random()<0.01&&import(new URL(\"census/{CensusScript.Version}.js\",s.src).href).catch(function(){{}})}})(document.currentScript);\n", banner, StringComparison.Ordinal);

        var draft = await DraftAsync(agency, siteKey);
        draft["censusPercent"] = 0;
        await SaveDraftAsync(agency, siteKey, draft);
        Assert.Contains("census/", await client.GetStringAsync($"/v1/sites/{siteKey}/banner.js"), StringComparison.Ordinal); // the draft alone changes nothing
        await app.PublishAsync(agency, siteKey);

        config = await client.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        Assert.False(config.TryGetProperty("census", out _));
        Assert.DoesNotContain("census/", await client.GetStringAsync($"/v1/sites/{siteKey}/banner.js"), StringComparison.Ordinal);

        draft = await DraftAsync(agency, siteKey);
        draft["censusPercent"] = 101;
        var refused = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task CensusJsIsImmutableAtItsVersionAndCachedBrieflyAtAnyOther()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();

        var current = await client.GetAsync($"/v1/sites/{siteKey}/census/{CensusScript.Version}.js");
        var older = await client.GetAsync($"/v1/sites/{siteKey}/census/0123456789ab.js");
        var bad = await client.GetAsync($"/v1/sites/{siteKey}/census/not-a-version.js");

        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("text/javascript", current.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", current.Headers.CacheControl?.ToString());
        Assert.Equal("*", current.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var code = await current.Content.ReadAsStringAsync();
        Assert.Contains("import.meta.url", code, StringComparison.Ordinal);
        Assert.Equal("public, max-age=300", older.Headers.CacheControl?.ToString());
        Assert.Equal(code, await older.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
    }
}
