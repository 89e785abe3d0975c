using System.Net;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// Who may open each page and handler of the onboarding wizard (issue 7: "every page and handler tested for access by a
/// user of another agency (404) and by a client viewer of another site (404)"), plus the foundation's other answers:
/// anonymous → sign-in, a role too low → 403, a form without its antiforgery token → 400.
/// </summary>
public sealed class WizardAccessTests(WizardAccessTests.World world) : IClassFixture<WizardAccessTests.World>
{
    /// <summary>Every wizard route: GET pages, and POST handlers with the least role they need.</summary>
    public static readonly TheoryData<string, string, string> Routes = new()
    {
        { "GET", "/portal/sites/{site}/setup", "member" },
        { "GET", "/portal/sites/{site}/setup/company", "admin" },
        { "POST", "/portal/sites/{site}/setup/company", "admin" },
        { "GET", "/portal/sites/{site}/setup/domains", "admin" },
        { "POST", "/portal/sites/{site}/setup/domains", "admin" },
        { "GET", "/portal/sites/{site}/setup/languages", "admin" },
        { "POST", "/portal/sites/{site}/setup/languages", "admin" },
        { "GET", "/portal/sites/{site}/setup/services", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=Pick", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=Custom", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=Remove", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=AutoBlocking", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=Scan", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=ScanApply", "member" },
        { "POST", "/portal/sites/{site}/setup/services?handler=VerifyDomains", "member" },
        { "GET", "/portal/sites/{site}/setup/banner", "member" },
        { "POST", "/portal/sites/{site}/setup/banner", "member" },
        { "GET", "/portal/sites/{site}/setup/preview?layout=bar&lang=da", "member" },
        { "GET", "/portal/sites/{site}/setup/policies", "member" },
        { "POST", "/portal/sites/{site}/setup/policies", "member" },
        { "GET", "/portal/sites/{site}/setup/policies/preview?kind=privacy&lang=da", "member" },
        { "GET", "/portal/sites/{site}/setup/publish", "member" },
        { "POST", "/portal/sites/{site}/setup/publish", "member" },
        { "GET", "/portal/agencies/{agency}/sites/new", "admin" },
        { "POST", "/portal/agencies/{agency}/sites/new", "admin" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnonymousVisitorsAreSentToSignIn(string method, string route, string _)
    {
        var response = await Send(new PortalClient(world), method, world.Path(route), antiforgery: false);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/portal/sign-in?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AUserOfAnotherAgencyGetsNotFound(string method, string route, string _)
    {
        var response = await Send(await world.ClientAsync("stranger"), method, world.Path(route), antiforgery: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AClientViewerOfAnotherSiteGetsNotFound(string method, string route, string _)
    {
        var response = await Send(await world.ClientAsync("otherViewer"), method, world.Path(route), antiforgery: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AMemberNotAssignedToTheSiteGetsNotFoundOnSitePages(string method, string route, string _)
    {
        if (route.Contains("{agency}", StringComparison.Ordinal))
        {
            return; // an agency page: the member is of this agency; the role decides (next test)
        }

        var response = await Send(await world.ClientAsync("unassignedMember"), method, world.Path(route), antiforgery: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARoleBelowTheStepsMinimumIsForbidden(string method, string route, string minimum)
    {
        // The site's own client viewer is below every step; an assigned Member is below the settings steps and site creation.
        var response = await Send(await world.ClientAsync("viewer"), method, world.Path(route), antiforgery: true);
        Assert.Equal(route.Contains("{agency}", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, response.StatusCode);

        if (minimum == "admin")
        {
            var member = await Send(await world.ClientAsync("member"), method, world.Path(route), antiforgery: true);
            Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task APostWithoutTheAntiforgeryTokenIsRejected(string method, string route, string _)
    {
        if (method != "POST")
        {
            return;
        }

        var response = await Send(await world.ClientAsync("owner"), method, world.Path(route), antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task TheOwnerCanOpenEveryPage(string method, string route, string _)
    {
        if (method != "GET")
        {
            return;
        }

        var response = await Send(await world.ClientAsync("owner"), method, world.Path(route), antiforgery: false);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{route}: {(int)response.StatusCode}");
    }

    private static async Task<HttpResponseMessage> Send(PortalClient client, string method, string path, bool antiforgery) =>
        method == "GET"
            ? await client.GetAsync(path)
            : await client.PostFormAsync(path, new() { ["Version"] = "" }, antiforgery);

    /// <summary>One agency with a site, its people in every role, and a second agency with its own site and viewer.</summary>
    public sealed class World : PortalApp
    {
        private readonly Dictionary<string, TestUser> people = [];
        private readonly Dictionary<string, PortalClient> clients = [];
        private readonly SemaphoreSlim gate = new(1, 1);

        public TestAgency Agency { get; private set; } = null!;
        public string SiteKey { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Agency = await CreateAgencyAsync("Wizard Agency");
            SiteKey = await CreateSiteAsync(Agency);
            var otherSite = await CreateSiteAsync(Agency, SampleSite("Other Site"));
            var other = await CreateAgencyAsync("Other Agency");
            var foreignSite = await CreateSiteAsync(other);
            people["owner"] = Agency.OwnerUser;
            people["member"] = await AddMemberAsync(Agency, "member", SiteKey);
            people["unassignedMember"] = await AddMemberAsync(Agency, "member", otherSite);
            people["viewer"] = await AddMemberAsync(Agency, "clientViewer", SiteKey);
            people["otherViewer"] = await AddMemberAsync(Agency, "clientViewer", otherSite);
            people["stranger"] = other.OwnerUser;
            _ = foreignSite;
        }

        public string Path(string route) => route.Replace("{site}", SiteKey, StringComparison.Ordinal).Replace("{agency}", Agency.Id, StringComparison.Ordinal);

        public async Task<PortalClient> ClientAsync(string who)
        {
            await gate.WaitAsync();
            try
            {
                return clients.TryGetValue(who, out var client) ? client : clients[who] = await PortalClient.SignedInAsync(this, people[who]);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
