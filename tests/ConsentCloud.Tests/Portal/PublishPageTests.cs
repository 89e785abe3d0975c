using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Api;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// The wizard's publish step and the site page's republish form: what publishing will do to visitors and to the hosted
/// policies, said before and after, and the editorial mark for changes that need not ask visitors again.
/// </summary>
public sealed class PublishPageTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task AfterPublishingWithoutThePrivacySectionsThePageSaysThePrivacyPolicyIsNotLiveAndWhy()
    {
        var (client, _, site) = await SiteAsync();
        var publish = $"/portal/sites/{site}/setup/publish";

        var published = await client.PostFormAsync(publish, new(), tokenFrom: publish);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(published.Headers.Location!.OriginalString));

        Assert.Contains("Published: revision 1 is live.", html, StringComparison.Ordinal);
        Assert.Contains("id=\"privacy-not-published\"", html, StringComparison.Ordinal);
        Assert.Contains("not published, because these sections are not written in every language of the site: Purposes,", html, StringComparison.Ordinal);
        Assert.Contains("id=\"check-privacy\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/p/{site}/privacy\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/p/{site}/cookies\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/p/{site}/privacy")).StatusCode);
    }

    [Fact]
    public async Task ARewordedPurposeIsAnnouncedAndCanBePublishedAsEditorial()
    {
        var (client, agency, site) = await SiteAsync();
        await EditDraftAsync(agency, site, d => d["services"] = new JsonArray(BannerApiTests.Service("youtube", "marketing")));
        await app.PublishAsync(agency, site);
        await EditDraftAsync(agency, site, d => d["services"]![0]!["purpose"]!["en"] = "Shows our videos.");
        var publish = $"/portal/sites/{site}/setup/publish";

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(publish));
        Assert.Contains("id=\"pending-changes\"", page, StringComparison.Ordinal);
        Assert.Contains("YouTube: the purpose changed (en).", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Editorial\"", page, StringComparison.Ordinal);

        var published = await client.PostFormAsync(publish, new() { ["Editorial"] = "true" }, tokenFrom: publish);

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var latest = (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{site}/banner/revisions")))![0];
        Assert.Equal(2, latest.GetProperty("number").GetInt32());
        Assert.True(latest.GetProperty("editorial").GetBoolean());
        Assert.False(latest.GetProperty("requiresRenewal").GetBoolean());
        var sitePage = await client.GetStringAsync($"/portal/sites/{site}");
        Assert.Contains("class=\"badge editorial\"", sitePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewServiceCannotBeRepublishedAsEditorialFromTheSitePage()
    {
        var (client, agency, site) = await SiteAsync();
        await app.PublishAsync(agency, site);
        await EditDraftAsync(agency, site, d => d["services"] = new JsonArray(BannerApiTests.Service("youtube", "marketing")));

        var wizard = WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/sites/{site}/setup/publish"));
        Assert.Contains("New service: YouTube (marketing).", wizard, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Editorial\"", wizard, StringComparison.Ordinal);

        var refused = await client.PostFormAsync($"/portal/sites/{site}?handler=Republish", new() { ["Editorial"] = "true" }, tokenFrom: $"/portal/sites/{site}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("These changes cannot be published as editorial", html, StringComparison.Ordinal);
        Assert.Contains("New service: YouTube (marketing).", html, StringComparison.Ordinal);
        Assert.Single((await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{site}/banner/revisions")))!);
    }

    private async Task<(PortalClient Client, TestAgency Agency, string Site)> SiteAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);
        return (await PortalClient.SignedInAsync(app, agency.OwnerUser), agency, site);
    }

    private static async Task EditDraftAsync(TestAgency agency, string site, Action<JsonObject> edit)
    {
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{site}/banner/draft")))!["config"]!.AsObject();
        edit(draft);
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{site}/banner/draft"), draft)).EnsureSuccessStatusCode();
    }
}
