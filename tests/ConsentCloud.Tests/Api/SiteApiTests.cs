using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

public sealed class SiteApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ASiteIsCreatedWithDefaultsAndADraftInItsLanguages()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);

        var site = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"));
        Assert.Matches("^[a-z2-7]{26}$", siteKey);
        Assert.Equal("CVR", site.GetProperty("registrationNumberLabel").GetString());
        Assert.Equal(12, site.GetProperty("consent").GetProperty("acceptValidityMonths").GetInt32());
        Assert.Equal(6, site.GetProperty("consent").GetProperty("declineValidityMonths").GetInt32());
        Assert.Equal(60, site.GetProperty("consent").GetProperty("retentionMonths").GetInt32());
        Assert.True(site.GetProperty("consent").GetProperty("honourGlobalPrivacyControl").GetBoolean());
        Assert.Equal(["www.bageriet.example", "*.shop.bageriet.example"], site.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));

        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"));
        Assert.Equal(["da", "en"], draft.GetProperty("config").GetProperty("texts").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(draft.GetProperty("publishable").GetBoolean());
    }

    [Theory]
    [InlineData("DK", "10150817", true)]
    [InlineData("DK", "DK10150817", true)]
    [InlineData("DK", "10150818", false)]
    [InlineData("NO", "923609016", true)]
    [InlineData("NO", "923609017", false)]
    [InlineData("SE", "556036-0793", true)]
    [InlineData("SE", "556036-0794", false)]
    [InlineData("FI", "0112038-9", true)]
    [InlineData("FI", "0112038-8", false)]
    [InlineData("DE", "HRB 12345", true)]
    public async Task RegistrationNumbersAreCheckedWithTheirCountrysChecksum(string country, string number, bool valid)
    {
        var agency = await app.CreateAgencyAsync();

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), TestApp.SampleSite(country: country, registration: number));

        Assert.Equal(valid ? HttpStatusCode.Created : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://www.example.dk/")]
    [InlineData("www.example.dk:8080")]
    [InlineData("*.*.example.dk")]
    [InlineData("example")]
    [InlineData("exa mple.dk")]
    public async Task DomainsMustBeHostNames(string domain)
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite();
        request["domains"] = new[] { domain };

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("domains[0]", out _));
    }

    [Fact]
    public async Task InternationalDomainsAreStoredInTheirAsciiForm()
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite();
        request["domains"] = new[] { "Bøgeskov.DK", "*.Bøgeskov.dk" };

        var siteKey = await app.CreateSiteAsync(agency, request);

        var site = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"));
        Assert.Equal(["xn--bgeskov-q1a.dk", "*.xn--bgeskov-q1a.dk"], site.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
    }

    [Theory]
    [InlineData("languages", new[] { "da", "xx" })]
    [InlineData("defaultLanguage", "pl")]
    public async Task OnlySupportedLanguagesAreAccepted(string field, object value)
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite();
        request[field] = value;

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(0, 6, 60)]
    [InlineData(14, 6, 60)]
    [InlineData(12, 0, 60)]
    [InlineData(12, 6, 12)]
    [InlineData(12, 6, 121)]
    public async Task ValidityAndRetentionStayWithinTheirBounds(int accept, int decline, int retention)
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite();
        request["consent"] = new { acceptValidityMonths = accept, declineValidityMonths = decline, retentionMonths = retention };

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"displayName\": ", "not valid JSON")]
    [InlineData("{\"displayName\": 42}", "wrong type")]
    [InlineData("{\"displayName\": \"x\", \"surprise\": true}", "not part of this request")]
    [InlineData("[]", "")]
    public async Task MalformedBodiesGetAProblemThatSaysWhat(string body, string expected)
    {
        var agency = await app.CreateAgencyAsync();

        var response = await agency.Owner.PostAsync(agency.Path("/sites"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite(name: new string('x', 20_000));

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUpdateWithAStaleETagIsRefusedAndLosesNothing()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        var path = agency.Path($"/sites/{siteKey}");
        var etag = (await agency.Owner.GetAsync(path)).Headers.ETag!.Tag;

        var first = TestApp.SampleSite(name: "First edit");
        var firstResponse = await Send(HttpMethod.Put, path, first, etag);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);

        var second = await Send(HttpMethod.Put, path, TestApp.SampleSite(name: "Second edit"), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        var site = await agency.Owner.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("First edit", site.GetProperty("displayName").GetString());

        async Task<HttpResponseMessage> Send(HttpMethod method, string url, object body, string ifMatch)
        {
            using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await agency.Owner.SendAsync(request);
        }
    }

    [Theory]
    [InlineData("\"not-one-of-ours\"")]
    [InlineData("W/\"datetime'2020-01-01T00%3A00%3A00Z'\"")]
    public async Task AnIfMatchThatIsNotOurTagGets412(string ifMatch)
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        using var request = new HttpRequestMessage(HttpMethod.Put, agency.Path($"/sites/{siteKey}")) { Content = JsonContent.Create(TestApp.SampleSite("Changed")) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        var response = await agency.Owner.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var site = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"));
        Assert.Equal("Bageriet Hansen", site.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task AddingALanguageAddsItsDefaultBannerTexts()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        var request = TestApp.SampleSite();
        request["languages"] = new[] { "da", "en", "fi" };

        Assert.Equal(HttpStatusCode.OK, (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}"), request)).StatusCode);

        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"));
        Assert.Equal("Hyväksy kaikki", draft.GetProperty("config").GetProperty("texts").GetProperty("fi").GetProperty("acceptAll").GetString());
    }

    [Fact]
    public async Task ADeletedSiteDisappearsAndItsBannerStopsBeingServed()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, siteKey);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await agency.Owner.DeleteAsync(agency.Path($"/sites/{siteKey}"))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}"))).StatusCode);
        Assert.DoesNotContain(siteKey, await agency.Owner.GetStringAsync(agency.Path("/sites")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode);
    }
}
