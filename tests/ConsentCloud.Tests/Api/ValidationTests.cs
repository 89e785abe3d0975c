using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

/// <summary>Validation problems name the wrong field by its JSON path, in the JSON's casing, with a sentence that says what is allowed.</summary>
public sealed class ValidationTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ErrorKeysAreTheCamelCaseJsonPathsOfTheFieldsIncludingNestedOnes()
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite();
        request["displayName"] = "";
        request["company"] = new { legalName = "Bageriet ApS", address = new { street = "Strandvejen 12", postalCode = "2100", city = "København" }, email = "not-an-address", phone = "call us" };
        request["consent"] = new { acceptValidityMonths = 40 };

        var errors = await ProblemAsync(agency, "/sites", request);

        Assert.Equal(["company.email", "company.phone", "consent.acceptValidityMonths", "displayName"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'displayName' is required.", errors["displayName"].Single());
        Assert.Equal("'email' is not a valid e-mail address.", errors["company.email"].Single());
        Assert.Equal("'acceptValidityMonths' must be from 1 to 13.", errors["consent.acceptValidityMonths"].Single());
    }

    [Fact]
    public async Task CrossFieldRulesNameTheFieldThatIsWrongAndTheItemsByIndex()
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite(registration: "12");
        request["defaultLanguage"] = "xx";
        request["languages"] = new[] { "da", "zz" };
        request["domains"] = new[] { "www.bageriet.example", "not a host" };

        var errors = await ProblemAsync(agency, "/sites", request);

        Assert.Equal(["company.registrationNumber", "defaultLanguage", "domains[1]", "languages[1]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'xx' is not a supported language; choose from da, nb, sv, fi, en, de.", errors["defaultLanguage"]);
        Assert.Contains("'zz'", errors["languages[1]"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagesAreSentencesAboutTheFieldNotTheDataAnnotationsDefaults()
    {
        var agency = await app.CreateAgencyAsync();
        var request = TestApp.SampleSite(name: new string('x', 101));
        request["domains"] = Array.Empty<string>();

        var errors = await ProblemAsync(agency, "/sites", request);

        Assert.Equal("'displayName' must not be empty and has at most 100 characters.", errors["displayName"].Single());
        Assert.Equal("'domains' needs at least 1 item.", errors["domains"].Single());
        Assert.All(errors.Values.SelectMany(m => m), m => Assert.DoesNotContain("The field ", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AValueThatIsNotInAnEnumListsTheAllowedValues()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();
        draft["appearance"]!["layout"] = "popup";

        var layout = await ProblemAsync(agency, $"/sites/{siteKey}/banner/draft", draft, HttpMethod.Put);
        var role = await ProblemAsync(agency, "/members", new { tenantId = Guid.NewGuid(), objectId = Guid.NewGuid(), role = "boss" });

        Assert.Equal("'appearance.layout' must be one of bar, box, modal.", layout["appearance.layout"].Single());
        Assert.Equal("'role' must be one of clientViewer, member, admin, owner.", role["role"].Single());
    }

    [Fact]
    public async Task MissingFieldsAreEachNamed()
    {
        var agency = await app.CreateAgencyAsync();

        var errors = await ProblemAsync(agency, "/sites", new { displayName = "Bageriet" });

        Assert.Equal(["company", "country", "defaultLanguage", "domains"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'company' is required.", errors["company"].Single());
    }

    private static async Task<Dictionary<string, string[]>> ProblemAsync(TestAgency agency, string path, object body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, agency.Path(path))
        {
            Content = new StringContent(JsonSerializer.Serialize(body, TestApp.Json), Encoding.UTF8, "application/json"),
        };
        var response = await agency.Owner.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }
}
