using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Consents;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Census;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Census;

/// <summary>Beacons sent the way census.js sends them, the counter flushed, and the census read through the API.</summary>
internal static class CensusKit
{
    public static object Beacon(Dictionary<string, bool>? choices = null, string[]? cookies = null, string[]? local = null, string[]? session = null, string[]? hosts = null) => new Dictionary<string, object?>
    {
        ["choices"] = choices,
        ["cookies"] = cookies ?? [],
        ["localStorage"] = local ?? [],
        ["sessionStorage"] = session ?? [],
        ["hosts"] = hosts ?? [],
    };

    public static Task<HttpResponseMessage> SendAsync(TestApp app, string siteKey, object body, string? origin = ConsentClient.Origin, string forwardedFor = "203.0.113.9", string contentType = "text/plain") =>
        SendRawAsync(app, siteKey, JsonSerializer.Serialize(body, TestApp.Json), origin, forwardedFor, contentType);

    public static Task<HttpResponseMessage> SendRawAsync(TestApp app, string siteKey, string json, string? origin = ConsentClient.Origin, string forwardedFor = "203.0.113.9", string contentType = "text/plain")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{siteKey}/census") { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return app.CreateClient().SendAsync(request);
    }

    public static Task FlushAsync(TestApp app) => app.Services.GetRequiredService<CensusCounter>().FlushAsync(CancellationToken.None);

    public static async Task<JsonElement> ReportAsync(TestAgency agency, string siteKey, int days = 30)
    {
        var response = await agency.Owner.GetAsync(agency.Path($"/sites/{siteKey}/census?days={days}"));
        Assert.True(response.IsSuccessStatusCode, $"GET census: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static JsonElement? Find(JsonElement report, string list, string kind, string name) =>
        report.GetProperty(list).EnumerateArray().Cast<JsonElement?>().FirstOrDefault(f => f!.Value.GetProperty("kind").GetString() == kind && f.Value.GetProperty("name").GetString() == name);

    public static async Task AddCatalogueAsync(TestAgency agency, string siteKey, params string[] ids) =>
        (await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft/services"), new { catalogue = ids })).EnsureSuccessStatusCode();

    public static async Task<JsonObject> DraftAsync(TestAgency agency, string siteKey) =>
        (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();

    public static async Task SaveDraftAsync(TestAgency agency, string siteKey, JsonObject config) =>
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), config)).EnsureSuccessStatusCode();
}
