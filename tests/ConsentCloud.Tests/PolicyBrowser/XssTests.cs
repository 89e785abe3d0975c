using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Policies;
using Microsoft.Playwright;
using static ConsentCloud.Tests.PolicyBrowser.PolicyBrowserPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// Issue 6, "Bad input": every tenant-supplied string is escaped where it is rendered — checked in Chromium, on the
/// hosted pages and in the declaration embed on a client's page. Every payload sets <c>window.__xss</c> (most also
/// call alert), so a payload that ran shows either way; each must instead appear as the literal text it is.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class XssTests(BrowserFixture browser, PolicyWorld world) : IClassFixture<PolicyWorld>
{
    private const string LegalName = "Evil \"><script>window.__xss=1;alert('name')</script> ApS";
    private const string Street = "Vestergade 1 <img src=x onerror=window.__xss=1;alert('street')>";

    // EmailAddressAttribute only asks for one '@' between other characters: quotes reach the mailto: link.
    private const string Email = "x\"onmouseover=\"window.__xss=1\"@evil.example";
    private const string DpoName = "' autofocus onfocus='window.__xss=1;alert(\"dpo\")' x='";
    private const string StatsName = "<img src=x onerror=window.__xss=1;alert('service')>";
    private const string StatsProvider = "\" onmouseover=\"window.__xss=1;alert('provider')\" x=\"";
    private const string StatsUrl = "https://provider.example/\"><script>window.__xss=1;alert('url')</script>";
    private const string StatsCookie = "evil'cookie";
    private const string StatsDomain = "\"><svg onload=window.__xss=1;alert('domain')>";
    private const string StatsPurpose = "<b onmouseover=window.__xss=1>Måling</b> [x](javascript:window.__xss=1)";
    private const string AdsName = "</h4><script>window.__xss=1;alert('h4')</script>";
    private const string AdsProvider = "'><iframe src=javascript:window.__xss=1;alert('iframe')></iframe>";
    private const string AdsUrl = "https://provider.example/' onmouseover='window.__xss=1";
    private const string AdsDomain = "javascript:window.__xss=1";
    private const string CategoryName = "Statistik <script>window.__xss=1</script>";
    private const string MarkdownScript = "<script>window.__xss=1;alert('markdown')</script>";

    /// <summary>Raw HTML (off in Markdig, so it must show as text), javascript:/data: links in every Markdown spelling, images.</summary>
    private const string Markdown = $"""
        {MarkdownScript}

        [click](javascript:window.__xss=1) [upper](JaVaScRiPt:window.__xss=1) [entity](javascript&#58;window.__xss=1)
        [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==) <javascript:window.__xss=1> [reference][r]
        [quote](https://example.dk/"onmouseover="window.__xss=1) [mail](mailto:dpo@example.dk) [ok](https://example.dk/ok)

        ![pixel](https://tracker.example/p.gif) ![broken](x" onerror="window.__xss=1)

        <a href="javascript:window.__xss=1">raw link</a> <img src=x onerror=window.__xss=1> <svg onload=window.__xss=1></svg>

        <iframe src="javascript:window.__xss=1"></iframe>

        [r]: javascript:window.__xss=1
        """;

    private static readonly string[] ServiceNames = [StatsName, AdsName];

    [Theory]
    [InlineData("privacy")]
    [InlineData("cookies")]
    public async Task TenantTextOnTheHostedPagesIsInertTextInChromiumEvenWithoutTheCsp(string kind)
    {
        var siteKey = await EvilSiteAsync();
        // The pages' CSP (no script-src) would stop an injected script by itself; bypassing it leaves escaping as the
        // only defence, which is what this test is about. The CSP gets its own test below.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "da-DK", BypassCSP = true });
        var page = await context.NewPageAsync();
        var dialogs = WatchDialogs(page);

        await page.GotoAsync(world.PolicyUrl(siteKey, kind, "da"));
        await Expect(page.Locator("h1")).ToBeVisibleAsync();

        if (kind == "privacy")
        {
            await Expect(page).ToHaveTitleAsync(new Regex(Regex.Escape(LegalName)));
            await Expect(page.Locator("main p > strong")).ToHaveTextAsync(LegalName);
            await Expect(page.Locator("main address").First).ToContainTextAsync(Street);
            await Expect(page.Locator("main dd a[href^='mailto:x']")).ToHaveAttributeAsync("href", "mailto:" + Email);
            await Expect(page.Locator("main dd a[href^='mailto:x']")).ToHaveTextAsync(Email);
            await Expect(page.Locator("main")).ToContainTextAsync(DpoName);
            await Expect(page.Locator("main")).ToContainTextAsync(MarkdownScript);
            await Expect(page.Locator("main a", new() { HasText = "raw link" })).ToHaveCountAsync(0);
            await Expect(page.Locator("main a[href='mailto:dpo@example.dk']")).ToHaveCountAsync(4); // one per required section
        }
        else
        {
            // The first service listed is the banner's own storage (necessary); the tenant's services follow.
            await Expect(page.Locator("main .service h4")).ToHaveTextAsync(["ConsentCloud", .. ServiceNames]);
            await Expect(page.Locator("#category-statistics")).ToHaveTextAsync(CategoryName);
            var stats = page.Locator(".service", new() { Has = page.Locator("code", new() { HasText = StatsCookie }) });
            await Expect(stats.Locator("dd").First).ToHaveTextAsync(StatsProvider);
            await Expect(stats.Locator("td").Nth(1)).ToHaveTextAsync(StatsDomain);
            await Expect(stats.Locator("dd a")).ToHaveAttributeAsync("href", StatsUrl);
            await Expect(stats.Locator("dd a")).ToHaveTextAsync(new Uri(StatsUrl).Host); // the link shows its host
            await Expect(page.Locator("main")).ToContainTextAsync(AdsProvider);
            await Expect(page.Locator("main")).ToContainTextAsync(AdsDomain);
            await Expect(stats.Locator("dd").Nth(1)).ToHaveTextAsync(StatsPurpose);
            await Expect(page.Locator($"main a[href=\"{AdsUrl}\"]")).ToHaveCountAsync(1); // the attribute round-trips whole; the text is the host
        }

        await ScreenshotAsync(page, $"xss-{kind}-da");
        Assert.Empty(await ActiveContentAsync(page, scope: null));
        Assert.False(await PayloadRanAsync(page), "A payload ran: window.__xss is set.");
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task TenantTextInTheDeclarationEmbedOnAClientsPageIsInertText()
    {
        var siteKey = await EvilSiteAsync();
        await using var context = await browser.NewContextAsync();
        // A cc_consent cookie written by someone else on the site's domain (another subdomain can set one for the
        // parent): the declaration shows it without the banner, so its fields must be text too.
        var forged = new JsonObject
        {
            ["consentId"] = "<img src=x onerror=window.__xss=1;alert('id')>",
            ["revision"] = 99,
            ["choices"] = new JsonObject { ["necessary"] = true, ["statistics"] = true, ["marketing"] = false },
            ["method"] = "custom",
            ["decidedAt"] = "\"><script>window.__xss=1</script>",
            ["expiresAt"] = "2099-01-01T00:00:00.000Z",
            ["gpc"] = false,
        };
        await context.AddCookiesAsync([new Cookie { Name = "cc_consent", Value = Uri.EscapeDataString(forged.ToJsonString()), Url = world.Site.BaseUrl }]);
        var page = await context.NewPageAsync();
        var dialogs = WatchDialogs(page);

        await page.GotoAsync(world.DeclarationPage(siteKey, withBanner: false));

        var declaration = Declaration(page);
        var stats = declaration.Locator("tr[data-service='evil-stats']");
        await Expect(stats.Locator("th")).ToHaveTextAsync(StatsName);
        await Expect(stats.Locator("td").Nth(0)).ToHaveTextAsync(StatsProvider);
        await Expect(stats.Locator("td").Nth(1)).ToHaveTextAsync(StatsPurpose);
        await Expect(stats.Locator("td").Nth(2)).ToContainTextAsync(StatsDomain);
        await Expect(stats.Locator("td").Nth(2)).ToContainTextAsync(StatsCookie);
        await Expect(stats.Locator("td a")).ToHaveAttributeAsync("href", StatsUrl);
        await Expect(stats.Locator("td a")).ToHaveTextAsync("provider.example");
        var ads = declaration.Locator("tr[data-service='evil-ads']");
        await Expect(ads.Locator("th")).ToHaveTextAsync(AdsName);
        await Expect(ads.Locator("td").Nth(0)).ToHaveTextAsync(AdsProvider);
        await Expect(ads.Locator("td").Nth(2)).ToContainTextAsync(AdsDomain);
        await Expect(ads.Locator("td a")).ToHaveAttributeAsync("href", AdsUrl);
        await Expect(declaration.Locator("[data-category='statistics'] h2")).ToHaveTextAsync(CategoryName);
        await Expect(declaration.Locator(".ccd-id")).ToHaveTextAsync((string)forged["consentId"]!);
        await Expect(declaration.Locator(".ccd-at time")).ToHaveAttributeAsync("datetime", (string)forged["decidedAt"]!);

        await BrowserFixture.ScreenshotAsync(page, "policy-xss-declaration-da");
        Assert.Empty(await ActiveContentAsync(page, "#consentcloud-declaration", world.DeclarationScriptUrl(siteKey)));
        Assert.False(await PayloadRanAsync(page), "A payload ran: window.__xss is set.");
        Assert.Empty(dialogs);
    }

    [Theory]
    [InlineData("privacy?lang=da")]
    [InlineData("cookies?lang=en")]
    [InlineData("cookies/v/1?lang=da")]
    [InlineData("terms")] // the 404 page
    public async Task TheContentSecurityPolicyBlocksAnInlineScriptAndAnInlineHandler(string path)
    {
        var siteKey = await world.DanishStudioAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"{world.App.BaseUrl}/p/{siteKey}/{path}");

        var csp = await response!.HeaderValueAsync("content-security-policy");
        Assert.NotNull(csp);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-", csp, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script").CountAsync());

        // What an injection would amount to: an inline <script> and an inline event handler, added to the live page.
        // Playwright's evaluate itself is not subject to the page's CSP; what it adds is. Resolves once both are refused.
        var violations = await page.EvaluateAsync<string[]>("""
            () => new Promise(resolve => {
              const seen = [];
              document.addEventListener("securitypolicyviolation", e => {
                seen.push(e.effectiveDirective + " " + e.blockedURI);
                if (seen.length == 2) resolve(seen);
              });
              setTimeout(() => resolve(seen), 5000);
              const script = document.createElement("script");
              script.textContent = "window.__xss = 1";
              document.body.append(script);
              const div = document.createElement("div");
              div.setAttribute("onclick", "window.__xss = 2");
              document.body.append(div);
              div.click();
            })
            """);

        Assert.Contains("script-src-elem inline", violations);
        Assert.Contains("script-src-attr inline", violations);
        Assert.False(await PayloadRanAsync(page), "An inline script ran despite the CSP.");
    }

    /// <summary>Studio Lys with a payload in every field an agency fills in, both policies published; once per class.</summary>
    private Task<string> EvilSiteAsync() => world.Once("evil", CreateEvilSiteAsync);

    private async Task<string> CreateEvilSiteAsync()
    {
        var site = PolicyFixtures.DanishStudio();
        var company = (Dictionary<string, object?>)site["company"]!;
        company["legalName"] = LegalName;
        company["address"] = new { street = Street, postalCode = "1620", city = "København V" };
        company["email"] = Email;
        company["dataProtectionContact"] = new { name = DpoName, email = "dpo@studiolys.example" };
        var app = world.App;
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, site);

        var stats = PolicyFixtures.Service("evil-stats", StatsName, StatsProvider, "statistics", (StatsCookie, "1d", StatsDomain));
        stats["privacyPolicyUrl"] = StatsUrl;
        stats["purpose"] = new JsonObject(PolicyFixtures.AllLanguages.Select(l => KeyValuePair.Create(l, (JsonNode?)JsonValue.Create(StatsPurpose))));
        var ads = PolicyFixtures.Service("evil-ads", AdsName, AdsProvider, "marketing", ("_ad", "session", AdsDomain));
        ads["privacyPolicyUrl"] = AdsUrl;
        var draftPath = agency.Path($"/sites/{siteKey}/banner/draft");
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(draftPath))!["config"]!.AsObject();
        draft["services"] = new JsonArray(stats, ads);
        draft["texts"]!["da"]!["categories"]!["statistics"]!["name"] = CategoryName;
        var saved = await agency.Owner.PutAsJsonAsync(draftPath, draft);
        Assert.True(saved.IsSuccessStatusCode, $"Saving the banner draft failed: {await saved.Content.ReadAsStringAsync()}");

        var sections = PolicyFixtures.AllLanguages.ToDictionary(l => l, _ => Markdown);
        var policies = await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/policies/draft"),
            new { sections = new { purposes = sections, dataCollected = sections, recipients = sections, security = sections } });
        Assert.True(policies.IsSuccessStatusCode, $"Saving the policy sections failed: {await policies.Content.ReadAsStringAsync()}");
        await app.PublishAsync(agency, siteKey);
        return siteKey;
    }
}
