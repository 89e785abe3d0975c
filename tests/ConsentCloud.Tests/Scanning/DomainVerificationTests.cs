using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ConsentCloud.Tests.Scanning.ScanApp;

namespace ConsentCloud.Tests.Scanning;

/// <summary>
/// The scanner reads only a domain that names the site: its banner or meta tag on the home page, or the well-known
/// file. GET/POST …/verification show and check each domain.
/// </summary>
public sealed class DomainVerificationTests(ScanApp app) : IClassFixture<ScanApp>
{
    private static JsonElement Row(JsonElement view, string domain) =>
        view.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domain").GetString() == domain);

    private static string? Method(JsonElement scan) => scan.GetProperty("findings").GetProperty("verification").GetProperty("method").GetString();

    [Fact]
    public async Task AnUnverifiedDomainFailsTheScanAfterItsHomePageAndWellKnownFileAndNothingElseIsRead()
    {
        var (agency, siteKey) = await app.UnverifiedSiteAsync();
        var before = app.Site.Requested.Count;

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("failed", scan.GetProperty("status").GetString());
        Assert.Equal("notVerified", scan.GetProperty("errorReason").GetString());
        Assert.Contains(LocalWebsite.VerificationFile, scan.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["/robots.txt", "/", LocalWebsite.VerificationFile], app.Site.Requested.Skip(before).ToList());
        var view = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/verification"));
        var domain = Row(view, Domain);
        Assert.Equal("notVerified", domain.GetProperty("status").GetString());
        Assert.Equal("notVerified", domain.GetProperty("reason").GetString());
        Assert.NotNull(domain.GetProperty("checkedAt").GetString());
    }

    [Fact]
    public async Task TheSitesOwnBannerOnTheHomePageVerifiesTheDomain()
    {
        var (agency, siteKey) = await app.UnverifiedSiteAsync(SpareDomain);
        app.Spare.Html("/", $"""
            <html><head><script src="https://consent.example/v1/sites/{siteKey}/banner.js"></script>
            <script async src="https://www.googletagmanager.com/gtag/js?id=G-SPARE"></script></head><body>Butik</body></html>
            """);

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("done", scan.GetProperty("status").GetString());
        Assert.Equal("snippet", Method(scan));
        Assert.Contains("google-analytics", scan.GetProperty("findings").GetProperty("services").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var view = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/verification"));
        Assert.Equal("verified", Row(view, SpareDomain).GetProperty("status").GetString());
        Assert.Equal("snippet", Row(view, SpareDomain).GetProperty("method").GetString());
    }

    [Fact]
    public async Task TheMetaTagVerifiesButAnotherSitesKeyProvesNothing()
    {
        var (agency, siteKey) = await app.UnverifiedSiteAsync(SpareDomain);
        var (_, otherSite) = await app.UnverifiedSiteAsync(SpareDomain); // another agency's site on the same domain
        app.Spare.Html("/", $"""<html><head><meta name="consentcloud-verification" content="{otherSite}"><script src="https://consent.example/v1/sites/{otherSite}/banner.js"></script></head><body>Butik</body></html>""");

        var refused = await app.ScanAsync(agency, siteKey);

        Assert.Equal("notVerified", refused.GetProperty("errorReason").GetString());

        app.Spare.Html("/", $"""<html><head><meta name="ConsentCloud-Verification" content=" {siteKey} "></head><body>Butik</body></html>""");
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("done", scan.GetProperty("status").GetString());
        Assert.Equal("metaTag", Method(scan));
    }

    [Fact]
    public async Task AHomePageRedirectedToAnotherOfTheSitesDomainsIsVerifiedWhereItLands()
    {
        var (agency, siteKey) = await app.UnverifiedSiteAsync(SpareDomain, Domain);
        app.Spare.Redirect("/", $"https://{Domain}/");
        app.Site.Verify(siteKey);

        var scan = await app.ScanAsync(agency, siteKey);

        Assert.Equal("done", scan.GetProperty("status").GetString());
        var verification = scan.GetProperty("findings").GetProperty("verification");
        Assert.Equal(Domain, verification.GetProperty("domain").GetString());
        Assert.Equal("file", verification.GetProperty("method").GetString());
        Assert.All(scan.GetProperty("findings").GetProperty("pages").EnumerateArray(), p => Assert.StartsWith($"https://{Domain}/", p.GetString(), StringComparison.Ordinal));

        // Checked on its own, the host that only redirects is not verified, and says where to look instead.
        var view = await (await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/verification"), null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notVerified", Row(view, SpareDomain).GetProperty("status").GetString());
        Assert.Equal("redirectElsewhere", Row(view, SpareDomain).GetProperty("reason").GetString());
        Assert.Equal("verified", Row(view, Domain).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CheckingTheDomainsChecksEachExactOneAtMostOnceAMinute()
    {
        var (agency, siteKey) = await app.UnverifiedSiteAsync(Domain, SpareDomain, "*.shop.bageriet.example");
        app.Site.Verify(siteKey);
        app.Spare.Html("/", "<html><body>Butik uden bevis</body></html>");
        var path = agency.Path($"/sites/{siteKey}/verification");

        var before = await agency.Owner.GetFromJsonAsync<JsonElement>(path);

        Assert.Equal(["unchecked", "unchecked", "wildcard"], before.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("status").GetString()).ToList());
        Assert.Equal($"<meta name=\"consentcloud-verification\" content=\"{siteKey}\">", before.GetProperty("metaTag").GetString());
        Assert.Equal("/.well-known/consentcloud-verification.txt", before.GetProperty("file").GetProperty("path").GetString());
        Assert.Equal(siteKey + "\n", before.GetProperty("file").GetProperty("content").GetString());

        var checkedNow = await agency.Owner.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.OK, checkedNow.StatusCode);
        var view = await checkedNow.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("verified", Row(view, Domain).GetProperty("status").GetString());
        Assert.Equal("file", Row(view, Domain).GetProperty("method").GetString());
        Assert.Equal("notVerified", Row(view, SpareDomain).GetProperty("status").GetString());
        Assert.Equal("wildcard", Row(view, "*.shop.bageriet.example").GetProperty("status").GetString());

        var again = await agency.Owner.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(again.Headers.RetryAfter);

        app.Spare.Text(LocalWebsite.VerificationFile, "text/plain", $"# ours\n{siteKey}\n");
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var later = await (await agency.Owner.PostAsync(path, null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("verified", Row(later, SpareDomain).GetProperty("status").GetString());
        Assert.Equal("file", Row(later, SpareDomain).GetProperty("method").GetString());
    }

    [Fact]
    public async Task AnotherAgencyCanNeitherSeeNorCheckTheDomains()
    {
        var (agency, siteKey) = await app.SiteAsync();
        var other = await app.CreateAgencyAsync("Other Agency");
        var before = await agency.Owner.GetStringAsync(agency.Path($"/sites/{siteKey}/verification"));

        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.GetAsync(other.Path($"/sites/{siteKey}/verification"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.PostAsync(other.Path($"/sites/{siteKey}/verification"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.PostAsync(agency.Path($"/sites/{siteKey}/verification"), null)).StatusCode);
        Assert.Equal(before, await agency.Owner.GetStringAsync(agency.Path($"/sites/{siteKey}/verification")));
    }
}
