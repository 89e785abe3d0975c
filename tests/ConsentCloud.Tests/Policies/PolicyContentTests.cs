using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Policies.Texts;
using static ConsentCloud.Tests.Policies.PolicyFixtures;

namespace ConsentCloud.Tests.Policies;

/// <summary>
/// Issue 17: what five real Nordic clients could not express or got rendered wrong on their hosted policies —
/// earlier versions' dates, dropped links, the contact's phone, heading levels, company facts, retention and
/// cookie-page sections, an agency-chosen effective date, and transfers that contradict the policy text.
/// </summary>
public sealed partial class PolicyContentTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("da")]
    [InlineData("sv")]
    [InlineData("en")]
    public async Task AnEarlierVersionNamesTheDayItWasPublished(string language)
    {
        var site = DanishStudio();
        var (agency, siteKey) = await PublishedSiteAsync(app, site, DanishStudioServices());
        var firstPublished = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromDays(9));
        await SaveSectionsAsync(agency, siteKey, WithSection(SectionTexts("Studio Lys ApS"), "other", "Changed later."));
        await SetServicesAsync(agency, siteKey, DanishStudioServices()[..2]);
        await app.PublishAsync(agency, siteKey);
        var client = app.CreateClient();

        var culture = PolicyTexts.Culture(language);
        var expected = firstPublished.ToString(PolicyRenderer.LongDate(culture), culture);
        foreach (var kind in new[] { "privacy", "cookies" })
        {
            var html = await client.GetStringAsync($"/p/{siteKey}/{kind}/v/1?lang={language}");
            var notice = Regex.Match(html, "<p class=\"notice\"[^>]*>(.*?)</p>").Groups[1].Value;
            Assert.Contains(expected, notice, StringComparison.Ordinal);
            Assert.DoesNotContain("0001", notice, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DroppedLinksAndImagesShowTheirTextOnceAndTheAnswerSaysWhichAndWhy()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        const string markdown = """
            Se [fravalgsside](fravalg) og [kontaktside](/kontakt?x=1#form) eller [webside](www.studiolys.example/om).
            ![Logo](https://cdn.example/logo.png) [klik](javascript:alert(1)) [dataside](data:text/html,hi) <javascript:alert(2)>
            [Ring](tel:+4533123456) [skriv](mailto:dpo@studiolys.example) [ekstern](https://example.dk/a)
            """;
        var sections = WithSection(SectionTexts("Studio Lys ApS"), "purposes", markdown);

        var saved = await SaveSectionsAsync(agency, siteKey, sections);
        await app.PublishAsync(agency, siteKey);
        var html = await app.CreateClient().GetStringAsync($"/p/{siteKey}/privacy?lang=da");

        Assert.Contains("<a href=\"https://studiolys.example/fravalg\">fravalgsside</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://studiolys.example/kontakt?x=1#form\">kontaktside</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"tel:+4533123456\">Ring</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:dpo@studiolys.example\">skriv</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.dk/a\">ekstern</a>", html, StringComparison.Ordinal);
        foreach (var text in new[] { "webside", "Logo", "klik", "dataside" })
        {
            Assert.Single(Regex.Matches(html, $@"(?<![\w]){text}(?![\w])"));
            Assert.DoesNotContain(text + text, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("href=\"www.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        var dropped = saved.GetProperty("droppedLinks").EnumerateArray()
            .Where(d => d.GetProperty("path").GetString() == "sections.purposes.da")
            .ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("reason").GetString()!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["webside"] = "noScheme",
            ["Logo"] = "image",
            ["klik"] = "scheme",
            ["dataside"] = "scheme",
            ["javascript:alert(2)"] = "scheme",
        }, dropped);
        Assert.All(saved.GetProperty("droppedLinks").EnumerateArray(), d => Assert.False(string.IsNullOrEmpty(d.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task TheDataProtectionContactsPhoneAndTitleAreShown()
    {
        var site = DanishStudio();
        Company(site)["dataProtectionContact"] = new { name = "Kim Berg", email = "dpo@studiolys.example", phone = "+45 70 10 20 30", title = "Databeskyttelsesrådgiver" };

        var (agency, siteKey) = await PublishedSiteAsync(app, site, []);

        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/p/{siteKey}/privacy?lang=da"));
        var dpo = html[html.IndexOf(PolicyTexts.Get("da", "dpo.heading"), StringComparison.Ordinal)..];
        Assert.Contains("+45 70 10 20 30", dpo, StringComparison.Ordinal);
        Assert.Contains("Databeskyttelsesrådgiver", dpo, StringComparison.Ordinal);
        var echoed = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"));
        Assert.Equal("Databeskyttelsesrådgiver", echoed.GetProperty("company").GetProperty("dataProtectionContact").GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheCompanysWebsiteAndOrganisationFormAndTheAuthoritysPhoneAreShownInEveryLanguage()
    {
        var site = DanishStudio();
        Company(site)["website"] = "https://www.studiolys.example/";
        Company(site)["organisationForm"] = "Anpartsselskab (ApS)";

        var (agency, siteKey) = await PublishedSiteAsync(app, site, []);

        foreach (var language in AllLanguages)
        {
            var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/p/{siteKey}/privacy?lang={language}"));
            Assert.Contains("<a href=\"https://www.studiolys.example/\">www.studiolys.example</a>", html, StringComparison.Ordinal);
            Assert.Contains("Anpartsselskab (ApS)", html, StringComparison.Ordinal);
            Assert.Contains(PolicyTexts.Get(language, "controller.website"), html, StringComparison.Ordinal);
            Assert.Contains(PolicyTexts.Get(language, "controller.organisationForm"), html, StringComparison.Ordinal);
            var authority = html[html.IndexOf("id=\"authority\"", StringComparison.Ordinal)..];
            Assert.Contains("<a href=\"tel:+4533193200\">+45 33 19 32 00</a>", authority, StringComparison.Ordinal);
        }

        var echoed = (await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"))).GetProperty("company");
        Assert.Equal("https://www.studiolys.example/", echoed.GetProperty("website").GetString());
        Assert.Equal("Anpartsselskab (ApS)", echoed.GetProperty("organisationForm").GetString());
    }

    [Theory]
    [InlineData("NO", "+47 22 39 69 00")]
    [InlineData("SE", "+46 8 657 61 00")]
    [InlineData("FI", "+358 29 566 6700")]
    public async Task EachNordicAuthorityShowsItsPhone(string country, string phone)
    {
        var site = country switch { "NO" => NorwegianAgency(), "SE" => SwedishSoftware(), _ => FinnishShop() };
        var (_, siteKey) = await PublishedSiteAsync(app, site, []);

        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/p/{siteKey}/privacy?lang=en"));

        Assert.Contains($">{phone}</a>", html[html.IndexOf("id=\"authority\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://www.studiolys.example")]
    [InlineData("www.studiolys.example")]
    [InlineData("javascript:alert(1)")]
    public async Task ACompanyWebsiteThatIsNotAnHttpsAddressIsRefused(string website)
    {
        var agency = await app.CreateAgencyAsync();
        var site = DanishStudio();
        Company(site)["website"] = website;

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), site);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Company.Website", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MarkdownHeadingsNestBelowTheSectionHeadingWithoutSkippingALevel()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        const string markdown = "### Nyhedsbrev\n\nTekst.\n\n##### Afmelding\n\nTekst.\n\n###### Detaljer\n\nTekst.\n\n# Kundeservice\n\n## Telefon\n\nTekst.";
        await SaveSectionsAsync(agency, siteKey, WithSection(SectionTexts("Studio Lys ApS"), "purposes", markdown));
        await app.PublishAsync(agency, siteKey);

        var html = await app.CreateClient().GetStringAsync($"/p/{siteKey}/privacy?lang=da");

        Assert.Contains("<h3>Nyhedsbrev</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h4>Afmelding</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<h5>Detaljer</h5>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>Kundeservice</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h4>Telefon</h4>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRetentionSectionIsAcceptedAndShownInPageOrder()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        var sections = SectionTexts("Studio Lys ApS");
        sections["retention"] = AllLanguages.ToDictionary(l => l, l => $"Ordrer gemmes i 5 år ({l}).");

        await SaveSectionsAsync(agency, siteKey, sections);
        await app.PublishAsync(agency, siteKey);

        foreach (var language in AllLanguages)
        {
            var html = await app.CreateClient().GetStringAsync($"/p/{siteKey}/privacy?lang={language}");
            Assert.Contains($"<h2 id=\"retention\">{PolicyRenderer.E(PolicyTexts.Get(language, "section.retention"))}</h2>", html, StringComparison.Ordinal);
            Assert.Contains($"Ordrer gemmes i 5 år ({language}).", html, StringComparison.Ordinal);
            Assert.True(html.IndexOf("id=\"recipients\"", StringComparison.Ordinal) < html.IndexOf("id=\"retention\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheCookiePolicyShowsTheAgencysOwnCookieSections()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        var sections = SectionTexts("Studio Lys ApS");
        foreach (var id in new[] { "cookieKinds", "webBeacons", "deletingCookies" })
        {
            sections[id] = AllLanguages.ToDictionary(l => l, l => $"Agency text {id} ({l}).");
        }

        await SaveSectionsAsync(agency, siteKey, sections);
        await app.PublishAsync(agency, siteKey);
        var client = app.CreateClient();

        foreach (var language in AllLanguages)
        {
            var cookies = await client.GetStringAsync($"/p/{siteKey}/cookies?lang={language}");
            var privacy = await client.GetStringAsync($"/p/{siteKey}/privacy?lang={language}");
            foreach (var id in new[] { "cookieKinds", "webBeacons", "deletingCookies" })
            {
                Assert.Contains($"<h2 id=\"{id}\">{PolicyRenderer.E(PolicyTexts.Get(language, "section." + id))}</h2>", cookies, StringComparison.Ordinal);
                Assert.Contains($"Agency text {id} ({language}).", cookies, StringComparison.Ordinal);
                Assert.DoesNotContain($"Agency text {id}", privacy, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ACookieSectionWrittenInSomeLanguagesIsAWarningNotABlock()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        var sections = SectionTexts("Studio Lys ApS");
        sections["webBeacons"] = new() { ["da"] = "Vi bruger ingen pixels." };

        var saved = await SaveSectionsAsync(agency, siteKey, sections);
        await app.PublishAsync(agency, siteKey);

        Assert.True(saved.GetProperty("publishable").GetBoolean());
        Assert.Equal(
            AllLanguages.Where(l => l != "da").Select(l => $"sections.webBeacons.{l}").Order(),
            saved.GetProperty("warnings").EnumerateArray().Where(w => w.GetProperty("code").GetString() == "partialSection").Select(w => w.GetProperty("path").GetString()!).Order());
        Assert.Contains("Vi bruger ingen pixels.", await app.CreateClient().GetStringAsync($"/p/{siteKey}/cookies?lang=da"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"webBeacons\"", await app.CreateClient().GetStringAsync($"/p/{siteKey}/cookies?lang=en"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEffectiveFromDateIsShownInEveryLanguageAndKeptPerVersion()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app, DanishStudio(), []);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var chosen = today.AddDays(14);
        await SaveSectionsAsync(agency, siteKey, WithSection(SectionTexts("Studio Lys ApS"), "other", "Ny tekst."));

        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new { effectiveFrom = chosen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        var client = app.CreateClient();
        foreach (var language in AllLanguages)
        {
            var culture = PolicyTexts.Culture(language);
            var current = await client.GetStringAsync($"/p/{siteKey}/privacy?lang={language}");
            var first = await client.GetStringAsync($"/p/{siteKey}/privacy/v/1?lang={language}");
            Assert.Contains(PolicyRenderer.E(PolicyTexts.Format(language, "page.effectiveFrom", ("date", chosen.ToString(PolicyRenderer.LongDate(culture), culture)))), current, StringComparison.Ordinal);
            Assert.Contains(PolicyRenderer.E(PolicyTexts.Format(language, "page.effectiveFrom", ("date", today.ToString(PolicyRenderer.LongDate(culture), culture)))), first, StringComparison.Ordinal);
        }

        var versions = await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path($"/sites/{siteKey}/policies/versions"));
        var privacy = versions!.Where(v => v.GetProperty("kind").GetString() == "privacy").ToDictionary(v => v.GetProperty("number").GetInt32(), v => v.GetProperty("effectiveFrom").GetString());
        Assert.Equal(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), privacy[1]);
        Assert.Equal(chosen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), privacy[2]);
    }

    [Fact]
    public async Task AnEffectiveFromMoreThan30DaysAheadIsRefusedNamingTheField()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app, DanishStudio(), []);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

        var tooLate = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new { effectiveFrom = today.AddDays(31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var inDraft = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), new { sections = SectionTexts("Studio Lys ApS"), effectiveFrom = today.AddDays(45).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var lastDay = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new { effectiveFrom = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

        foreach (var refused in new[] { tooLate, inDraft })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("effectiveFrom", out _));
        }

        Assert.Equal(HttpStatusCode.OK, lastDay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/policies/publish"), null)).StatusCode);
        var garbled = await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new StringContent("{\"effectiveFrom\":\"next week\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Equal("application/problem+json", garbled.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AServiceThatTransfersOutsideTheEeaIsWarnedAboutWhenTheSectionsSayDataStaysInside()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        await SetServicesAsync(agency, siteKey, [Service("google-analytics", "Google Analytics 4", "Google Ireland Limited", "statistics", ("_ga", "2y", null))]);
        var sections = WithSection(SectionTexts("Studio Lys ApS"), "transfers", "Vi overfører ikke personoplysninger til lande uden for EU/EØS.");

        var saved = await SaveSectionsAsync(agency, siteKey, sections);
        await app.PublishAsync(agency, siteKey);
        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/publish"), new { });

        var warning = Assert.Single(saved.GetProperty("warnings").EnumerateArray());
        Assert.Equal("transferContradiction", warning.GetProperty("code").GetString());
        Assert.Equal("sections.transfers.da", warning.GetProperty("path").GetString());
        Assert.Contains("Google Analytics 4", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Contains((await publish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "transferContradiction");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/p/{siteKey}/privacy?lang=da")).StatusCode);
    }

    [Fact]
    public async Task NoTransferWarningWhenTheSectionsAdmitTheTransferOrNoServiceTransfers()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        await SetServicesAsync(agency, siteKey, [Service("google-analytics", "Google Analytics 4", "Google Ireland Limited", "statistics", ("_ga", "2y", null))]);
        var admitted = await SaveSectionsAsync(agency, siteKey, WithSection(SectionTexts("Studio Lys ApS"), "transfers", "Google Analytics overfører oplysninger til USA."));
        await SetServicesAsync(agency, siteKey, [Service("matomo-own", "Matomo", "Studio Lys ApS", "statistics", ("_pk_id", "13mo", null))]);
        var none = await SaveSectionsAsync(agency, siteKey, WithSection(SectionTexts("Studio Lys ApS"), "transfers", "Vi overfører ikke personoplysninger til lande uden for EU/EØS."));

        Assert.Empty(admitted.GetProperty("warnings").EnumerateArray());
        Assert.Empty(none.GetProperty("warnings").EnumerateArray());
    }

    [Theory]
    [InlineData("https://example.dk/a", "https://example.dk/a", null)]
    [InlineData("mailto:dpo@example.dk", "mailto:dpo@example.dk", null)]
    [InlineData("tel:+4533123456", "tel:+4533123456", null)]
    [InlineData("/fravalg?x=1#y", "https://studiolys.example/fravalg?x=1#y", null)]
    [InlineData("om/privatliv.html", "https://studiolys.example/om/privatliv.html", null)]
    [InlineData("../../etc", "https://studiolys.example/etc", null)]
    [InlineData("#rights", "#rights", null)]
    [InlineData("www.example.dk/x", null, "noScheme")]
    [InlineData("example.dk", null, "noScheme")]
    [InlineData("//evil.example/x", null, "noScheme")]
    [InlineData("javascript:alert(1)", null, "scheme")]
    [InlineData("JavaScript:alert(1)", null, "scheme")]
    [InlineData("data:text/html,x", null, "scheme")]
    [InlineData("file:///etc/passwd", null, "scheme")]
    [InlineData("https://", null, "scheme")]
    [InlineData(" ", null, "empty")]
    public void LinkTargetsFollowTheDocumentedRule(string url, string? href, string? reason)
    {
        var target = PolicyLinks.Resolve(url, "studiolys.example");

        Assert.Equal(href, target.Href);
        Assert.Equal(reason, target.Reason);
    }

    private static Dictionary<string, object?> Company(Dictionary<string, object?> site) => (Dictionary<string, object?>)site["company"]!;

    private static Dictionary<string, Dictionary<string, string>> WithSection(Dictionary<string, Dictionary<string, string>> sections, string id, string markdown)
    {
        sections[id] = AllLanguages.ToDictionary(l => l, _ => markdown);
        return sections;
    }

    private static async Task<JsonElement> SaveSectionsAsync(TestAgency agency, string siteKey, Dictionary<string, Dictionary<string, string>> sections)
    {
        var response = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"), new { sections });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
