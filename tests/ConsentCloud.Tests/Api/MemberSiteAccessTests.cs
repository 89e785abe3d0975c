using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

/// <summary>
/// Members work on the sites they are assigned to, in the API as in the portal: another site of their own agency is
/// 404 (like another agency's), the site list shows only theirs. Client viewers use the portal, not the API.
/// </summary>
public sealed class MemberSiteAccessTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task AMemberSeesOnlyTheSitesTheyAreAssignedTo()
    {
        var agency = await app.CreateAgencyAsync();
        var mine = await app.CreateSiteAsync(agency, TestApp.SampleSite("Mine"));
        var theirs = await app.CreateSiteAsync(agency, TestApp.SampleSite("Theirs"));
        var member = await AddAsync(agency, "member", mine);

        var sites = await member.GetFromJsonAsync<JsonElement[]>(agency.Path("/sites"));

        Assert.Equal([mine], sites!.Select(s => s.GetProperty("siteKey").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(agency.Path($"/sites/{mine}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(agency.Path($"/sites/{mine}/banner/draft"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(agency.Path($"/sites/{theirs}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(agency.Path($"/sites/{theirs}/banner/draft"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.PostAsJsonAsync(agency.Path($"/sites/{theirs}/banner/publish"), new { })).StatusCode);
    }

    [Fact]
    public async Task AClientViewerCannotUseTheManagementApi()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);
        var other = await app.CreateSiteAsync(agency, TestApp.SampleSite("Other"));
        var viewer = await AddAsync(agency, "clientViewer", site);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(agency.Path($"/sites/{site}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(agency.Path($"/sites/{other}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(agency.Path("/members"))).StatusCode);
    }

    [Fact]
    public async Task AClientViewerNeedsExactlyOneSiteOfTheAgency()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);
        var other = await app.CreateAgencyAsync("Other");
        var foreign = await app.CreateSiteAsync(other);

        foreach (var sites in new[] { Array.Empty<string>(), [site, foreign], [foreign] })
        {
            var response = await agency.Owner.PostAsJsonAsync(agency.Path("/members"), new { tenantId = Guid.NewGuid(), objectId = Guid.NewGuid(), role = "clientViewer", sites });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task AnAdminCanGrantClientViewerButNotAdmin()
    {
        var agency = await app.CreateAgencyAsync();
        var site = await app.CreateSiteAsync(agency);
        var admin = await AddAsync(agency, "admin");

        var viewer = await admin.PostAsJsonAsync(agency.Path("/members"), new { tenantId = Guid.NewGuid(), objectId = Guid.NewGuid(), role = "clientViewer", sites = new[] { site } });
        var another = await admin.PostAsJsonAsync(agency.Path("/members"), new { tenantId = Guid.NewGuid(), objectId = Guid.NewGuid(), role = "admin" });

        Assert.Equal(HttpStatusCode.Created, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
    }

    private async Task<HttpClient> AddAsync(TestAgency agency, string role, params string[] sites)
    {
        var user = app.NewUser($"{role} person");
        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/members"), new { tenantId = user.TenantId, objectId = user.ObjectId, role, sites });
        response.EnsureSuccessStatusCode();
        return app.ClientFor(user);
    }
}
