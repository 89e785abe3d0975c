using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

/// <summary>
/// When a publish asks visitors to decide again: whatever they agreed to changing in substance (who gets the data,
/// why, under which privacy policy, which cookies), unless the publisher marks it editorial.
/// </summary>
public sealed class ReconsentTests(TestApp app) : IClassFixture<TestApp>
{
    public static TheoryData<string, string, string> MaterialEdits => new()
    {
        { "provider", "providerChanged", "YouTube" },
        { "privacyPolicyUrl", "privacyPolicyUrlChanged", "YouTube" },
        { "purpose", "purposeChanged", "YouTube" },
        { "cookie", "cookieAdded", "VISITOR_INFO1_LIVE" },
        { "categoryDescription", "categoryDescriptionChanged", "marketing" },
    };

    [Theory]
    [MemberData(nameof(MaterialEdits))]
    public async Task AChangeToWhatVisitorsAgreedToAsksThemAgain(string edit, string kind, string named)
    {
        var (agency, siteKey) = await PublishedWithYouTubeAsync();

        await EditDraftAsync(agency, siteKey, draft => Apply(draft, edit));
        var revision = await app.PublishAsync(agency, siteKey);

        Assert.True(revision.GetProperty("requiresRenewal").GetBoolean());
        Assert.False(revision.GetProperty("editorial").GetBoolean());
        Assert.Contains(named, revision.GetProperty("renewalReason").GetString() ?? "", StringComparison.Ordinal);
        Assert.Equal(kind, Assert.Single(revision.GetProperty("materialChanges").EnumerateArray()).GetProperty("kind").GetString());
        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        Assert.Equal(revision.GetProperty("number").GetInt32(), config.GetProperty("renewalRevision").GetInt32());
    }

    [Fact]
    public async Task WordingColoursAndRemovedServicesDoNotAskAgain()
    {
        var (agency, siteKey) = await PublishedWithYouTubeAsync();

        await EditDraftAsync(agency, siteKey, draft =>
        {
            draft["texts"]!["en"]!["title"] = "Cookies, briefly";
            draft["texts"]!["da"]!["categories"]!["marketing"]!["name"] = "Markedsføring og video";
            draft["appearance"]!["banner"] = new JsonObject { ["background"] = "#fdfdf5", ["text"] = "#1a1a1a" };
            draft["services"]![0]!["cookies"]![0]!["lifetime"] = "13mo";
        });
        var edited = await app.PublishAsync(agency, siteKey);
        await EditDraftAsync(agency, siteKey, draft => draft["services"] = new JsonArray());
        var removed = await app.PublishAsync(agency, siteKey, new { editorial = true });

        Assert.False(edited.GetProperty("requiresRenewal").GetBoolean());
        Assert.Empty(edited.GetProperty("materialChanges").EnumerateArray());
        Assert.False(removed.GetProperty("requiresRenewal").GetBoolean());
        Assert.False(removed.GetProperty("editorial").GetBoolean()); // nothing material to mark
        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        Assert.Equal(1, config.GetProperty("renewalRevision").GetInt32());
    }

    [Fact]
    public async Task AChangeMarkedEditorialDoesNotAskAgainAndTheRevisionRecordsIt()
    {
        var (agency, siteKey) = await PublishedWithYouTubeAsync();

        await EditDraftAsync(agency, siteKey, draft => Apply(draft, "purpose"));
        var revision = await app.PublishAsync(agency, siteKey, new { editorial = true, note = "Typo in the English purpose" });

        Assert.False(revision.GetProperty("requiresRenewal").GetBoolean());
        Assert.True(revision.GetProperty("editorial").GetBoolean());
        Assert.Equal("purposeChanged", Assert.Single(revision.GetProperty("materialChanges").EnumerateArray()).GetProperty("kind").GetString());
        var listed = (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{siteKey}/banner/revisions")))![0];
        Assert.True(listed.GetProperty("editorial").GetBoolean());
        Assert.Equal("purposeChanged", listed.GetProperty("materialChanges")[0].GetProperty("kind").GetString());
        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        Assert.Equal(1, config.GetProperty("renewalRevision").GetInt32());
    }

    [Theory]
    [InlineData("""{ "editorial": true }""")]
    [InlineData("""{ "requireRenewal": false }""")]
    public async Task AddingAServiceCannotBePublishedAsEditorial(string request)
    {
        var (agency, siteKey) = await PublishedWithYouTubeAsync();
        await EditDraftAsync(agency, siteKey, draft => draft["services"]!.AsArray().Add(BannerApiTests.Service("vimeo", "marketing")));

        var response = await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/banner/publish"), new StringContent(request, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("vimeo", problem.GetProperty("errors").GetProperty("editorial")[0].GetString(), StringComparison.Ordinal);
        var revisions = await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{siteKey}/banner/revisions"));
        Assert.Single(revisions!);
    }

    [Fact]
    public async Task EditorialAndRequireRenewalTogetherAreRefused()
    {
        var (agency, siteKey) = await PublishedWithYouTubeAsync();

        var response = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/publish"), new { editorial = true, requireRenewal = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("editorial", out _));
    }

    private static void Apply(JsonObject draft, string edit)
    {
        var service = draft["services"]![0]!;
        switch (edit)
        {
            case "provider": service["provider"] = "YouTube Ireland Ltd"; break;
            case "privacyPolicyUrl": service["privacyPolicyUrl"] = "https://www.youtube.com/privacy"; break;
            case "purpose": service["purpose"]!["en"] = "Shows videos and measures how they are watched."; break;
            case "cookie": service["cookies"]!.AsArray().Add(new JsonObject { ["name"] = "VISITOR_INFO1_LIVE", ["lifetime"] = "6mo" }); break;
            default: draft["texts"]!["en"]!["categories"]!["marketing"]!["description"] = "Videos from YouTube, which may profile you for advertising."; break;
        }
    }

    private async Task<(TestAgency, string)> PublishedWithYouTubeAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        await EditDraftAsync(agency, siteKey, draft => draft["services"] = new JsonArray(BannerApiTests.Service("youtube", "marketing")));
        await app.PublishAsync(agency, siteKey);
        return (agency, siteKey);
    }

    private static async Task EditDraftAsync(TestAgency agency, string siteKey, Action<JsonObject> edit)
    {
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();
        edit(draft);
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).EnsureSuccessStatusCode();
    }
}
