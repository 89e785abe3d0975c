using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

public sealed class OpenApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheManagementApiAndNothingPublic()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/openapi.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/agencies", paths);
        Assert.Contains("/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/publish", paths);
        Assert.Contains("/api/v1/agencies/{agencyId}/api-keys/{keyId}", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        var publish = document.GetProperty("paths").GetProperty("/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/publish").GetProperty("post");
        Assert.True(publish.GetProperty("responses").TryGetProperty("201", out _));
        Assert.Contains("BannerConfig", document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name));
    }

    [Fact]
    public async Task EveryOperationUnderAnAgencyDeclaresTheAgencyIdAndEveryOtherRouteParameter()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/openapi.json");

        var checkedOperations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var routeParameters = System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
            foreach (var operation in path.Value.EnumerateObject())
            {
                var declared = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").ToList()
                    : [];
                foreach (var name in routeParameters)
                {
                    var parameter = declared.SingleOrDefault(p => p.GetProperty("name").GetString() == name);
                    Assert.True(parameter.ValueKind == JsonValueKind.Object, $"{operation.Name.ToUpperInvariant()} {path.Name} does not declare {name}.");
                    Assert.True(parameter.GetProperty("required").GetBoolean());
                }

                checkedOperations += path.Name.Contains("{agencyId}", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        Assert.True(checkedOperations > 20, $"Only {checkedOperations} operations under /agencies/{{agencyId}}.");
    }

    [Fact]
    public async Task OnlyPropertiesThatAreAlwaysPresentAreRequired()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/openapi.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.DoesNotContain("publishedAt", Required("SiteResponse"));
        Assert.DoesNotContain("registrationNumber", Required("Company"));
        Assert.DoesNotContain("phone", Required("Company"));
        Assert.DoesNotContain("renewalReason", Required("RevisionResponse"));
        Assert.Contains("siteKey", Required("SiteResponse"));
        Assert.Contains("legalName", Required("Company"));
        Assert.Contains("requiresRenewal", Required("RevisionResponse"));

        // The rule behind them: null properties are left out of the JSON, so nothing that can be null is required.
        foreach (var schema in schemas.EnumerateObject())
        {
            foreach (var name in Required(schema.Name))
            {
                var property = schema.Value.GetProperty("properties").GetProperty(name).GetRawText();
                Assert.False(property.Contains("\"null\"", StringComparison.Ordinal), $"{schema.Name}.{name} can be null but is required.");
            }
        }

        List<string> Required(string schema) => schemas.GetProperty(schema).TryGetProperty("required", out var required)
            ? [.. required.EnumerateArray().Select(r => r.GetString()!)]
            : [];
    }
}
