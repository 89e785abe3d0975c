using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Api;
using static ConsentCloud.Tests.Portal.Sites.SitePagesKit;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>The site page: overview for everyone who sees the site, settings, revisions and comparison, republish, inviting a client viewer, delete.</summary>
public sealed class SitePageTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task TheOverviewShowsDomainsLanguagesRevisionPolicyUrlsAndTheSnippet()
    {
        var world = await SitePagesWorld.BuildAsync(app);

        var html = WebUtility.HtmlDecode(await world.Owner.GetStringAsync(Site(world.SiteA1)));

        Assert.Contains("www.bageriet.example", html, StringComparison.Ordinal);
        Assert.Contains("*.shop.bageriet.example", html, StringComparison.Ordinal);
        Assert.Contains("da, en (default da)", html, StringComparison.Ordinal);
        Assert.Contains("Published (revision 1)", html, StringComparison.Ordinal);
        Assert.Contains($"https://localhost/p/{world.SiteA1}/privacy", html, StringComparison.Ordinal);
        Assert.Contains($"https://localhost/p/{world.SiteA1}/cookies", html, StringComparison.Ordinal);
        Assert.Contains($"<script src=\"https://localhost/v1/sites/{world.SiteA1}/banner.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientViewerSeesTheOverviewWithoutAnyControl()
    {
        var world = await SitePagesWorld.BuildAsync(app);

        var html = await world.ViewerOfA1.GetStringAsync(Site(world.SiteA1));

        Assert.Contains("banner.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/delete", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/compare", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Settings.", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<form[^>]*method=\"post\""));  // sign out, nothing else
        Assert.Contains("/portal/sign-out", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAssignedMemberSeesRevisionsAndRepublishButNoSettingsInvitationOrDelete()
    {
        var world = await SitePagesWorld.BuildAsync(app);

        var html = await world.Member.GetStringAsync(Site(world.SiteA1));

        Assert.Contains("handler=Republish", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Settings", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Invite", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/delete", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingTheSettingsChangesTheSiteAsTheApiSeesIt()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var form = await SettingsFormAsync(world.Owner, world.SiteA1, new()
        {
            ["Settings.AcceptValidityMonths"] = "6",
            ["Settings.DeclineValidityMonths"] = "3",
            ["Settings.RetentionMonths"] = "36",
            ["Settings.HonourGlobalPrivacyControl"] = "false",
            ["Settings.Domains"] = "www.bageriet.example\r\nBAGERIET.example\r\n*.shop.bageriet.example",
        });

        var saved = await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/portal/sites/{world.SiteA1}?done=saved#settings", saved.Headers.Location!.OriginalString);
        var site = await SiteJsonAsync(world.A, world.SiteA1);
        var consent = site.GetProperty("consent");
        Assert.Equal(6, consent.GetProperty("acceptValidityMonths").GetInt32());
        Assert.Equal(3, consent.GetProperty("declineValidityMonths").GetInt32());
        Assert.Equal(36, consent.GetProperty("retentionMonths").GetInt32());
        Assert.False(consent.GetProperty("honourGlobalPrivacyControl").GetBoolean());
        Assert.Equal(["www.bageriet.example", "bageriet.example", "*.shop.bageriet.example"], site.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        var page = WebUtility.HtmlDecode(await world.Owner.GetStringAsync(saved.Headers.Location.OriginalString));
        Assert.Contains("Settings saved", page, StringComparison.Ordinal);
        Assert.False(IsChecked(page, "Settings.HonourGlobalPrivacyControl"));
        Assert.Equal("6", Field(page, "Settings.AcceptValidityMonths"));
    }

    [Fact]
    public async Task InvalidSettingsAreRefusedInlineWithTheInputKeptAndNothingSaved()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var before = await SiteJsonAsync(world.A, world.SiteA1);
        var form = await SettingsFormAsync(world.Owner, world.SiteA1, new()
        {
            ["Settings.AcceptValidityMonths"] = "14",
            ["Settings.RetentionMonths"] = "12",
            ["Settings.Domains"] = "www.bageriet.example\nhttps://shop.example/path",
        });

        var refused = await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", form);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Choose 1 to 13 months.", html, StringComparison.Ordinal);
        Assert.Contains("Choose 13 to 120 months.", html, StringComparison.Ordinal);
        Assert.Contains("'https://shop.example/path' is not a host name", html, StringComparison.Ordinal);
        Assert.Equal("14", Field(html, "Settings.AcceptValidityMonths"));
        Assert.Equal("12", Field(html, "Settings.RetentionMonths"));
        Assert.Equal("www.bageriet.example\nhttps://shop.example/path", Field(html, "Settings.Domains")!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(before.GetRawText(), (await SiteJsonAsync(world.A, world.SiteA1)).GetRawText());
    }

    [Fact]
    public async Task NoDomainAndNonNumbersAreRefusedToo()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var form = await SettingsFormAsync(world.Owner, world.SiteA1, new() { ["Settings.Domains"] = "  ", ["Settings.DeclineValidityMonths"] = "six" });

        var refused = await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", form);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Give at least one domain", html, StringComparison.Ordinal);
        Assert.Equal("six", Field(html, "Settings.DeclineValidityMonths"));
    }

    [Fact]
    public async Task ASaveOverSomeoneElsesChangeIsRefusedKeepsTheInputAndASecondSaveApplies()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var mine = await SettingsFormAsync(world.Owner, world.SiteA1, new() { ["Settings.AcceptValidityMonths"] = "9" });
        var theirs = await SettingsFormAsync(world.Admin, world.SiteA1, new() { ["Settings.AcceptValidityMonths"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, (await world.Admin.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", theirs)).StatusCode);

        var conflict = await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", mine);
        var raw = await conflict.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Someone else changed this site", html, StringComparison.Ordinal);
        Assert.Equal("9", Field(html, "Settings.AcceptValidityMonths"));
        Assert.Contains("Acceptance 3 months", html, StringComparison.Ordinal);
        Assert.Equal(3, (await SiteJsonAsync(world.A, world.SiteA1)).GetProperty("consent").GetProperty("acceptValidityMonths").GetInt32());

        mine["Settings.Version"] = Field(raw, "Settings.Version")!;
        Assert.Equal(HttpStatusCode.Redirect, (await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", mine)).StatusCode);
        Assert.Equal(9, (await SiteJsonAsync(world.A, world.SiteA1)).GetProperty("consent").GetProperty("acceptValidityMonths").GetInt32());
    }

    [Fact]
    public async Task RepublishingMakesANewRevisionWithItsNote()
    {
        var world = await SitePagesWorld.BuildAsync(app);

        var published = await world.Member.PostFormAsync(Site(world.SiteA1) + "?handler=Republish", new() { ["Note"] = "New validity" });

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var html = WebUtility.HtmlDecode(await world.Member.GetStringAsync(published.Headers.Location!.OriginalString));
        Assert.Contains("Published as a new revision.", html, StringComparison.Ordinal);
        Assert.Contains("Published (revision 2)", html, StringComparison.Ordinal);
        Assert.Contains("New validity", html, StringComparison.Ordinal);
        Assert.Contains("Member Person", html, StringComparison.Ordinal); // the author by name, not by user key
    }

    [Fact]
    public async Task ADraftThatCannotBePublishedShowsWhyAndPublishesNothing()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var draft = await DraftAsync(world.A, world.SiteA1);
        draft["texts"]!["en"]!["rejectAll"] = "";
        await SaveDraftAsync(world.A, world.SiteA1, draft);

        var refused = await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Republish", new() { ["Note"] = "broken" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cannot be published yet", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"number\":1", (await world.A.Owner.GetStringAsync(world.A.Path($"/sites/{world.SiteA1}/banner/revisions"))).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\"number\":2", (await world.A.Owner.GetStringAsync(world.A.Path($"/sites/{world.SiteA1}/banner/revisions"))).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheComparisonShowsAnAddedServiceAChangedTextAndAChangedSetting()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var draft = await DraftAsync(world.A, world.SiteA1);
        var oldTitle = draft["texts"]!["en"]!["title"]!.GetValue<string>();
        draft["texts"]!["en"]!["title"] = "We use cookies for videos";
        draft["services"]!.AsArray().Add(BannerApiTests.Service("youtube", "marketing"));
        await SaveDraftAsync(world.A, world.SiteA1, draft);
        var settings = await SettingsFormAsync(world.Owner, world.SiteA1, new() { ["Settings.DeclineValidityMonths"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, (await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Settings", settings)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Republish", new() { ["Note"] = "Videos" })).StatusCode);

        var page = await world.Owner.GetStringAsync(Site(world.SiteA1));
        Assert.Contains($"/portal/sites/{world.SiteA1}/compare?from=1&amp;to=2", page, StringComparison.Ordinal);
        var html = WebUtility.HtmlDecode(await world.Owner.GetStringAsync($"/portal/sites/{world.SiteA1}/compare?from=1&to=2"));
        var text = Regex.Replace(Regex.Replace(html, "<[^>]+>", " "), @"\s+", " ");

        Assert.Contains("What changed from revision 1 to revision 2", text, StringComparison.Ordinal);
        Assert.Contains("Added Service YouTube YouTube (Google Ireland Limited), marketing", text, StringComparison.Ordinal);
        Assert.Contains($"Changed Banner title (en) Was: {oldTitle} Now: We use cookies for videos", text, StringComparison.Ordinal);
        Assert.Contains("Changed Refusal holds (months) Was: 6 Now: 2", text, StringComparison.Ordinal);
        Assert.Contains("Visitors were asked to decide again with this revision", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Banner title (da)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Removed", text, StringComparison.Ordinal);

        var same = WebUtility.HtmlDecode(await world.Owner.GetStringAsync($"/portal/sites/{world.SiteA1}/compare?from=2&to=2"));
        Assert.Contains("The two revisions have the same content.", same, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvitingAClientViewerSendsALinkForThisSiteOnly()
    {
        var world = await SitePagesWorld.BuildAsync(app);

        var invited = await world.Admin.PostFormAsync(Site(world.SiteA1) + "?handler=Invite", new() { ["InviteEmail"] = "client@bageriet.example" });

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Contains("Invitation sent", await world.Admin.GetStringAsync(invited.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var client = app.NewUser("Bakery Client");
        var browser = await PortalClient.SignedInAsync(app, client);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(app.Mail.InvitationPathFor("client@bageriet.example"))).StatusCode);
        var accepted = await browser.PostFormAsync("/portal/invitations/accept?handler=Accept", [], tokenFrom: "/portal/invitations/accept");
        Assert.True(accepted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"Accept answered {(int)accepted.StatusCode}");
        var members = await world.A.Owner.GetStringAsync(world.A.Path("/members"));
        Assert.Contains(client.UserKey, members, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Site(world.SiteA1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(Site(world.SiteA2))).StatusCode);
    }

    [Fact]
    public async Task AnInvitationWithoutAValidAddressIsRefusedWithTheInputKept()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var sent = app.Mail.Sent.Count;

        var refused = await world.Owner.PostFormAsync(Site(world.SiteA1) + "?handler=Invite", new() { ["InviteEmail"] = "not-an-address" });
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("That is not an e-mail address.", html, StringComparison.Ordinal);
        Assert.Equal("not-an-address", Field(html, "InviteEmail"));
        Assert.Equal(sent, app.Mail.Sent.Count);
    }

    [Fact]
    public async Task DeletingAsksFirstThenSoftDeletesAndStopsTheBanner()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/v1/sites/{world.SiteA1}/config.json")).StatusCode);

        var confirm = WebUtility.HtmlDecode(await world.Admin.GetStringAsync($"/portal/sites/{world.SiteA1}/delete"));
        Assert.Contains("purged for good by the retention job", confirm, StringComparison.Ordinal);
        Assert.Contains("kept for 30 days", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.GetAsync(Site(world.SiteA1))).StatusCode); // asking deleted nothing

        var deleted = await world.Admin.PostFormAsync($"/portal/sites/{world.SiteA1}/delete", []);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync(Site(world.SiteA1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/v1/sites/{world.SiteA1}/config.json")).StatusCode);
        Assert.DoesNotContain(world.SiteA1, await world.A.Owner.GetStringAsync(world.A.Path("/sites")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiStillUpdatesAndDeletesThroughTheSharedRules()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var current = await world.A.Owner.GetAsync(world.A.Path($"/sites/{world.SiteA2}"));
        var body = JsonNode.Parse(await current.Content.ReadAsStringAsync())!.AsObject();
        var request = new JsonObject
        {
            ["displayName"] = "Site Two Renamed",
            ["company"] = JsonNode.Parse(body["company"]!.ToJsonString()),
            ["country"] = "DK",
            ["domains"] = new JsonArray("www.two.example"),
            ["defaultLanguage"] = "da",
            ["languages"] = new JsonArray("da", "en"),
        };
        request["company"]!.AsObject().Remove("dataProtectionContact");
        using var put = new HttpRequestMessage(HttpMethod.Put, world.A.Path($"/sites/{world.SiteA2}")) { Content = JsonContent(request) };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());

        var updated = await world.A.Owner.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Put, world.A.Path($"/sites/{world.SiteA2}")) { Content = JsonContent(request) };
        again.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await world.A.Owner.SendAsync(again)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await world.A.Owner.DeleteAsync(world.A.Path($"/sites/{world.SiteA2}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.Owner.DeleteAsync(world.A.Path($"/sites/{world.SiteA2}"))).StatusCode);
    }

    private static StringContent JsonContent(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
