using System.Net;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// Authorisation of every portal page and handler, checked over HTTP for each kind of person. The rule (see
/// PortalAccessFilter): anonymous → sign-in; outside your reach (another agency, a site you do not see, an agency page
/// for a Client viewer) → 404; your agency or site but too low a role → 403. The table is checked against the app's
/// own pages and handlers, so a new page or handler without a case fails here.
/// </summary>
public sealed class PortalAccessTests(PortalApp app) : IClassFixture<PortalApp>
{
    private enum Reach
    {
        /// <summary>Open to anonymous visitors (sign-in, the invitation link, error pages).</summary>
        Public,
        /// <summary>Any signed-in person, no agency involved (landing, agency sign-up, accepting an invitation).</summary>
        SignedIn,
        Agency,
        Site,
    }

    private sealed record Call(string Method, string Template, string? Handler, Reach Reach, string MinimumRole, Func<World, Dictionary<string, string>>? Form = null);

    private sealed record World(
        TestAgency A, string SiteA1, string SiteA2, string KeyIdA, string InvitationIdA,
        TestUser AdminA, TestUser MemberOfA1, TestUser ViewerOfA2, TestAgency B,
        PortalClient Owner, PortalClient Admin, PortalClient Member, PortalClient Viewer, PortalClient OwnerOfB, PortalClient Anonymous);

    private static readonly Call[] Calls =
    [
        new("GET", "/portal", null, Reach.SignedIn, "-"),
        new("GET", "/portal/sign-in", null, Reach.Public, "-"),
        new("POST", "/portal/sign-in", null, Reach.Public, "-"),
        new("GET", "/portal/sign-in/callback", null, Reach.Public, "-"),
        new("GET", "/portal/sign-out", null, Reach.Public, "-"),
        new("POST", "/portal/sign-out", null, Reach.Public, "-"),
        new("GET", "/portal/dev-sign-in", null, Reach.Public, "-"),
        new("POST", "/portal/dev-sign-in", null, Reach.Public, "-"),
        new("GET", "/portal/error/{code:int}", null, Reach.Public, "-"),
        new("POST", "/portal/error/{code:int}", null, Reach.Public, "-"),
        new("GET", "/portal/invitations/{token}", null, Reach.Public, "-"),
        new("GET", "/portal/invitations/accept", null, Reach.SignedIn, "-"),
        new("POST", "/portal/invitations/accept", "Accept", Reach.SignedIn, "-"),
        new("GET", "/portal/agencies/new", null, Reach.SignedIn, "-"),
        new("POST", "/portal/agencies/new", null, Reach.SignedIn, "-", _ => new() { ["Input.Name"] = "Planted", ["Input.Country"] = "DK" }),
        new("GET", "/portal/agencies/{agencyId}", null, Reach.Agency, "Member"),
        new("GET", "/portal/agencies/{agencyId}/members", null, Reach.Agency, "Owner"),
        new("POST", "/portal/agencies/{agencyId}/members", "Invite", Reach.Agency, "Owner",
            _ => new() { ["Invite.Email"] = "intruder@evil.example", ["Invite.Role"] = "Owner" }),
        new("POST", "/portal/agencies/{agencyId}/members", "Role", Reach.Agency, "Owner",
            w => new() { ["userKey"] = w.A.OwnerUser.UserKey, ["role"] = "ClientViewer", ["sites"] = w.SiteA1 }),
        new("POST", "/portal/agencies/{agencyId}/members", "Remove", Reach.Agency, "Owner", w => new() { ["userKey"] = w.AdminA.UserKey }),
        new("POST", "/portal/agencies/{agencyId}/members", "Revoke", Reach.Agency, "Owner", w => new() { ["invitationId"] = w.InvitationIdA }),
        new("GET", "/portal/agencies/{agencyId}/api-keys", null, Reach.Agency, "Admin"),
        new("POST", "/portal/agencies/{agencyId}/api-keys", "Create", Reach.Agency, "Admin", _ => new() { ["Name"] = "stolen" }),
        new("POST", "/portal/agencies/{agencyId}/api-keys", "Revoke", Reach.Agency, "Admin", w => new() { ["keyId"] = w.KeyIdA }),
        new("GET", "/portal/sites/{siteKey}", null, Reach.Site, "ClientViewer"),
        new("POST", "/portal/sites/{siteKey}", "Settings", Reach.Site, "Admin", _ => new()
        {
            ["Settings.AcceptValidityMonths"] = "1", ["Settings.DeclineValidityMonths"] = "1", ["Settings.RetentionMonths"] = "13",
            ["Settings.HonourGlobalPrivacyControl"] = "false", ["Settings.Domains"] = "evil.example",
        }),
        new("POST", "/portal/sites/{siteKey}", "Republish", Reach.Site, "Member", _ => new() { ["Note"] = "hijacked" }),
        new("POST", "/portal/sites/{siteKey}", "Invite", Reach.Site, "Admin", _ => new() { ["InviteEmail"] = "intruder@evil.example" }),
        new("GET", "/portal/sites/{siteKey}/census", null, Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}/census", "AddService", Reach.Site, "Member", _ => new() { ["catalogue"] = "google-analytics" }),
        new("POST", "/portal/sites/{siteKey}/census", "AddName", Reach.Site, "Member", _ => new()
        {
            ["Name.Name"] = "_planted", ["Name.Kind"] = "httpCookie", ["Name.Lifetime"] = "1y", ["Name.Service"] = "google-analytics",
        }),
        new("POST", "/portal/sites/{siteKey}/census", "Sampling", Reach.Site, "Member", _ => new() { ["percent"] = "50" }),
        new("POST", "/portal/sites/{siteKey}", "Scan", Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}", "ScanApply", Reach.Site, "Member", _ => new() { ["scanId"] = "1111111111111111111abcdef", ["scanServices"] = "hotjar" }),
        new("POST", "/portal/sites/{siteKey}", "VerifyDomains", Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/compare", null, Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/delete", null, Reach.Site, "Admin"),
        new("POST", "/portal/sites/{siteKey}/delete", null, Reach.Site, "Admin"),

        // Consent reports: every person who sees the site (Client viewers too, as in the API); the download log for Owners.
        new("GET", "/portal/sites/{siteKey}/reports", null, Reach.Site, "ClientViewer"),
        new("GET", "/portal/sites/{siteKey}/reports", "Download", Reach.Site, "ClientViewer"),
        new("GET", "/portal/sites/{siteKey}/reports/proof/{consentId?}", null, Reach.Site, "ClientViewer"),
        new("GET", "/portal/agencies/{agencyId}/audit", null, Reach.Agency, "Owner"),
        new("GET", "/portal/agencies/{agencyId}/billing", null, Reach.Agency, "Member"),
        new("POST", "/portal/agencies/{agencyId}/billing", "Subscribe", Reach.Agency, "Owner", _ => new() { ["plan"] = "Starter" }),
        new("POST", "/portal/agencies/{agencyId}/billing", "Manage", Reach.Agency, "Owner"),
        new("GET", "/portal/agencies/{agencyId}/billing/success", null, Reach.Agency, "Member"),
        new("GET", "/portal/agencies/{agencyId}/billing/canceled", null, Reach.Agency, "Member"),

        // The onboarding wizard (Pages/Setup): creating a site and the settings steps are for Admins, as in the API.
        new("GET", "/portal/agencies/{agencyId}/sites/new", null, Reach.Agency, "Admin"),
        new("POST", "/portal/agencies/{agencyId}/sites/new", null, Reach.Agency, "Admin", _ => new()
        {
            ["Input.DisplayName"] = "Planted", ["Input.Website"] = "planted.example", ["Input.LegalName"] = "Planted ApS", ["Input.Country"] = "DK",
            ["Input.Street"] = "Vej 1", ["Input.PostalCode"] = "1000", ["Input.City"] = "København", ["Input.Email"] = "x@planted.example",
        }),
        new("GET", "/portal/sites/{siteKey}/setup", null, Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/setup/company", null, Reach.Site, "Admin"),
        new("POST", "/portal/sites/{siteKey}/setup/company", null, Reach.Site, "Admin", _ => new() { ["Input.DisplayName"] = "Hijacked", ["Input.LegalName"] = "Hijacked ApS" }),
        new("GET", "/portal/sites/{siteKey}/setup/domains", null, Reach.Site, "Admin"),
        new("POST", "/portal/sites/{siteKey}/setup/domains", null, Reach.Site, "Admin", _ => new() { ["Input.Domains"] = "evil.example" }),
        new("GET", "/portal/sites/{siteKey}/setup/languages", null, Reach.Site, "Admin"),
        new("POST", "/portal/sites/{siteKey}/setup/languages", null, Reach.Site, "Admin", _ => new() { ["Input.Languages"] = "fi", ["Input.DefaultLanguage"] = "fi" }),
        new("GET", "/portal/sites/{siteKey}/setup/services", null, Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}/setup/services", "Pick", Reach.Site, "Member", _ => new() { ["Selected"] = "hotjar" }),
        new("POST", "/portal/sites/{siteKey}/setup/services", "Custom", Reach.Site, "Member", _ => new() { ["Custom.Id"] = "planted", ["Custom.Name"] = "Planted" }),
        new("POST", "/portal/sites/{siteKey}/setup/services", "Exempt", Reach.Site, "Member", _ => new() { ["Exempt.Id"] = "security" }),
        new("POST", "/portal/sites/{siteKey}/setup/services", "Remove", Reach.Site, "Member", _ => new() { ["id"] = "google-analytics" }),
        new("POST", "/portal/sites/{siteKey}/setup/services", "AutoBlocking", Reach.Site, "Member", _ => new() { ["on"] = "true" }),
        new("POST", "/portal/sites/{siteKey}/setup/services", "Scan", Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}/setup/services", "ScanApply", Reach.Site, "Member", _ => new() { ["scanId"] = "1111111111111111111abcdef", ["scanServices"] = "hotjar" }),
        new("POST", "/portal/sites/{siteKey}/setup/services", "VerifyDomains", Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/setup/banner", null, Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}/setup/banner", null, Reach.Site, "Member", _ => new() { ["Texts[da].Title"] = "Hijacked" }),
        new("GET", "/portal/sites/{siteKey}/setup/preview", null, Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/setup/policies", null, Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}/setup/policies", null, Reach.Site, "Member", _ => new() { ["Sections[purposes][da]"] = "Hijacked" }),
        new("GET", "/portal/sites/{siteKey}/setup/policies/preview", null, Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/setup/publish", null, Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}/setup/publish", null, Reach.Site, "Member"),
    ];

    [Fact]
    public async Task EveryPortalPageAndHandlerHasAnAccessCase()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var found = new HashSet<(string, string, string?)>();
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var template = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            if (!compiled.HandlerMethods.Any(h => h.HttpMethod == "Get"))
            {
                found.Add(("GET", template, null)); // a page without OnGet still renders on GET
            }

            foreach (var handler in compiled.HandlerMethods)
            {
                found.Add((handler.HttpMethod.ToUpperInvariant(), template, handler.Name));
            }
        }

        Assert.Equal(
            Calls.Select(c => $"{c.Method} {c.Template} {c.Handler}").Order(),
            found.Select(f => $"{f.Item1} {f.Item2} {f.Item3}").Order());
    }

    [Fact]
    public void EveryOtherEndpointUnderPortalIsTheStylesheet()
    {
        var others = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null && e.RoutePattern.RawText!.TrimStart('/').StartsWith("portal", StringComparison.Ordinal))
            .Select(e => e.RoutePattern.RawText);

        Assert.Equal(["/portal/assets/portal.css"], others);
    }

    [Fact]
    public async Task EveryPageAndHandlerAnswersEachKindOfPersonByTheRule()
    {
        var world = await BuildWorldAsync();
        var before = await SnapshotAsync(world);
        var failures = new List<string>();

        foreach (var call in Calls.Where(c => c.Reach != Reach.Public))
        {
            await ExpectAsync(world.Anonymous, call, world, world.SiteA1, "anonymous", HttpStatusCode.Redirect, failures, tokenFrom: "/portal/sign-in");
            if (call.Reach == Reach.SignedIn)
            {
                continue;
            }

            // Outside their reach: 404, never 403, so nothing tells them the agency or site exists.
            await ExpectAsync(world.OwnerOfB, call, world, world.SiteA1, "the owner of another agency", HttpStatusCode.NotFound, failures);
            await ExpectAsync(world.Viewer, call, world, world.SiteA1, "a client viewer of another site", HttpStatusCode.NotFound, failures);
            if (call.Reach == Reach.Site)
            {
                await ExpectAsync(world.Member, call, world, world.SiteA2, "a member not assigned to the site", HttpStatusCode.NotFound, failures);
            }

            // Within reach, role too low: 403.
            if (call.MinimumRole is "Admin" or "Owner")
            {
                await ExpectAsync(world.Member, call, world, world.SiteA1, "a Member", HttpStatusCode.Forbidden, failures);
            }

            if (call.MinimumRole is "Owner")
            {
                await ExpectAsync(world.Admin, call, world, world.SiteA1, "an Admin", HttpStatusCode.Forbidden, failures);
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task EachPersonOpensThePagesTheirRoleAllows()
    {
        var world = await BuildWorldAsync();
        var a = world.A.Id;
        var cases = new (PortalClient Client, string Path, HttpStatusCode Status)[]
        {
            (world.Owner, $"/portal/agencies/{a}", HttpStatusCode.OK),
            (world.Owner, $"/portal/agencies/{a}/members", HttpStatusCode.OK),
            (world.Owner, $"/portal/agencies/{a}/api-keys", HttpStatusCode.OK),
            (world.Owner, $"/portal/sites/{world.SiteA2}", HttpStatusCode.OK),
            (world.Admin, $"/portal/agencies/{a}/api-keys", HttpStatusCode.OK),
            (world.Admin, $"/portal/sites/{world.SiteA2}", HttpStatusCode.OK),
            (world.Member, $"/portal/agencies/{a}", HttpStatusCode.OK),
            (world.Member, $"/portal/sites/{world.SiteA1}", HttpStatusCode.OK),
            (world.Viewer, $"/portal/sites/{world.SiteA2}", HttpStatusCode.OK),
            (world.Viewer, $"/portal/sites/{world.SiteA2}/reports", HttpStatusCode.OK),
            (world.Viewer, $"/portal/sites/{world.SiteA2}/reports?handler=Download&from=2026-10-01&to=2026-10-31&format=csv", HttpStatusCode.OK),
            (world.Viewer, $"/portal/agencies/{a}/audit", HttpStatusCode.NotFound),
            (world.Member, $"/portal/sites/{world.SiteA1}/reports", HttpStatusCode.OK),
            (world.Owner, $"/portal/agencies/{a}/audit", HttpStatusCode.OK),
            (world.Viewer, "/portal", HttpStatusCode.Redirect),
        };

        foreach (var (client, path, status) in cases)
        {
            Assert.True((await client.GetAsync(path)).StatusCode == status, $"{path} did not answer {status}");
        }

        Assert.Equal($"/portal/sites/{world.SiteA2}", (await world.Viewer.GetAsync("/portal")).Headers.Location!.OriginalString);
        var memberDashboard = await world.Member.GetStringAsync($"/portal/agencies/{a}");
        Assert.Contains(world.SiteA1, memberDashboard, StringComparison.Ordinal);
        Assert.DoesNotContain(world.SiteA2, memberDashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorsAreReadablePagesNotProblemDetails()
    {
        var world = await BuildWorldAsync();

        var notFound = await world.OwnerOfB.GetAsync($"/portal/agencies/{world.A.Id}");
        var forbidden = await world.Member.GetAsync($"/portal/agencies/{world.A.Id}/members");
        var unknown = await world.Owner.GetAsync("/portal/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("Page not found", await notFound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Not allowed", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRejectedAndChangesNothing()
    {
        var world = await BuildWorldAsync();
        var before = await SnapshotAsync(world);

        var response = await world.Owner.PostFormAsync($"/portal/agencies/{world.A.Id}/api-keys?handler=Create", new() { ["Name"] = "forged" }, antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("That did not work", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task AnAntiforgeryTokenOfAnotherPersonIsRejected()
    {
        var world = await BuildWorldAsync();
        var tokenOfB = await world.OwnerOfB.AntiforgeryTokenAsync("/portal/agencies/new");

        var response = await world.Owner.Http.PostAsync($"/portal/agencies/{world.A.Id}/api-keys?handler=Create",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "forged", ["__RequestVerificationToken"] = tokenOfB }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task ExpectAsync(
        PortalClient client, Call call, World world, string siteKey, string who, HttpStatusCode expected, List<string> failures, string? tokenFrom = null)
    {
        var path = call.Template
            .Replace("{agencyId}", world.A.Id, StringComparison.Ordinal)
            .Replace("{siteKey}", siteKey, StringComparison.Ordinal)
            + (call.Handler is null ? "" : $"?handler={call.Handler}");
        var response = call.Method == "GET"
            ? await client.GetAsync(path)
            : await client.PostFormAsync(path, call.Form?.Invoke(world) ?? [], tokenFrom: tokenFrom);

        var ok = response.StatusCode == expected &&
            (expected != HttpStatusCode.Redirect || response.Headers.Location!.PathAndQuery.StartsWith("/portal/sign-in", StringComparison.Ordinal));
        if (!ok)
        {
            failures.Add($"{who}: {call.Method} {path} answered {(int)response.StatusCode} {response.Headers.Location}, expected {(int)expected}");
        }
    }

    private async Task<World> BuildWorldAsync()
    {
        var a = await app.CreateAgencyAsync("Agency A");
        var siteA1 = await app.CreateSiteAsync(a, TestApp.SampleSite("Site One"));
        var siteA2 = await app.CreateSiteAsync(a, TestApp.SampleSite("Site Two"));
        var keyIdA = (await app.CreateApiKeyAsync(a)).Split('_')[2];
        var admin = await app.AddMemberAsync(a, "Admin");
        var member = await app.AddMemberAsync(a, "Member", siteA1);
        var viewer = await app.AddMemberAsync(a, "ClientViewer", siteA2);
        var b = await app.CreateAgencyAsync("Agency B");

        var owner = await PortalClient.SignedInAsync(app, a.OwnerUser);
        var invited = await owner.PostFormAsync($"/portal/agencies/{a.Id}/members?handler=Invite",
            new() { ["Invite.Email"] = "pending@agency.example", ["Invite.Role"] = "Member" });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var invitationId = System.Text.RegularExpressions.Regex.Match(
            await owner.GetStringAsync($"/portal/agencies/{a.Id}/members"), "name=\"invitationId\" value=\"([a-z2-7]{16})\"").Groups[1].Value;

        return new World(a, siteA1, siteA2, keyIdA, invitationId, admin, member, viewer, b,
            owner,
            await PortalClient.SignedInAsync(app, admin),
            await PortalClient.SignedInAsync(app, member),
            await PortalClient.SignedInAsync(app, viewer),
            await PortalClient.SignedInAsync(app, b.OwnerUser),
            new PortalClient(app));
    }

    /// <summary>Everything of A's that a refused call could have changed: agencies, members, keys, invitations.</summary>
    private async Task<string> SnapshotAsync(World world) => string.Join('\n',
        await world.A.Owner.GetStringAsync(world.A.Path()),
        await world.A.Owner.GetStringAsync(world.A.Path("/members")),
        await world.A.Owner.GetStringAsync(world.A.Path("/api-keys")),
        await world.A.Owner.GetStringAsync(world.A.Path("/sites")),
        string.Join(',', (await world.Owner.GetStringAsync($"/portal/agencies/{world.A.Id}/members")).Split('\n').Where(l => l.Contains("invitationId", StringComparison.Ordinal)).Select(l => l.Trim())),
        app.Mail.Sent.Count(m => m.To == "intruder@evil.example"),
        await world.B.Owner.GetStringAsync("/api/v1/agencies"));
}
