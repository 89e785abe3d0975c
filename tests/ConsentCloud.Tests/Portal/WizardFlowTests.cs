using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// The onboarding wizard through HTTP, as a browser without JavaScript uses it: every step saves through the same
/// services and rules as the API, keeps the user's input on an error, refuses a stale version, and can be resumed.
/// </summary>
public sealed partial class WizardFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static Dictionary<string, string> Company(string registration = "10150817", string website = "www.bageriet.example") => new()
    {
        ["Input.DisplayName"] = "Bageriet Hansen",
        ["Input.Website"] = website,
        ["Input.LegalName"] = "Bageriet Hansen ApS",
        ["Input.Country"] = "DK",
        ["Input.RegistrationNumber"] = registration,
        ["Input.Street"] = "Strandvejen 12",
        ["Input.PostalCode"] = "2100",
        ["Input.City"] = "København Ø",
        ["Input.Email"] = "kontakt@bageriet.example",
        ["Input.Phone"] = "+45 33 12 34 56",
    };

    private async Task<(PortalClient Client, TestAgency Agency)> OwnerAsync()
    {
        var agency = await app.CreateAgencyAsync();
        return (await PortalClient.SignedInAsync(app, agency.OwnerUser), agency);
    }

    private static async Task<string> NewSiteAsync(PortalClient client, TestAgency agency)
    {
        var created = await client.PostFormAsync($"/portal/agencies/{agency.Id}/sites/new", Company());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var match = Regex.Match(created.Headers.Location!.OriginalString, "^/portal/sites/([a-z0-9]+)/setup/domains$");
        Assert.True(match.Success, created.Headers.Location!.OriginalString);
        return match.Groups[1].Value;
    }

    private static async Task<string> VersionAsync(PortalClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = VersionField().Match(html);
        Assert.True(match.Success, $"No version field on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task AnInvalidCvrKeepsEverythingTypedAndSaysWhatIsWrongNextToTheField()
    {
        var (client, agency) = await OwnerAsync();

        var response = await client.PostFormAsync($"/portal/agencies/{agency.Id}/sites/new", Company(registration: "10150818"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("value=\"Bageriet Hansen ApS\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"10150818\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Strandvejen 12\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"registration-error\"[^>]*>[^<]*CVR", html);
        Assert.Empty(await SitesAsync(agency));
    }

    [Fact]
    public async Task AnInvalidWebsiteIsShownAtItsFieldWithTheInputKept()
    {
        var (client, agency) = await OwnerAsync();

        var response = await client.PostFormAsync($"/portal/agencies/{agency.Id}/sites/new", Company(website: "not a host"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"website-error\"[^>]*>[^<]+<", html);
        Assert.Contains("value=\"not a host\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidEmailIsShownAtItsField()
    {
        var (client, agency) = await OwnerAsync();
        var form = Company();
        form["Input.Email"] = "nope";

        var response = await client.PostFormAsync($"/portal/agencies/{agency.Id}/sites/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"email-error\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWholeOnboardingPublishesTheBannerWithTheChosenServicesAndShowsTheSnippet()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var setup = $"/portal/sites/{site}/setup";

        // 2. Domains, with a wildcard.
        var domains = await client.PostFormAsync($"{setup}/domains", new() { ["Version"] = await VersionAsync(client, $"{setup}/domains"), ["Input.Domains"] = "www.bageriet.example\n*.shop.bageriet.example" });
        Assert.Equal($"{setup}/languages", domains.Headers.Location!.OriginalString);

        // 3. Danish and English, Danish first.
        var languages = await client.Http.PostAsync($"{setup}/languages", new FormUrlEncodedContent([
            new("Version", await VersionAsync(client, $"{setup}/languages")), new("Input.Languages", "da"), new("Input.Languages", "en"),
            new("Input.DefaultLanguage", "da"), new("__RequestVerificationToken", await client.AntiforgeryTokenAsync($"{setup}/languages"))]));
        Assert.Equal($"{setup}/services", languages.Headers.Location!.OriginalString);

        // 4. Google Analytics 4 and YouTube from the catalogue (search narrows the list; the boxes are a plain form).
        var search = await client.GetStringAsync($"{setup}/services?search=youtube");
        Assert.Contains("value=\"youtube\"", search, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"hotjar\"", search, StringComparison.Ordinal);
        var services = await client.Http.PostAsync($"{setup}/services?handler=Pick", new FormUrlEncodedContent([
            new("Version", await VersionAsync(client, $"{setup}/services")), new("Shown", "google-analytics"), new("Shown", "youtube"), new("Shown", "hotjar"),
            new("Selected", "google-analytics"), new("Selected", "youtube"), new("__RequestVerificationToken", await client.AntiforgeryTokenAsync($"{setup}/services"))]));
        Assert.Equal($"{setup}/banner", services.Headers.Location!.OriginalString);
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.Equal(["google-analytics", "youtube"], draft.GetProperty("config").GetProperty("services").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order());

        // 5. The banner: a bar, the default texts in both languages; the preview serves the draft.
        var bannerForm = await BannerFormAsync(client, $"{setup}/banner");
        bannerForm["Look.Layout"] = "Bar";
        bannerForm["Look.Position"] = "Bottom";
        bannerForm["Texts[da].Title"] = "Vi bruger cookies";
        var banner = await client.PostFormAsync($"{setup}/banner", bannerForm, tokenFrom: $"{setup}/banner");
        Assert.Equal($"{setup}/policies", banner.Headers.Location!.OriginalString);
        var preview = await client.GetAsync($"{setup}/preview?layout=bar&lang=da");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("\"preview\":true", previewHtml, StringComparison.Ordinal);
        Assert.Contains("Vi bruger cookies", previewHtml, StringComparison.Ordinal);
        Assert.Contains("YouTube", previewHtml, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"da\">", previewHtml, StringComparison.Ordinal);

        // 6. The required policy sections in both languages.
        var policyForm = new Dictionary<string, string> { ["Version"] = await VersionOrEmptyAsync(client, $"{setup}/policies") };
        foreach (var section in new[] { "purposes", "dataCollected", "recipients", "security" })
        {
            policyForm[$"Sections[{section}][da]"] = $"Dansk tekst om {section}.";
            policyForm[$"Sections[{section}][en]"] = $"English text about {section}.";
        }

        var policies = await client.PostFormAsync($"{setup}/policies", policyForm, tokenFrom: $"{setup}/policies");
        Assert.Equal($"{setup}/publish", policies.Headers.Location!.OriginalString);
        var privacyPreview = await client.GetStringAsync($"{setup}/policies/preview?kind=privacy&lang=en");
        Assert.Contains("English text about purposes.", privacyPreview, StringComparison.Ordinal);

        // 7. Publish: the same service as the API; the snippet, the policies and the checklist.
        var published = await client.PostFormAsync($"{setup}/publish", new(), tokenFrom: $"{setup}/publish");
        Assert.Equal($"{setup}/publish?published=1", published.Headers.Location!.OriginalString);
        var done = await client.GetStringAsync(published.Headers.Location!.OriginalString);
        Assert.Contains($"&lt;script src=&quot;https://localhost/v1/sites/{site}/banner.js&quot;&gt;&lt;/script&gt;", done, StringComparison.Ordinal);
        Assert.Contains($"/p/{site}/privacy", done, StringComparison.Ordinal);
        Assert.Contains("data-category=&quot;statistics&quot;", done, StringComparison.Ordinal);
        Assert.Contains("gtag(&#x27;consent&#x27;, &#x27;default&#x27;", done, StringComparison.Ordinal);

        var script = await app.CreateClient().GetStringAsync($"/v1/sites/{site}/banner.js");
        Assert.Contains("\"youtube\"", script, StringComparison.Ordinal);
        Assert.Contains("Vi bruger cookies", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/p/{site}/privacy?lang=da")).StatusCode);

        // Every step is done: "continue setup" lands on the publish step.
        Assert.Equal($"{setup}/publish", (await client.GetAsync(setup)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheWizardResumesAtTheFirstStepNotDone()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);

        var resume = await client.GetAsync($"/portal/sites/{site}/setup");

        Assert.Equal($"/portal/sites/{site}/setup/domains", resume.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ABannerSavedOverAStaleVersionIsRefusedWithTheInputKept()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/banner";
        var form = await BannerFormAsync(client, path);
        var first = new Dictionary<string, string>(form) { ["Texts[da].Title"] = "Første" };
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(path, first, tokenFrom: path)).StatusCode);

        var stale = new Dictionary<string, string>(form) { ["Texts[da].Title"] = "Anden udgave" };
        var response = await client.PostFormAsync(path, stale, tokenFrom: path);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Anden udgave\"", html, StringComparison.Ordinal);
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.Equal("Første", draft.GetProperty("config").GetProperty("texts").GetProperty("da").GetProperty("title").GetString());
    }

    [Fact]
    public async Task UnequalAcceptAndRejectButtonsAreSavedButFlaggedAndBlockPublishing()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/banner";
        var form = await BannerFormAsync(client, path);
        form["Look.RejectButton.Background"] = "#ffffff";
        form["Look.RejectButton.Text"] = "#767676";

        var saved = await client.PostFormAsync(path, new Dictionary<string, string>(form) { ["stay"] = "true" }, tokenFrom: path);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var html = await client.GetStringAsync(path);
        Assert.Matches("id=\"look-rejectButton-problem\">[^<]*must look exactly like accept all", html);
        var publish = await client.GetStringAsync($"/portal/sites/{site}/setup/publish");
        Assert.Contains("The banner cannot be published yet", publish, StringComparison.Ordinal);
        Assert.Matches("<button type=\"submit\" class=\"button primary\" disabled", publish);
    }

    [Fact]
    public async Task ABannerTextOverItsLimitIsRefusedAtTheField()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/banner";
        var form = await BannerFormAsync(client, path);
        form["Texts[da].AcceptAll"] = new string('x', 51);

        var response = await client.PostFormAsync(path, form, tokenFrom: path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"texts-da-acceptall-error\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ACustomServiceWithoutAProviderIsRefusedWithItsFieldsKept()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/services";

        var response = await client.PostFormAsync($"{path}?handler=Custom", new()
        {
            ["Version"] = await VersionAsync(client, path), ["Custom.Id"] = "booking", ["Custom.Name"] = "Booking widget", ["Custom.Category"] = "preferences",
            ["Custom.Purpose[da]"] = "Booking af bord.", ["Custom.Cookies[0].Name"] = "bk_session", ["Custom.Cookies[0].Lifetime"] = "forever",
        }, tokenFrom: path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"custom-provider-error\"[^>]*>[^<]*needs a provider", html);
        Assert.Contains("value=\"Booking widget\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"forever\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBannerPreviewRunsOnlyItsOwnScriptAndOnlyInThePortal()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);

        var response = await client.GetAsync($"/portal/sites/{site}/setup/preview?layout=modal&lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'$", csp);
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"layout\":\"modal\"", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<script"));

        var wizard = await client.GetAsync($"/portal/sites/{site}/setup/banner");
        Assert.Contains("frame-src 'self'", wizard.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("sandbox=\"allow-scripts\"", await wizard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServicesStepTurnsAutomaticBlockingOnInTheDraftAndRefusesAStaleVersion()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/services";
        var stale = await VersionOrEmptyAsync(client, path);
        Assert.Contains("Turn automatic blocking on", await (await client.GetAsync(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var on = await client.PostFormAsync($"{path}?handler=AutoBlocking", new() { ["Version"] = stale, ["on"] = "true" }, tokenFrom: path);

        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.True(draft.GetProperty("config").GetProperty("autoBlocking").GetBoolean());
        Assert.Contains("Turn automatic blocking off", await (await client.GetAsync(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The version the first form was loaded with is gone: turning it off from that form is a conflict, not a save.
        var conflict = await client.PostFormAsync($"{path}?handler=AutoBlocking", new() { ["Version"] = stale, ["on"] = "false" }, tokenFrom: path);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.True(draft.GetProperty("config").GetProperty("autoBlocking").GetBoolean());
    }

    private static async Task<string> VersionOrEmptyAsync(PortalClient client, string path)
    {
        var match = VersionField().Match(await client.GetStringAsync(path));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    /// <summary>The banner step's form as the page renders it (every input, select and textarea with its value).</summary>
    private static async Task<Dictionary<string, string>> BannerFormAsync(PortalClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var form = html[html.IndexOf("class=\"wizard-form banner-form\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>();
        foreach (Match input in Regex.Matches(form, "<input[^>]*>"))
        {
            var name = Regex.Match(input.Value, "name=\"([^\"]+)\"");
            var value = Regex.Match(input.Value, "value=\"([^\"]*)\"");
            if (name.Success && name.Groups[1].Value != "__RequestVerificationToken")
            {
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }

        foreach (Match area in Regex.Matches(form, "<textarea[^>]*name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>"))
        {
            fields[WebUtility.HtmlDecode(area.Groups[1].Value)] = WebUtility.HtmlDecode(area.Groups[2].Value).TrimStart('\n');
        }

        foreach (Match select in Regex.Matches(form, "<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
        {
            var selected = Regex.Match(select.Groups[2].Value, "<option selected=\"selected\" value=\"([^\"]*)\"|<option value=\"([^\"]*)\" selected");
            var first = Regex.Match(select.Groups[2].Value, "value=\"([^\"]*)\"");
            fields[select.Groups[1].Value] = selected.Success ? selected.Groups[1].Value + selected.Groups[2].Value : first.Groups[1].Value;
        }

        return fields;
    }

    private async Task<JsonElement[]> SitesAsync(TestAgency agency) =>
        (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/sites")))!;

    [GeneratedRegex("name=\"Version\" value=\"([^\"]*)\"")]
    private static partial Regex VersionField();
}
