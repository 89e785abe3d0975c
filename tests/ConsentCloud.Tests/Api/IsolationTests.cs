using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Api;

/// <summary>
/// Agency A's resources must be invisible to agency B, by people and by API keys alike: every agency-scoped route,
/// every method, answers 404 to B and changes nothing. The route table is checked against the app's own endpoints,
/// so a new route without an isolation case fails here.
/// </summary>
public sealed class IsolationTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Call(string Method, string Template, Func<World, object?> Body, string Query = "");

    private sealed record World(TestAgency A, string SiteA, string KeyIdA, TestAgency B, string SiteB, Guid ConsentIdA);

    private const string Range = "?from=2026-11-01&to=2026-11-30";

    private static readonly Call[] Calls =
    [
        new("GET", "/api/v1/agencies/{agencyId}", _ => null),
        new("PUT", "/api/v1/agencies/{agencyId}", _ => new { name = "Hijacked", country = "DK" }),
        new("GET", "/api/v1/agencies/{agencyId}/members", _ => null),
        new("POST", "/api/v1/agencies/{agencyId}/members", _ => new { tenantId = Guid.NewGuid(), objectId = Guid.NewGuid(), role = "Owner" }),
        new("PUT", "/api/v1/agencies/{agencyId}/members/{userKey}", _ => new { role = "Member" }),
        new("DELETE", "/api/v1/agencies/{agencyId}/members/{userKey}", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/api-keys", _ => null),
        new("POST", "/api/v1/agencies/{agencyId}/api-keys", _ => new { name = "stolen" }),
        new("DELETE", "/api/v1/agencies/{agencyId}/api-keys/{keyId}", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites", _ => null),
        new("POST", "/api/v1/agencies/{agencyId}/sites", _ => TestApp.SampleSite("Planted")),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}", _ => null),
        new("PUT", "/api/v1/agencies/{agencyId}/sites/{siteKey}", _ => TestApp.SampleSite("Hijacked")),
        new("DELETE", "/api/v1/agencies/{agencyId}/sites/{siteKey}", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/draft", _ => null),
        new("PUT", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/draft", w => DraftOf(w)),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/draft/services", _ => new { catalogue = new[] { "google-analytics" } }),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/publish", _ => new { }),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/revisions", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/banner/revisions/{number:int}", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/census", _ => null, "?days=30"),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/census/accept", _ => new { catalogue = "google-analytics" }),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/census/accept", _ => new { name = "_planted", kind = "httpCookie", lifetime = "1y", service = "google-analytics" }),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/policies/draft", _ => null),
        new("PUT", "/api/v1/agencies/{agencyId}/sites/{siteKey}/policies/draft", _ => new { sections = new { purposes = new { da = "Hijacked" } } }),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/policies/publish", _ => new { }),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/policies/versions", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/consents/export", _ => null, Range + "&format=csv"),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/consents/export", _ => null, Range + "&format=jsonl"),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/consents/export", _ => null, Range + "&format=csv&method=acceptAll&category=statistics"),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/consents/export", _ => null, "?from=bad"),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/consents/{consentId}/proof", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/stats", _ => null, "?days=30"),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/stats", _ => null, Range),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/stats/chart.svg", _ => null, "?days=365"),
        new("GET", "/api/v1/agencies/{agencyId}/audit/downloads", _ => null),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/scans", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/scans", _ => null),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/scans/{scanId}", _ => null),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/scans/{scanId}/apply", _ => new { services = new[] { "google-analytics" } }),
        new("GET", "/api/v1/agencies/{agencyId}/sites/{siteKey}/verification", _ => null),
        new("POST", "/api/v1/agencies/{agencyId}/sites/{siteKey}/verification", _ => null),
    ];

    /// <summary>A well-formed scan id (a real one of A's would change under the snapshot as the worker runs it).</summary>
    private const string ScanId = "1111111111111111111abcdef";

    private static JsonElement? draftOfA;

    private static object? DraftOf(World _) => draftOfA?.GetProperty("config");

    [Fact]
    public void EveryAgencyScopedRouteHasAnIsolationCase()
    {
        var routes = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/agencies/{agencyId}", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'))))
            .ToHashSet();

        Assert.NotEmpty(routes);
        Assert.Equal(routes.OrderBy(r => r.Item2).ThenBy(r => r.m), Calls.Select(c => (c.Method, c.Template)).Distinct().OrderBy(r => r.Item2).ThenBy(r => r.Item1));
    }

    [Fact]
    public async Task AnotherAgencysPeopleAndKeysGet404OnEveryRouteAndChangeNothing()
    {
        var world = await BuildWorldAsync();
        var before = await SnapshotAsync(world);
        var outsiders = new (string Who, HttpClient Client)[]
        {
            ("B's owner", world.B.Owner),
            ("B's API key", app.ClientWithApiKey(await app.CreateApiKeyAsync(world.B))),
        };

        var failures = new List<string>();
        foreach (var (who, client) in outsiders)
        {
            foreach (var call in Calls)
            {
                // A's agency id in the path.
                await ExpectNotFoundAsync(client, call, world, Path(call.Template, world.A.Id, world.SiteA, world) + call.Query, $"{who} on A's agency", failures);

                // B's own agency id with A's site key (site-scoped routes only).
                if (call.Template.Contains("{siteKey}", StringComparison.Ordinal))
                {
                    await ExpectNotFoundAsync(client, call, world, Path(call.Template, world.B.Id, world.SiteA, world) + call.Query, $"{who} with A's site under B", failures);
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task AnApiKeyOfAgencyAIsUselessForAgencyB()
    {
        var world = await BuildWorldAsync();
        var keyOfA = app.ClientWithApiKey(await app.CreateApiKeyAsync(world.A));

        var response = await keyOfA.GetAsync($"/api/v1/agencies/{world.B.Id}/sites/{world.SiteB}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keyOfA.GetAsync($"/api/v1/agencies/{world.A.Id}/sites/{world.SiteA}")).StatusCode);
    }

    [Fact]
    public async Task ListingAgenciesShowsOnlyYourOwn()
    {
        var world = await BuildWorldAsync();

        var mine = await world.B.Owner.GetFromJsonAsync<JsonElement[]>("/api/v1/agencies");

        Assert.Equal([world.B.Id], mine!.Select(a => a.GetProperty("id").GetString()));
    }

    private async Task ExpectNotFoundAsync(HttpClient client, Call call, World world, string path, string who, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), path);
        if (call.Body(world) is { } body)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            failures.Add($"{who}: {call.Method} {path} answered {(int)response.StatusCode}");
        }
    }

    private static string Path(string template, string agencyId, string siteKey, World world) => template
        .Replace("{agencyId}", agencyId, StringComparison.Ordinal)
        .Replace("{siteKey}", siteKey, StringComparison.Ordinal)
        .Replace("{userKey}", world.A.OwnerUser.UserKey, StringComparison.Ordinal)
        .Replace("{keyId}", world.KeyIdA, StringComparison.Ordinal)
        .Replace("{number:int}", "1", StringComparison.Ordinal)
        .Replace("{scanId}", ScanId, StringComparison.Ordinal)
        .Replace("{consentId}", world.ConsentIdA.ToString("D"), StringComparison.Ordinal);

    private async Task<World> BuildWorldAsync()
    {
        var a = await app.CreateAgencyAsync("Agency A");
        var siteA = await app.CreateSiteAsync(a);
        await app.PublishAsync(a, siteA);
        var keyA = (await app.CreateApiKeyAsync(a)).Split('_')[2];
        var b = await app.CreateAgencyAsync("Agency B");
        var siteB = await app.CreateSiteAsync(b);
        draftOfA = await a.Owner.GetFromJsonAsync<JsonElement>(a.Path($"/sites/{siteA}/banner/draft"));
        var consentA = Guid.NewGuid();
        (await Consents.ConsentClient.PostAsync(app.CreateClient(), siteA, Consents.ConsentClient.Decision(consentA))).EnsureSuccessStatusCode();
        return new World(a, siteA, keyA, b, siteB, consentA);
    }

    /// <summary>Everything of A's that an outsider's call could have changed.</summary>
    private static async Task<string> SnapshotAsync(World world)
    {
        var a = world.A;
        var parts = new[]
        {
            await a.Owner.GetStringAsync(a.Path()),
            await a.Owner.GetStringAsync(a.Path("/members")),
            await a.Owner.GetStringAsync(a.Path("/api-keys")),
            await a.Owner.GetStringAsync(a.Path("/sites")),
            await a.Owner.GetStringAsync(a.Path($"/sites/{world.SiteA}/banner/draft")),
            await a.Owner.GetStringAsync(a.Path($"/sites/{world.SiteA}/banner/revisions")),
            await a.Owner.GetStringAsync(a.Path($"/sites/{world.SiteA}/policies/draft")),
            await a.Owner.GetStringAsync(a.Path($"/sites/{world.SiteA}/policies/versions")),
            await a.Owner.GetStringAsync(a.Path("/audit/downloads")), // an outsider's attempt must leave no download behind
            await a.Owner.GetStringAsync(a.Path($"/sites/{world.SiteA}/scans")), // nor a scan
            await a.Owner.GetStringAsync(a.Path($"/sites/{world.SiteA}/verification")), // nor a domain check
        };
        return string.Join('\n', parts);
    }
}
