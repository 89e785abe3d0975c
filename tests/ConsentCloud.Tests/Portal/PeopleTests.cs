using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>The Members and API keys pages: invitations by e-mail, roles, the last Owner, keys shown once.</summary>
public sealed partial class PeopleTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task AnInvitedClientViewerAcceptsBySigningInAndSeesOnlyTheirSite()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var site = await app.CreateSiteAsync(agency, TestApp.SampleSite("Client Site"));
        var other = await app.CreateSiteAsync(agency, TestApp.SampleSite("Other Site"));

        var invited = await owner.PostFormAsync(Members(agency) + "?handler=Invite", new() { ["Invite.Email"] = "client@shop.example", ["Invite.Role"] = "ClientViewer", ["Invite.Sites"] = site }, tokenFrom: Members(agency));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var mail = Assert.Single(app.Mail.Sent, m => m.To == "client@shop.example");
        Assert.True(mail.Secret);
        var link = app.Mail.InvitationPathFor("client@shop.example");

        // The link moves its token into a cookie and leaves the address bar; sign-in comes back to the accept page.
        var client = new PortalClient(app);
        var opened = await client.GetAsync(link);
        Assert.Equal("/portal/invitations/accept", opened.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/portal/invitations/accept")).StatusCode);
        var viewer = app.NewUser("Client Person");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(viewer, returnUrl: "/portal/invitations/accept")).StatusCode);
        var acceptPage = await client.GetStringAsync("/portal/invitations/accept");
        Assert.Contains("as Client viewer", acceptPage, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Split('/')[^1], acceptPage, StringComparison.Ordinal);

        var accepted = await client.PostFormAsync("/portal/invitations/accept?handler=Accept", [], tokenFrom: "/portal/invitations/accept");

        Assert.Equal($"/portal/sites/{site}", accepted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/portal/sites/{site}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/portal/sites/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/portal/agencies/{agency.Id}")).StatusCode);
        var member = (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/members")))!.Single(m => m.GetProperty("userKey").GetString() == viewer.UserKey);
        Assert.Equal("clientViewer", member.GetProperty("role").GetString());
        Assert.Equal([site], member.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task AnInvitationWorksOnce()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var link = await InviteAsync(agency, owner, "once@agency.example", "Admin");
        await AcceptAsync(link, app.NewUser("First"));

        var second = new PortalClient(app);
        await second.SignInAsync(app.NewUser("Second"));
        await second.GetAsync(link);

        var page = await second.GetAsync("/portal/invitations/accept");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("not valid any more", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var accept = await second.PostFormAsync("/portal/invitations/accept?handler=Accept", []);
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.Equal(2, (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/members")))!.Length);
    }

    [Fact]
    public async Task AnInvitationExpiresAfterSevenDays()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var link = await InviteAsync(agency, owner, "late@agency.example", "Member");
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        try
        {
            var client = new PortalClient(app);
            await client.SignInAsync(app.NewUser("Late"));
            await client.GetAsync(link);

            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/portal/invitations/accept?handler=Accept", [])).StatusCode);
        }
        finally
        {
            app.Clock.AdjustTime(app.Clock.GetUtcNow() - (TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1))); // back, for the class's other tests
        }
    }

    [Fact]
    public async Task ARevokedInvitationCannotBeAccepted()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var link = await InviteAsync(agency, owner, "revoked@agency.example", "Member");
        var id = InvitationId().Match(await owner.GetStringAsync(Members(agency))).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(Members(agency) + "?handler=Revoke", new() { ["invitationId"] = id }, tokenFrom: Members(agency))).StatusCode);

        var client = new PortalClient(app);
        await client.SignInAsync(app.NewUser());
        await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/portal/invitations/accept?handler=Accept", [])).StatusCode);
    }

    [Fact]
    public async Task ATamperedInvitationLinkFindsNothing()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var link = await InviteAsync(agency, owner, "tamper@agency.example", "Member");
        var forged = link[..^4] + (link[^4..] == "aaaa" ? "bbbb" : "aaaa");

        var client = new PortalClient(app);
        await client.SignInAsync(app.NewUser());
        await client.GetAsync(forged);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/portal/invitations/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/portal/invitations/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task TheLastOwnerCanBeNeitherDemotedNorRemoved()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var me = agency.OwnerUser.UserKey;

        var demote = await owner.PostFormAsync(Members(agency) + "?handler=Role", new() { ["userKey"] = me, ["role"] = "Admin" }, tokenFrom: Members(agency));
        var remove = await owner.PostFormAsync(Members(agency) + "?handler=Remove", new() { ["userKey"] = me }, tokenFrom: Members(agency));

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Contains("at least one Owner", await demote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Equal("owner", (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/members")))!.Single().GetProperty("role").GetString());
    }

    [Fact]
    public async Task AnOwnerChangesARoleWithSitesAndRemovesAMember()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var site = await app.CreateSiteAsync(agency);
        var admin = await app.AddMemberAsync(agency, "Admin");

        var changed = await owner.PostFormAsync(Members(agency) + "?handler=Role", new() { ["userKey"] = admin.UserKey, ["role"] = "Member", ["sites"] = site }, tokenFrom: Members(agency));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var member = (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/members")))!.Single(m => m.GetProperty("userKey").GetString() == admin.UserKey);
        Assert.Equal("member", member.GetProperty("role").GetString());
        Assert.Equal(site, member.GetProperty("sites")[0].GetString());

        var viewerWithoutSite = await owner.PostFormAsync(Members(agency) + "?handler=Role", new() { ["userKey"] = admin.UserKey, ["role"] = "ClientViewer" }, tokenFrom: Members(agency));
        Assert.Equal(HttpStatusCode.BadRequest, viewerWithoutSite.StatusCode);

        var removed = await owner.PostFormAsync(Members(agency) + "?handler=Remove", new() { ["userKey"] = admin.UserKey }, tokenFrom: Members(agency));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Single((await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/members")))!);
    }

    [Fact]
    public async Task AnInvitationToAnotherAgencysSiteIsRefused()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var otherAgency = await app.CreateAgencyAsync("Other");
        var foreignSite = await app.CreateSiteAsync(otherAgency);

        var response = await owner.PostFormAsync(Members(agency) + "?handler=Invite", new() { ["Invite.Email"] = "x@y.example", ["Invite.Role"] = "ClientViewer", ["Invite.Sites"] = foreignSite }, tokenFrom: Members(agency));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(app.Mail.Sent, m => m.To == "x@y.example");
    }

    [Fact]
    public async Task AnApiKeyIsShownOnceThenOnlyItsNameAndCanBeRevoked()
    {
        var (agency, owner) = await AgencyWithOwnerAsync();
        var page = ApiKeys(agency);

        var created = await owner.PostFormAsync(page + "?handler=Create", new() { ["Name"] = "Deploy" }, tokenFrom: page);

        var html = await created.Content.ReadAsStringAsync();
        var key = ApiKeyValue().Match(html).Groups[1].Value;
        Assert.StartsWith($"cck_{agency.Id}_", key, StringComparison.Ordinal);
        Assert.Equal("no-store", created.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithApiKey(key).GetAsync(agency.Path("/sites"))).StatusCode);
        var later = await owner.GetStringAsync(page);
        Assert.Contains("Deploy", later, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[^1], later, StringComparison.Ordinal);

        var keyId = key.Split('_')[2];
        var revoked = await owner.PostFormAsync(page + "?handler=Revoke", new() { ["keyId"] = keyId }, tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithApiKey(key).GetAsync(agency.Path("/sites"))).StatusCode);
    }

    private async Task<(TestAgency Agency, PortalClient Owner)> AgencyWithOwnerAsync()
    {
        var agency = await app.CreateAgencyAsync();
        return (agency, await PortalClient.SignedInAsync(app, agency.OwnerUser));
    }

    private async Task<string> InviteAsync(TestAgency agency, PortalClient owner, string email, string role)
    {
        var response = await owner.PostFormAsync(Members(agency) + "?handler=Invite", new() { ["Invite.Email"] = email, ["Invite.Role"] = role }, tokenFrom: Members(agency));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return app.Mail.InvitationPathFor(email);
    }

    private async Task AcceptAsync(string link, TestUser user)
    {
        var client = new PortalClient(app);
        await client.SignInAsync(user);
        await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/portal/invitations/accept?handler=Accept", [])).StatusCode);
    }

    private static string Members(TestAgency agency) => $"/portal/agencies/{agency.Id}/members";

    private static string ApiKeys(TestAgency agency) => $"/portal/agencies/{agency.Id}/api-keys";

    [GeneratedRegex("name=\"invitationId\" value=\"([a-z2-7]{16})\"")]
    private static partial Regex InvitationId();

    [GeneratedRegex("id=\"new-key\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex ApiKeyValue();
}
