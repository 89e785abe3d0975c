using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Consents;

/// <summary>Talks to the consent endpoints the way the banner on a site's page does.</summary>
internal static class ConsentClient
{
    public const string Origin = "https://www.bageriet.example";

    public static async Task<(TestAgency Agency, string SiteKey)> PublishedSiteAsync(TestApp app, object? site = null)
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, site);
        await app.PublishAsync(agency, siteKey);
        return (agency, siteKey);
    }

    public static Dictionary<string, object?> Decision(Guid consentId, string method = "custom", Dictionary<string, bool>? choices = null, Guid? eventId = null) => new()
    {
        ["consentId"] = consentId,
        ["eventId"] = eventId ?? Guid.NewGuid(),
        ["revision"] = 1,
        ["choices"] = choices ?? new Dictionary<string, bool> { ["necessary"] = true, ["statistics"] = true, ["marketing"] = false },
        ["method"] = method,
        ["language"] = "da",
        ["pageUrl"] = "https://www.bageriet.example/kager?email=visitor%40example.com#top",
        ["gpc"] = false,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string siteKey, object body, string? origin = Origin, string? forwardedFor = "203.0.113.77", string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{siteKey}/consents")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, TestApp.Json), Encoding.UTF8, contentType),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0");
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> HistoryAsync(HttpClient client, string siteKey, Guid consentId) =>
        await client.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/consents/{consentId}");

    /// <summary>The raw rows in storage that belong to a consent id, in both tables.</summary>
    public static async Task<(List<TableEntity> Records, List<TableEntity> Index)> RawRowsAsync(TestApp app, string siteKey, Guid consentId)
    {
        var service = new TableServiceClient(Azurite.ConnectionString);
        var records = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {siteKey} and PartitionKey lt {siteKey + "~"} and ConsentId eq {consentId}");
        await foreach (var row in service.GetTableClient(app.Prefix + "Consents").QueryAsync<TableEntity>(filter))
        {
            records.Add(row);
        }

        // Every index row of the site whose row key names the consent id: the current layout ("{site}-{shard}",
        // "{consentId}-{eventId}") and the legacy one ("{site}-{consentId}", "{eventId}").
        var index = new List<TableEntity>();
        var id = consentId.ToString("N");
        await foreach (var row in service.GetTableClient(app.Prefix + "ConsentIndex").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {siteKey + "-"} and PartitionKey lt {siteKey + "."}")))
        {
            if (row.RowKey.StartsWith(id + "-", StringComparison.Ordinal) || row.PartitionKey == siteKey + "-" + id)
            {
                index.Add(row);
            }
        }

        return (records, index);
    }

    /// <summary>
    /// A decision whose rows <paramref name="move"/> (site key, consent id, event id) put where an earlier storage layout
    /// kept them, its index row in <paramref name="oldIndexPartition"/>: the visitor's history reads it; the banner's
    /// retry minutes later is answered 200 with the first receipt and stores nothing; a new decision of the visitor is
    /// stored the current way; the history holds both, and erasure takes both.
    /// </summary>
    public static async Task StoredTheOldWayIsReadRetriedAndErasedAsync(TestApp app, string siteKey, Guid consentId, Func<string, Guid, Guid, Task> move, string oldIndexPartition)
    {
        var client = app.CreateClient();
        var decision = Decision(consentId);
        decision["decidedAt"] = app.Clock.GetUtcNow();
        var first = await PostAsync(client, siteKey, decision);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstReceipt = await first.Content.ReadFromJsonAsync<JsonElement>();
        await move(siteKey, consentId, (Guid)decision["eventId"]!);

        var history = await HistoryAsync(client, siteKey, consentId);
        Assert.True(history.GetProperty("held").GetBoolean());
        Assert.Equal((Guid)decision["eventId"]!, Assert.Single(history.GetProperty("decisions").EnumerateArray()).GetProperty("eventId").GetGuid());

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var retried = await PostAsync(client, siteKey, decision);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(firstReceipt.GetProperty("receivedAt").GetDateTimeOffset(), (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receivedAt").GetDateTimeOffset());
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Single(records);
        Assert.Equal(oldIndexPartition, Assert.Single(index).PartitionKey);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(consentId, "rejectAll", new() { ["necessary"] = true }))).StatusCode);
        Assert.Equal(2, (await HistoryAsync(client, siteKey, consentId)).GetProperty("decisions").GetArrayLength());
        (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Equal(2, records.Count);
        Assert.Equal(2, index.Count);
        Assert.Contains(index, row => row.PartitionKey != oldIndexPartition);

        var erase = await client.DeleteAsync($"/v1/sites/{siteKey}/consents/{consentId}");
        Assert.Equal(2, (await erase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Empty(records);
        Assert.Empty(index);
        Assert.False((await HistoryAsync(client, siteKey, consentId)).GetProperty("held").GetBoolean());
    }

    /// <summary>A published site with a necessary service (cookie-consent), two in statistics (google-analytics, hotjar) and two in marketing (youtube, facebook-pixel).</summary>
    public static async Task<(TestAgency Agency, string SiteKey)> PublishedSiteWithServicesAsync(TestApp app)
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        var path = agency.Path($"/sites/{siteKey}/banner/draft");
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(path))!["config"]!.AsObject();
        draft["services"] = new JsonArray(
            Service("cookie-consent", "necessary", strictlyNecessary: true),
            Service("google-analytics", "statistics"),
            Service("hotjar", "statistics"),
            Service("youtube", "marketing"),
            Service("facebook-pixel", "marketing"));
        (await agency.Owner.PutAsJsonAsync(path, draft)).EnsureSuccessStatusCode();
        await app.PublishAsync(agency, siteKey);
        return (agency, siteKey);
    }

    private static JsonObject Service(string id, string category, bool strictlyNecessary = false)
    {
        var service = new JsonObject
        {
            ["id"] = id,
            ["name"] = id,
            ["provider"] = "Provider of " + id,
            ["category"] = category,
            ["purpose"] = new JsonObject { ["da"] = "Formål: " + id, ["en"] = "Purpose: " + id },
            ["cookies"] = new JsonArray(new JsonObject { ["name"] = "_" + id.Replace("-", "", StringComparison.Ordinal), ["lifetime"] = "1y" }),
        };
        if (strictlyNecessary)
        {
            service["strictlyNecessary"] = true;
            service["necessaryReason"] = "Remembers the visitor's choice of cookies.";
        }

        return service;
    }

    /// <summary>
    /// Consent ids whose index rows (and records) share one partition of the site: that of <paramref name="first"/>
    /// when given (it comes first), and never <paramref name="except"/>.
    /// </summary>
    public static List<Guid> ConsentIdsInOneShard(string siteKey, int count, Guid? first = null, string? except = null)
    {
        var site = new ConsentCloud.Web.Api.SiteKey(siteKey);
        var ids = first is { } given ? new List<Guid> { given } : [];
        var partition = first is { } known ? ConsentCloud.Web.Features.Consents.ConsentKeys.IndexPartition(site, known) : null;
        while (ids.Count < count)
        {
            var id = Guid.NewGuid();
            var candidate = ConsentCloud.Web.Features.Consents.ConsentKeys.IndexPartition(site, id);
            if (candidate != except && (partition is null || candidate == partition))
            {
                partition = candidate;
                ids.Add(id);
            }
        }

        return ids;
    }
}
