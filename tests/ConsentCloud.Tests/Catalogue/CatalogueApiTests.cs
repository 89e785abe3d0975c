using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>The catalogue over HTTP, and adding services to a site's draft, through the app against Azurite.</summary>
public sealed class CatalogueApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("/api/v1/catalogue")]
    [InlineData("/api/v1/catalogue/google-analytics")]
    public async Task TheCatalogueNeedsSignInOrAnApiKey(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithApiKey("cc_live_notakey_notasecret").GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task AnyAgencyMemberOrApiKeyReadsTheCatalogue()
    {
        var agency = await app.CreateAgencyAsync();
        var key = app.ClientWithApiKey(await app.CreateApiKeyAsync(agency));

        var byPerson = await agency.Owner.GetFromJsonAsync<JsonElement[]>("/api/v1/catalogue");
        var byKey = await key.GetFromJsonAsync<JsonElement[]>("/api/v1/catalogue");

        Assert.Contains(byPerson!, s => s.GetProperty("id").GetString() == "google-analytics" && s.GetProperty("transfersOutsideEea").GetBoolean());
        Assert.Equal(byPerson!.Length, byKey!.Length);
    }

    [Fact]
    public async Task SearchAndCategoryNarrowTheList()
    {
        var agency = await app.CreateAgencyAsync();

        var youtube = await agency.Owner.GetFromJsonAsync<JsonElement[]>("/api/v1/catalogue?search=nocookie");
        var marketing = await agency.Owner.GetFromJsonAsync<JsonElement[]>("/api/v1/catalogue?category=marketing");
        var unknown = await agency.Owner.GetAsync("/api/v1/catalogue?category=tracking");

        Assert.Equal(["youtube"], youtube!.Select(s => s.GetProperty("id").GetString()));
        Assert.Contains(marketing!, s => s.GetProperty("id").GetString() == "meta-pixel");
        Assert.All(marketing!, s => Assert.Equal("marketing", s.GetProperty("category").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task AnEntryComesWhole()
    {
        var agency = await app.CreateAgencyAsync();

        var ga = await agency.Owner.GetFromJsonAsync<JsonElement>("/api/v1/catalogue/google-analytics");
        var missing = await agency.Owner.GetAsync("/api/v1/catalogue/no-such-service");

        Assert.Equal("Google Ireland Limited", ga.GetProperty("provider").GetProperty("legalName").GetString());
        var cookie = ga.GetProperty("cookies")[0];
        Assert.Equal("_ga", cookie.GetProperty("name").GetString());
        Assert.Equal("2y", cookie.GetProperty("lifetime").GetString());
        Assert.False(string.IsNullOrEmpty(cookie.GetProperty("purpose").GetProperty("fi").GetString()));
        Assert.Equal("dataPrivacyFramework", ga.GetProperty("transfers")[0].GetProperty("basis").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AddingServicesSavesAPublishableDraftAndTheCookiePolicyListsThem()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);

        var response = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{site}/banner/draft/services"),
            Pick([CustomBooking()], "google-analytics", "youtube"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("publishable").GetBoolean(), body.ToString());
        Assert.Equal(["google-analytics", "youtube", "bookbord"], body.GetProperty("added").EnumerateArray().Select(a => a.GetString()));

        await app.PublishAsync(agency, site);
        var policy = await app.CreateClient().GetStringAsync($"/p/{site}/cookies?lang=da");
        Assert.Contains("<h4>Google Analytics 4</h4>", policy, StringComparison.Ordinal);
        Assert.Contains("<h4>BookBord</h4>", policy, StringComparison.Ordinal);
        Assert.Contains("<code>_ga</code></td><td>—</td><td>2 år</td>", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddingAgainChangesNothingAndAStaleIfMatchIsRefused()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);
        var path = agency.Path($"/sites/{site}/banner/draft/services");
        var first = await agency.Owner.PostAsJsonAsync(path, Pick([], "hotjar"));
        var firstConfig = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("config").ToString();

        using var again = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Pick([], "hotjar")) };
        again.Headers.IfMatch.Add(first.Headers.ETag!);
        var second = await agency.Owner.SendAsync(again);
        using var stale = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Pick([], "vimeo")) };
        stale.Headers.IfMatch.Add(first.Headers.ETag!);
        var refused = await agency.Owner.SendAsync(stale);

        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Empty(secondBody.GetProperty("added").EnumerateArray());
        Assert.Equal(firstConfig, secondBody.GetProperty("config").ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
    }

    [Fact]
    public async Task UnknownIdsAndIncompleteCustomServicesAreProblemsAndNothingIsSaved()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);
        var incomplete = CustomBooking();
        incomplete["purpose"] = new Dictionary<string, string> { ["da"] = "Kun dansk." };

        var response = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{site}/banner/draft/services"),
            Pick([incomplete], "google-analytics", "myspace"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("'myspace' is not in the catalogue.", errors.GetProperty("catalogue[1]")[0].GetString());
        Assert.Equal("The English text is missing.", errors.GetProperty("custom[0].purpose.en")[0].GetString());
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.Empty(draft.GetProperty("config").GetProperty("services").EnumerateArray());
    }

    [Fact]
    public async Task AnotherAgencysSiteIsNotFound()
    {
        var owner = await app.CreateAgencyAsync("Owner Agency");
        var site = await app.CreateSiteAsync(owner);
        var outsider = await app.CreateAgencyAsync("Outsider Agency");

        var viaTheirAgency = await outsider.Owner.PostAsJsonAsync(owner.Path($"/sites/{site}/banner/draft/services"), Pick([], "hotjar"));
        var viaOwnAgency = await outsider.Owner.PostAsJsonAsync(outsider.Path($"/sites/{site}/banner/draft/services"), Pick([], "hotjar"));

        Assert.Equal(HttpStatusCode.NotFound, viaTheirAgency.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viaOwnAgency.StatusCode);
        var draft = await owner.Owner.GetFromJsonAsync<JsonElement>(owner.Path($"/sites/{site}/banner/draft"));
        Assert.Empty(draft.GetProperty("config").GetProperty("services").EnumerateArray());
    }

    private static object Pick(object[] custom, params string[] catalogue) => new { catalogue, custom };

    private static Dictionary<string, object?> CustomBooking() => new()
    {
        ["id"] = "bookbord",
        ["name"] = "BookBord",
        ["provider"] = new { legalName = "BookBord ApS", street = "Nørregade 1", postalCode = "1165", city = "København K", country = "DK", privacyPolicyUrl = "https://bookbord.example/privacy" },
        ["category"] = "preferences",
        ["purpose"] = new Dictionary<string, string> { ["da"] = "Lader dig bestille bord direkte på siden.", ["en"] = "Lets you book a table right on the page." },
        ["cookies"] = new[] { new { name = "bb_session", lifetime = "session" } },
    };
}
