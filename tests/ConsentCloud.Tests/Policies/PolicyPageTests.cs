using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Policies.PolicyFixtures;

namespace ConsentCloud.Tests.Policies;

public sealed class PolicyPageTests(TestApp app) : IClassFixture<TestApp>
{
    public static TheoryData<string, string, string> Countries => new()
    {
        { "DK", "Datatilsynet", "CVR" },
        { "NO", "Datatilsynet", "Organisasjonsnummer" },
        { "SE", "IMY", "Organisationsnummer" },
        { "FI", "Tietosuojavaltuutetun toimisto", "Y-tunnus" },
    };

    [Theory]
    [MemberData(nameof(Countries))]
    public async Task ThePrivacyPolicyNamesTheCountrysAuthorityAndRegistrationInEveryLanguage(string country, string authority, string label)
    {
        var site = country switch { "DK" => DanishStudio(), "NO" => NorwegianAgency(), "SE" => SwedishSoftware(), _ => FinnishShop() };
        var (_, siteKey) = await PublishedSiteAsync(app, site, []);
        var client = app.CreateClient();

        foreach (var language in AllLanguages)
        {
            var response = await client.GetAsync($"/p/{siteKey}/privacy?lang={language}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
            Assert.Contains(authority, html, StringComparison.Ordinal);
            Assert.Contains(ConsentCloud.Web.Features.Policies.Texts.PolicyTexts.RegistrationLabel(country, language), html, StringComparison.Ordinal);
            Assert.Contains(label == "CVR" ? "CVR" : ConsentCloud.Web.Features.Policies.Texts.PolicyTexts.RegistrationLabel(country, "en"), await client.GetStringAsync($"/p/{siteKey}/privacy?lang=en"), StringComparison.Ordinal);
            Assert.Contains("dpo@", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TheCookiePolicyListsExactlyTheServicesOfThePublishedBanner()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app, DanishStudio(), DanishStudioServices());
        var client = app.CreateClient();

        var html = await client.GetStringAsync($"/p/{siteKey}/cookies?lang=da");
        foreach (var service in new[] { "YouTube", "Vimeo", "Google Maps", "Calendly" })
        {
            Assert.Contains($"<h4>{service}</h4>", html, StringComparison.Ordinal);
        }

        Assert.Contains("<code>VISITOR_INFO1_LIVE</code>", html, StringComparison.Ordinal);
        Assert.Contains("6 måneder", html, StringComparison.Ordinal);

        // A service added and published appears; one removed disappears; the old version stays readable.
        await SetServicesAsync(agency, siteKey, [.. DanishStudioServices().Where(s => (string)s["id"]! != "vimeo"), Service("hubspot", "HubSpot", "HubSpot Inc.", "marketing", ("__hstc", "13mo", null))]);
        await app.PublishAsync(agency, siteKey);

        var updated = await client.GetStringAsync($"/p/{siteKey}/cookies?lang=da");
        Assert.Contains("<h4>HubSpot</h4>", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("Vimeo", updated, StringComparison.Ordinal);
        var first = await client.GetStringAsync($"/p/{siteKey}/cookies/v/1?lang=da");
        Assert.Contains("<h4>Vimeo</h4>", first, StringComparison.Ordinal);
        Assert.Contains("class=\"notice\"", first, StringComparison.Ordinal);
        Assert.Contains($"/p/{siteKey}/cookies/v/1?lang=da", updated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepublishingAnUnchangedBannerMakesNoNewPolicyVersion()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app, NorwegianAgency(), []);
        await app.PublishAsync(agency, siteKey);

        var versions = await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{siteKey}/policies/versions"));

        Assert.Equal(1, versions!.Count(v => v.GetProperty("kind").GetString() == "cookies"));
        Assert.Equal(1, versions!.Count(v => v.GetProperty("kind").GetString() == "privacy"));
    }

    [Fact]
    public async Task PagesAreServedWithStrongETagsAnd304()
    {
        var (_, siteKey) = await PublishedSiteAsync(app, SwedishSoftware(), SwedishSoftwareServices());
        var client = app.CreateClient();
        var first = await client.GetAsync($"/p/{siteKey}/cookies?lang=sv");
        Assert.False(first.Headers.ETag!.IsWeak);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/p/{siteKey}/cookies?lang=sv");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag);
        var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task PagesCarryAStrictContentSecurityPolicyAndLanguageAlternates()
    {
        var (_, siteKey) = await PublishedSiteAsync(app, SwedishSoftware(), []);

        var response = await app.CreateClient().GetAsync($"/p/{siteKey}/privacy?lang=sv");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors https://norrsken.example", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var language in AllLanguages)
        {
            Assert.Contains($"hreflang=\"{language}\" href=\"/p/{siteKey}/privacy?lang={language}\"", html, StringComparison.Ordinal);
        }

        var css = await app.CreateClient().GetAsync(html.Split("rel=\"stylesheet\" href=\"")[1].Split('"')[0]);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains("@media print", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sv-SE,sv;q=0.9,en;q=0.8", "sv")]
    [InlineData("nn-NO,en;q=0.5", "nb")]
    [InlineData("fi", "fi")]
    [InlineData("pl-PL,de;q=0.7", "sv")]
    public async Task WithoutLangTheBrowsersLanguageIsUsedAmongTheSitesElseItsDefault(string acceptLanguage, string expected)
    {
        var (_, siteKey) = await PublishedSiteAsync(app, SwedishSoftware(), []);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/p/{siteKey}/privacy");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.Content.Headers.ContentLanguage.Single());
    }

    [Theory]
    [InlineData("/p/{site}/privacy?lang=pl")]
    [InlineData("/p/{site}/terms")]
    [InlineData("/p/{site}/privacy/v/99?lang=da")]
    [InlineData("/p/aaaaaaaaaaaaaaaaaaaaaaaaaa/privacy")]
    [InlineData("/p/not-a-key/cookies")]
    public async Task UnknownSitesLanguagesOrVersionsGetA404Page(string path)
    {
        var (_, siteKey) = await PublishedSiteAsync(app, DanishStudio(), []);

        var response = await app.CreateClient().GetAsync(path.Replace("{site}", siteKey, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePrivacyPolicyWaitsForItsSectionsWhileTheCookiePolicyFollowsTheBanner()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app, DanishStudio(), DanishStudioServices(), withSections: false);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/p/{siteKey}/cookies?lang=da")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/p/{siteKey}/privacy?lang=da")).StatusCode);
        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new { });
        var body = await publish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("notPublished").EnumerateArray(), p => p.GetProperty("path").GetString() == "sections.purposes.da");

        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), Sections("Studio Lys"))).EnsureSuccessStatusCode();
        (await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new { })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/p/{siteKey}/privacy?lang=da")).StatusCode);
    }

    [Fact]
    public async Task TenantTextIsEscapedAndMarkdownCannotCarryHtmlOrScriptLinks()
    {
        var site = DanishStudio();
        ((Dictionary<string, object?>)site["company"]!)["legalName"] = "Evil \"><script>alert(1)</script> ApS";
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, site);
        var evil = Service("evil", "<img src=x onerror=alert(2)>", "\" onmouseover=\"alert(3)", "statistics", ("evil'cookie", "1d", "\"><i>x"));
        evil["privacyPolicyUrl"] = "https://provider.example/\"><script>alert(4)</script>";
        await SetServicesAsync(agency, siteKey, [evil]);
        var markdown = "<script>alert(5)</script>\n\n[click](javascript:alert(6)) [mail](mailto:dpo@example.dk) ![x](https://tracker.example/p.gif)\n\n<a href=\"javascript:alert(7)\">x</a>";
        var sections = new Dictionary<string, Dictionary<string, string>>();
        foreach (var name in new[] { "purposes", "dataCollected", "recipients", "security" })
        {
            sections[name] = AllLanguages.ToDictionary(l => l, _ => markdown);
        }

        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), new { sections })).EnsureSuccessStatusCode();
        await app.PublishAsync(agency, siteKey);
        var client = app.CreateClient();

        var privacy = await client.GetStringAsync($"/p/{siteKey}/privacy?lang=da");
        var cookies = await client.GetStringAsync($"/p/{siteKey}/cookies?lang=da");

        foreach (var html in new[] { privacy, cookies })
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" onmouseover=\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;script&gt;alert(5)&lt;/script&gt;", privacy, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:dpo@example.dk\"", privacy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedOrUnknownSectionsAreRefusedAtSave()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        var path = agency.Path($"/sites/{siteKey}/policies/draft");

        var tooLong = await agency.Owner.PutAsJsonAsync(path, new { sections = new { purposes = new { da = new string('x', 20_001) } } });
        var unknown = await agency.Owner.PutAsJsonAsync(path, new { sections = new { marketingSpeak = new { da = "x" } } });
        var huge = await agency.Owner.PutAsJsonAsync(path, new { sections = new { purposes = AllLanguages.ToDictionary(l => l, _ => new string('x', 60_000)) } });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task TheDeclarationScriptIsServedWithTheSitesConfiguration()
    {
        var (_, siteKey) = await PublishedSiteAsync(app, DanishStudio(), DanishStudioServices());

        var response = await app.CreateClient().GetAsync($"/v1/sites/{siteKey}/declaration.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("VISITOR_INFO1_LIVE", script, StringComparison.Ordinal);
        Assert.DoesNotContain("__CONSENTCLOUD_CONFIG__", script, StringComparison.Ordinal);
    }
}
