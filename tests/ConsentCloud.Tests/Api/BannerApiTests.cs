using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

public sealed class BannerApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task PublishingCreatesAnImmutableNumberedRevision()
    {
        var (agency, siteKey) = await NewSiteAsync();

        var first = await app.PublishAsync(agency, siteKey, new { note = "Launch" });
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await app.PublishAsync(agency, siteKey);

        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal(2, second.GetProperty("number").GetInt32());
        Assert.Equal(first.GetProperty("contentHash").GetString(), second.GetProperty("contentHash").GetString());
        Assert.Equal($"user:{agency.OwnerUser.UserKey}", first.GetProperty("publishedBy").GetString());
        Assert.Equal(app.Clock.GetUtcNow(), second.GetProperty("publishedAt").GetDateTimeOffset());

        var revisions = await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{siteKey}/banner/revisions"));
        Assert.Equal([2, 1], revisions!.Select(r => r.GetProperty("number").GetInt32()));
        var one = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/revisions/1"));
        Assert.Equal("Launch", one.GetProperty("revision").GetProperty("note").GetString());
        Assert.Equal(1, one.GetProperty("config").GetProperty("revision").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/banner/revisions/3"))).StatusCode);
    }

    [Fact]
    public async Task ADraftWithProblemsIsSavedButNotPublished()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var draft = await GetDraftAsync(agency, siteKey);
        draft["texts"]!["en"]!["rejectAll"] = "";
        draft["appearance"]!["rejectButton"] = new JsonObject { ["background"] = "#eeeeee", ["text"] = "#999999" };
        draft["services"] = new JsonArray(Service("session-replay", "necessary"));

        var saved = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var problems = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Contains("texts.en.rejectAll", problems);
        Assert.Contains("appearance.rejectButton", problems);
        Assert.Contains("services[0].strictlyNecessary", problems);

        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/publish"), new { });
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        var body = await publish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty("appearance.rejectButton", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode);
    }

    [Theory]
    [InlineData("#777777", "#ffffff", true)]
    [InlineData("#767676", "#ffffff", false)]
    public async Task TextContrastMustReachFourAndAHalfToOne(string text, string background, bool problem)
    {
        var (agency, siteKey) = await NewSiteAsync();
        var draft = await GetDraftAsync(agency, siteKey);
        draft["appearance"]!["banner"] = new JsonObject { ["background"] = background, ["text"] = text };

        var saved = await (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(problem, saved.GetProperty("problems").EnumerateArray().Any(p => p.GetProperty("path").GetString() == "appearance.banner"));
    }

    [Fact]
    public async Task EveryLanguageNeedsEveryTextIncludingServicePurposes()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var draft = await GetDraftAsync(agency, siteKey);
        var service = Service("youtube", "marketing");
        service["purpose"]!.AsObject().Remove("en");
        draft["services"] = new JsonArray(service);
        draft["categories"]!.AsArray().Add(new JsonObject { ["id"] = "social" });

        var saved = await (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).Content.ReadFromJsonAsync<JsonElement>();

        var problems = saved.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Contains("services[0].purpose.en", problems);
        Assert.Contains("texts.da.categories.social", problems);
        Assert.Contains("texts.en.categories.social", problems);
    }

    [Fact]
    public async Task AddingAServiceAsksVisitorsAgainButAnUnchangedRepublishDoesNot()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var first = await app.PublishAsync(agency, siteKey);
        var same = await app.PublishAsync(agency, siteKey);

        var draft = await GetDraftAsync(agency, siteKey);
        draft["services"] = new JsonArray(Service("youtube", "marketing"));
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).EnsureSuccessStatusCode();
        var added = await app.PublishAsync(agency, siteKey);
        var forced = await app.PublishAsync(agency, siteKey, new { requireRenewal = true });
        var waived = await app.PublishAsync(agency, siteKey, new { requireRenewal = false });

        Assert.False(same.GetProperty("requiresRenewal").GetBoolean());
        Assert.True(added.GetProperty("requiresRenewal").GetBoolean());
        Assert.Contains("YouTube", added.GetProperty("renewalReason").GetString(), StringComparison.Ordinal);
        Assert.True(forced.GetProperty("requiresRenewal").GetBoolean());
        Assert.False(waived.GetProperty("requiresRenewal").GetBoolean());

        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        Assert.Equal(5, config.GetProperty("revision").GetInt32());
        Assert.Equal(4, config.GetProperty("renewalRevision").GetInt32());
        Assert.NotEqual(first.GetProperty("contentHash").GetString(), added.GetProperty("contentHash").GetString());
    }

    [Fact]
    public async Task PublishingWithAnIncompletePrivacyPolicySaysWhichSectionsHoldItBack()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var some = new Dictionary<string, string> { ["da"] = "Vi bruger data til at levere butikken.", ["en"] = "We use data to run the shop." };
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), new { sections = new { purposes = some, dataCollected = some } })).EnsureSuccessStatusCode();

        var revision = await app.PublishAsync(agency, siteKey);

        var policies = revision.GetProperty("policies").EnumerateArray().ToDictionary(p => p.GetProperty("kind").GetString()!);
        var privacy = policies["privacy"];
        Assert.False(privacy.GetProperty("published").GetBoolean());
        Assert.Equal(["recipients", "security"], privacy.GetProperty("missingSections").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(privacy.GetProperty("problems").EnumerateArray(), p => p.GetProperty("path").GetString() == "sections.security.en");
        Assert.Equal($"/p/{siteKey}/privacy", privacy.GetProperty("url").GetString());
        Assert.True(policies["cookies"].GetProperty("published").GetBoolean());
        Assert.Empty(policies["cookies"].GetProperty("missingSections").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/p/{siteKey}/privacy")).StatusCode);

        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), new { sections = new { purposes = some, dataCollected = some, recipients = some, security = some } })).EnsureSuccessStatusCode();
        var complete = await app.PublishAsync(agency, siteKey);

        Assert.All(complete.GetProperty("policies").EnumerateArray(), p => Assert.True(p.GetProperty("published").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/p/{siteKey}/privacy")).StatusCode);
    }

    [Fact]
    public async Task AStaleDraftETagIsRefused()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var path = agency.Path($"/sites/{siteKey}/banner/draft");
        var etag = (await agency.Owner.GetAsync(path)).Headers.ETag!.Tag;
        var draft = await GetDraftAsync(agency, siteKey);

        Assert.Equal(HttpStatusCode.OK, (await PutWithETag(draft, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutWithETag(draft, etag)).StatusCode);

        async Task<HttpResponseMessage> PutWithETag(JsonObject body, string tag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("If-Match", tag);
            return await agency.Owner.SendAsync(request);
        }
    }

    [Fact]
    public async Task ADraftOverSixtyFourKilobytesIsRefused()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var draft = await GetDraftAsync(agency, siteKey);
        var services = new JsonArray();
        for (var i = 0; i < 60; i++)
        {
            var service = Service($"service{i}", "statistics");
            service["purpose"]!["da"] = new string('å', 600);
            services.Add(service);
        }

        draft["services"] = services;

        var response = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task UnknownFieldsAndWrongEnumsInTheDraftAreRefused()
    {
        var (agency, siteKey) = await NewSiteAsync();
        var draft = await GetDraftAsync(agency, siteKey);
        draft["appearance"]!["layout"] = "popup";

        var response = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("bar, box, modal", problem.GetProperty("errors").GetProperty("appearance.layout")[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<(TestAgency, string)> NewSiteAsync()
    {
        var agency = await app.CreateAgencyAsync();
        return (agency, await app.CreateSiteAsync(agency));
    }

    private static async Task<JsonObject> GetDraftAsync(TestAgency agency, string siteKey) =>
        (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();

    internal static JsonObject Service(string id, string category) => new()
    {
        ["id"] = id,
        ["name"] = id == "youtube" ? "YouTube" : id,
        ["provider"] = "Google Ireland Limited",
        ["category"] = category,
        ["privacyPolicyUrl"] = "https://policies.google.com/privacy",
        ["purpose"] = new JsonObject { ["da"] = "Viser videoer.", ["en"] = "Shows videos." },
        ["cookies"] = new JsonArray(new JsonObject { ["name"] = "YSC", ["lifetime"] = "session" }),
    };
}
