using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

public sealed class AgencyApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task SigningUpMakesTheCallerOwnerOfANewAgency()
    {
        var agency = await app.CreateAgencyAsync("Nordlys Digital");

        var mine = await agency.Owner.GetFromJsonAsync<JsonElement[]>("/api/v1/agencies");
        var entry = Assert.Single(mine!);
        Assert.Equal(agency.Id, entry.GetProperty("id").GetString());
        Assert.Equal("owner", entry.GetProperty("yourRole").GetString());

        var members = await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/members"));
        var member = Assert.Single(members!);
        Assert.Equal(agency.OwnerUser.UserKey, member.GetProperty("userKey").GetString());
        Assert.Equal("owner", member.GetProperty("role").GetString());
    }

    [Fact]
    public async Task AnonymousCallsAreRefusedWithProblemDetails()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/agencies");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnApiKeyCannotSignUpAnAgency()
    {
        var agency = await app.CreateAgencyAsync();
        var key = await app.CreateApiKeyAsync(agency);

        var response = await app.ClientWithApiKey(key).PostAsJsonAsync("/api/v1/agencies", new { name = "Sneaky", country = "DK" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnApiKeyIsShownOnceAndStoredOnlyAsAHash()
    {
        var agency = await app.CreateAgencyAsync();
        var key = await app.CreateApiKeyAsync(agency, "Deploy pipeline");

        var listed = await agency.Owner.GetStringAsync(agency.Path("/api-keys"));
        Assert.Contains("Deploy pipeline", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[^1], listed, StringComparison.Ordinal);

        var sites = await app.ClientWithApiKey(key).GetAsync(agency.Path("/sites"));
        Assert.Equal(HttpStatusCode.OK, sites.StatusCode);
    }

    [Fact]
    public async Task ARevokedApiKeyNoLongerWorks()
    {
        var agency = await app.CreateAgencyAsync();
        var key = await app.CreateApiKeyAsync(agency);
        var keyId = key.Split('_')[2];

        var revoke = await agency.Owner.DeleteAsync(agency.Path($"/api-keys/{keyId}"));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var response = await app.ClientWithApiKey(key).GetAsync(agency.Path("/sites"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("cck_nonsense")]
    [InlineData("cck_aaaaaaaaaaaaaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaa_wrongsecret")]
    [InlineData("cck_aaaaaaaaaaaaaaaaaaaaaaaaaa_aaaa'aaaaaaaaaaa_x")]
    public async Task AForgedOrMalformedApiKeyIsRefused(string key)
    {
        var response = await app.ClientWithApiKey(key).GetAsync("/api/v1/agencies/aaaaaaaaaaaaaaaaaaaaaaaaaa/sites");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ASecretOfAnotherKeyDoesNotUnlockThisOne()
    {
        var agency = await app.CreateAgencyAsync();
        var first = await app.CreateApiKeyAsync(agency, "one");
        var second = await app.CreateApiKeyAsync(agency, "two");
        var mixed = string.Join('_', first.Split('_')[..3]) + "_" + second.Split('_')[3];

        var response = await app.ClientWithApiKey(mixed).GetAsync(agency.Path("/sites"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnApiKeyCannotManageApiKeysOrMembers()
    {
        var agency = await app.CreateAgencyAsync();
        var client = app.ClientWithApiKey(await app.CreateApiKeyAsync(agency));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(agency.Path("/api-keys"), new { name = "more" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(agency.Path("/api-keys"))).StatusCode);
        var person = app.NewUser();
        var add = await client.PostAsJsonAsync(agency.Path("/members"), new { tenantId = person.TenantId, objectId = person.ObjectId, role = "Owner" });
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
    }

    [Fact]
    public async Task AnAdminCanAddMembersButNotOwners()
    {
        var agency = await app.CreateAgencyAsync();
        var admin = app.NewUser("Ada Admin");
        await AddMemberAsync(agency.Owner, agency, admin, "Admin");
        var adminClient = app.ClientFor(admin);

        var member = app.NewUser("Mads Member");
        Assert.Equal(HttpStatusCode.Created, (await adminClient.PostAsJsonAsync(agency.Path("/members"), Member(member, "Member"))).StatusCode);
        var owner = app.NewUser("Would-be Owner");
        Assert.Equal(HttpStatusCode.Forbidden, (await adminClient.PostAsJsonAsync(agency.Path("/members"), Member(owner, "Owner"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminClient.PutAsJsonAsync(agency.Path($"/members/{member.UserKey}"), new { role = "Admin" })).StatusCode);
    }

    [Fact]
    public async Task AMemberCannotCreateSitesOrManagePeople()
    {
        var agency = await app.CreateAgencyAsync();
        var member = app.NewUser("Mads Member");
        await AddMemberAsync(agency.Owner, agency, member, "Member");
        var client = app.ClientFor(member);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(agency.Path("/sites"), TestApp.SampleSite())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(agency.Path("/members"), Member(app.NewUser(), "Member"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(agency.Path("/sites"))).StatusCode);
    }

    [Fact]
    public async Task TheLastOwnerCannotLeaveOrBeDemoted()
    {
        var agency = await app.CreateAgencyAsync();
        var self = agency.Path($"/members/{agency.OwnerUser.UserKey}");

        Assert.Equal(HttpStatusCode.Conflict, (await agency.Owner.DeleteAsync(self)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agency.Owner.PutAsJsonAsync(self, new { role = "Admin" })).StatusCode);

        var second = app.NewUser("Second Owner");
        await AddMemberAsync(agency.Owner, agency, second, "Owner");
        Assert.Equal(HttpStatusCode.NoContent, (await agency.Owner.DeleteAsync(self)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agency.Owner.GetAsync(agency.Path())).StatusCode);
        Assert.Empty((await agency.Owner.GetFromJsonAsync<JsonElement[]>("/api/v1/agencies"))!);
    }

    [Fact]
    public async Task AnOwnerRenamesTheAgency()
    {
        var agency = await app.CreateAgencyAsync("Old Name");

        var response = await agency.Owner.PutAsJsonAsync(agency.Path(), new { name = "New Name", country = "NO" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path());
        Assert.Equal("New Name", read.GetProperty("name").GetString());
        Assert.Equal("NO", read.GetProperty("country").GetString());
    }

    private static object Member(TestUser user, string role) =>
        new { tenantId = user.TenantId, objectId = user.ObjectId, role, displayName = user.Name, email = user.Email };

    private static async Task AddMemberAsync(HttpClient client, TestAgency agency, TestUser user, string role)
    {
        var response = await client.PostAsJsonAsync(agency.Path("/members"), Member(user, role));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
