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
}
