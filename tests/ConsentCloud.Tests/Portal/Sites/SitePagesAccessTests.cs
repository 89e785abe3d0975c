using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>
/// Authorisation of the running-sites pages (dashboard, site page, comparison, delete) and every handler on them,
/// over HTTP, for each kind of person, by the portal's rule: anonymous → sign-in; outside your reach (another agency,
/// a site you do not see) → 404; your site but too low a role → 403. The table is checked against the app's own
/// pages, so a new handler on these pages without a case fails here.
/// </summary>
public sealed class SitePagesAccessTests(PortalApp app) : IClassFixture<PortalApp>
{
    private enum Reach
    {
        Agency,
        Site,
    }

    private sealed record Call(string Method, string Template, string? Handler, Reach Reach, string MinimumRole, string Query = "", Func<SitePagesWorld, Dictionary<string, string>>? Form = null);

    private static readonly Call[] Calls =
    [
        new("GET", "/portal/agencies/{agencyId}", null, Reach.Agency, "Member", "?q=site&sort=decisions"),
        new("GET", "/portal/sites/{siteKey}", null, Reach.Site, "ClientViewer"),
        new("POST", "/portal/sites/{siteKey}", "Settings", Reach.Site, "Admin", Form: _ => new()
        {
            ["Settings.AcceptValidityMonths"] = "1", ["Settings.DeclineValidityMonths"] = "1", ["Settings.RetentionMonths"] = "13",
            ["Settings.HonourGlobalPrivacyControl"] = "false", ["Settings.Domains"] = "evil.example",
        }),
        new("POST", "/portal/sites/{siteKey}", "Republish", Reach.Site, "Member", Form: _ => new() { ["Note"] = "hijacked" }),
        new("POST", "/portal/sites/{siteKey}", "Invite", Reach.Site, "Admin", Form: _ => new() { ["InviteEmail"] = "intruder@evil.example" }),
        new("GET", "/portal/sites/{siteKey}/census", null, Reach.Site, "Member", "?days=7"),
        new("POST", "/portal/sites/{siteKey}/census", "AddService", Reach.Site, "Member", Form: _ => new() { ["catalogue"] = "google-analytics" }),
        new("POST", "/portal/sites/{siteKey}/census", "AddName", Reach.Site, "Member", Form: _ => new()
        {
            ["Name.Name"] = "_planted", ["Name.Kind"] = "httpCookie", ["Name.Lifetime"] = "1y", ["Name.Service"] = "google-analytics",
        }),
        new("POST", "/portal/sites/{siteKey}/census", "Sampling", Reach.Site, "Member", Form: _ => new() { ["percent"] = "50" }),
        new("POST", "/portal/sites/{siteKey}", "Scan", Reach.Site, "Member"),
        new("POST", "/portal/sites/{siteKey}", "ScanApply", Reach.Site, "Member", Form: _ => new() { ["scanId"] = "1111111111111111111abcdef", ["scanServices"] = "hotjar" }),
        new("POST", "/portal/sites/{siteKey}", "VerifyDomains", Reach.Site, "Member"),
        new("GET", "/portal/sites/{siteKey}/compare", null, Reach.Site, "Member", "?from=1&to=1"),
        new("GET", "/portal/sites/{siteKey}/delete", null, Reach.Site, "Admin"),
        new("POST", "/portal/sites/{siteKey}/delete", null, Reach.Site, "Admin"),
    ];

    [Fact]
    public async Task EveryRunningSitesPageAndHandlerHasAnAccessCase()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var found = new HashSet<string>();
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var template = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (template != "/portal/agencies/{agencyId}" && !template.StartsWith("/portal/sites/", StringComparison.Ordinal))
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            if (!compiled.HandlerMethods.Any(h => h.HttpMethod == "Get"))
            {
                found.Add($"GET {template} ");
            }

            foreach (var handler in compiled.HandlerMethods)
            {
                found.Add($"{handler.HttpMethod.ToUpperInvariant()} {template} {handler.Name}");
            }
        }

        // The onboarding wizard (…/setup…) and the reports pages (…/reports…) have their rows in PortalAccessTests.
        found.RemoveWhere(f => f.Contains("/setup", StringComparison.Ordinal) || f.Contains("/reports", StringComparison.Ordinal));
        Assert.Equal(Calls.Select(c => $"{c.Method} {c.Template} {c.Handler}").Order(), found.Order());
    }

    [Fact]
    public async Task EveryPageAndHandlerAnswersEachKindOfPersonByTheRuleAndRefusedCallsChangeNothing()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var before = await SnapshotAsync(world);
        var failures = new List<string>();

        foreach (var call in Calls)
        {
            await ExpectAsync(world.Anonymous, call, world, world.SiteA1, "anonymous", HttpStatusCode.Redirect, failures, tokenFrom: "/portal/sign-in");
            await ExpectAsync(world.OwnerOfB, call, world, world.SiteA1, "the owner of another agency", HttpStatusCode.NotFound, failures);
            await ExpectAsync(world.ViewerOfA2, call, world, world.SiteA1, "a client viewer of another site", HttpStatusCode.NotFound, failures);
            if (call.Reach == Reach.Site)
            {
                await ExpectAsync(world.Member, call, world, world.SiteA2, "a member not assigned to the site", HttpStatusCode.NotFound, failures);
                if (call.MinimumRole != "ClientViewer")
                {
                    // The client viewer of this very site: within reach, role too low.
                    await ExpectAsync(world.ViewerOfA1, call, world, world.SiteA1, "the site's client viewer", HttpStatusCode.Forbidden, failures);
                }
            }
            else
            {
                await ExpectAsync(world.ViewerOfA1, call, world, world.SiteA1, "a client viewer (agency page)", HttpStatusCode.NotFound, failures);
            }

            if (call.MinimumRole == "Admin")
            {
                await ExpectAsync(world.Member, call, world, world.SiteA1, "a Member assigned to the site", HttpStatusCode.Forbidden, failures);
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task EachPersonOpensThePagesTheirRoleAllows()
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var cases = new (PortalClient Client, string Path)[]
        {
            (world.Owner, $"/portal/agencies/{world.A.Id}"),
            (world.Owner, $"/portal/sites/{world.SiteA1}/delete"),
            (world.Admin, $"/portal/sites/{world.SiteA2}"),
            (world.Admin, $"/portal/sites/{world.SiteA1}/compare?from=1&to=1"),
            (world.Member, $"/portal/agencies/{world.A.Id}"),
            (world.Member, $"/portal/sites/{world.SiteA1}"),
            (world.Member, $"/portal/sites/{world.SiteA1}/compare?from=1&to=1"),
            (world.ViewerOfA1, $"/portal/sites/{world.SiteA1}"),
        };

        foreach (var (client, path) in cases)
        {
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, $"{path} did not answer 200");
        }
    }

    [Fact]
    public async Task ComparingRevisionsThatDoNotExistIsNotFound()
    {
        var world = await SitePagesWorld.BuildAsync(app);

        Assert.Equal(HttpStatusCode.NotFound, (await world.Owner.GetAsync($"/portal/sites/{world.SiteA1}/compare?from=1&to=9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Owner.GetAsync($"/portal/sites/{world.SiteA1}/compare?from=0&to=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Owner.GetAsync($"/portal/sites/{world.SiteA1}/compare?from=x&to=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Owner.GetAsync($"/portal/sites/{world.SiteA2}/compare?from=1&to=1")).StatusCode);
    }

    [Theory]
    [InlineData("?handler=Settings")]
    [InlineData("?handler=Republish")]
    [InlineData("?handler=Invite")]
    [InlineData("/delete")]
    public async Task APostWithoutTheAntiforgeryTokenIsRejectedAndChangesNothing(string target)
    {
        var world = await SitePagesWorld.BuildAsync(app);
        var before = await SnapshotAsync(world);
        var path = $"/portal/sites/{world.SiteA1}{target}";
        var form = await SitePagesKit.SettingsFormAsync(world.Owner, world.SiteA1, new() { ["Settings.Domains"] = "forged.example" });
        form["InviteEmail"] = "forged@evil.example";

        var response = await world.Owner.PostFormAsync(path, form, antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    private static async Task ExpectAsync(
        PortalClient client, Call call, SitePagesWorld world, string siteKey, string who, HttpStatusCode expected, List<string> failures, string? tokenFrom = null)
    {
        var path = call.Template
            .Replace("{agencyId}", world.A.Id, StringComparison.Ordinal)
            .Replace("{siteKey}", siteKey, StringComparison.Ordinal)
            + (call.Handler is null ? call.Query : $"?handler={call.Handler}");
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

    /// <summary>Everything of A's a refused call could have changed: its sites (settings, deletion), revisions, members, invitation e-mails.</summary>
    private async Task<string> SnapshotAsync(SitePagesWorld world) => string.Join('\n',
        await world.A.Owner.GetStringAsync(world.A.Path("/sites")),
        await world.A.Owner.GetStringAsync(world.A.Path($"/sites/{world.SiteA1}/banner/revisions")),
        await world.A.Owner.GetStringAsync(world.A.Path($"/sites/{world.SiteA2}/banner/revisions")),
        await world.A.Owner.GetStringAsync(world.A.Path("/members")),
        app.Mail.Sent.Count(m => m.To.EndsWith("@evil.example", StringComparison.Ordinal)));
}
