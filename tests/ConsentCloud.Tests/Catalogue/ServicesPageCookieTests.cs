using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Portal;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>
/// The wizard's services step (no JavaScript, through HTTP): a custom service's cookies with their purposes, an
/// unnamed cookie and an "up to" lifetime, the provider's address in parts, and a category that needs no consent.
/// </summary>
public sealed partial class ServicesPageCookieTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<(PortalClient Client, TestAgency Agency, string SiteKey, string[] Languages)> SiteAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        var client = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"));
        var languages = draft.GetProperty("config").GetProperty("texts").EnumerateObject().Select(p => p.Name).ToArray();
        return (client, agency, siteKey, languages);
    }

    private static async Task<string> VersionAsync(PortalClient client, string path)
    {
        var match = VersionField().Match(await client.GetStringAsync(path));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    private static async Task<JsonElement> DraftAsync(TestAgency agency, string siteKey) =>
        (await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"))).GetProperty("config");

    [Fact]
    public async Task ACustomServiceKeepsItsCookiesPurposesAnUnnamedCookieAndTheProvidersAddressInParts()
    {
        var (client, agency, siteKey, languages) = await SiteAsync();
        var path = $"/portal/sites/{siteKey}/setup/services";
        var form = new Dictionary<string, string>
        {
            ["Version"] = await VersionAsync(client, path), ["Custom.Id"] = "paysafe", ["Custom.Name"] = "PaySafe", ["Custom.Category"] = "preferences",
            ["Custom.ProviderName"] = "PaySafe ApS", ["Custom.ProviderStreet"] = "Nørregade 1", ["Custom.ProviderPostalCode"] = "1165",
            ["Custom.ProviderCity"] = "København K", ["Custom.ProviderCountry"] = "dk", ["Custom.PrivacyPolicyUrl"] = "https://paysafe.example/privacy",
            ["Custom.Cookies[0].Name"] = "ps_cart", ["Custom.Cookies[0].Lifetime"] = "<=2y",
            ["Custom.Cookies[1].Lifetime"] = "session",
        };
        foreach (var language in languages)
        {
            form[$"Custom.Purpose[{language}]"] = $"Betaling ({language}).";
            form[$"Custom.Cookies[0].Purpose[{language}]"] = $"Husker kurven ({language}).";
            form[$"Custom.Cookies[1].Purpose[{language}]"] = $"Opdager svindel ({language}).";
        }

        var response = await client.PostFormAsync($"{path}?handler=Custom", form, tokenFrom: path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var service = (await DraftAsync(agency, siteKey)).GetProperty("services").EnumerateArray().Single();
        Assert.Equal("PaySafe ApS", service.GetProperty("provider").GetString());
        Assert.Equal("København K", service.GetProperty("providerAddress").GetProperty("city").GetString());
        Assert.Equal("DK", service.GetProperty("providerAddress").GetProperty("country").GetString());
        var cookies = service.GetProperty("cookies").EnumerateArray().ToList();
        Assert.Equal("<=2y", cookies[0].GetProperty("lifetime").GetString());
        Assert.Equal($"Husker kurven ({languages[0]}).", cookies[0].GetProperty("purpose").GetProperty(languages[0]).GetString());
        Assert.False(cookies[1].TryGetProperty("name", out _));
        Assert.Equal($"Opdager svindel ({languages[0]}).", cookies[1].GetProperty("purpose").GetProperty(languages[0]).GetString());
    }

    [Fact]
    public async Task AnUnnamedCookieWithoutItsDescriptionIsRefusedNextToTheField()
    {
        var (client, _, siteKey, languages) = await SiteAsync();
        var path = $"/portal/sites/{siteKey}/setup/services";
        var form = new Dictionary<string, string>
        {
            ["Version"] = await VersionAsync(client, path), ["Custom.Id"] = "paysafe", ["Custom.Name"] = "PaySafe", ["Custom.Category"] = "preferences",
            ["Custom.SelfHosted"] = "true", ["Custom.Cookies[0].Lifetime"] = "session", [$"Custom.Cookies[0].Purpose[{languages[0]}]"] = "Opdager svindel.",
        };
        foreach (var language in languages)
        {
            form[$"Custom.Purpose[{language}]"] = $"Betaling ({language}).";
        }

        var response = await client.PostFormAsync($"{path}?handler=Custom", form, tokenFrom: path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches($"id=\"custom-cookie-0-purpose-{languages[^1]}-error\"[^>]*>[^<]*text is missing", html);
        Assert.Contains("value=\"Opdager svindel.\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACategoryThatNeedsNoConsentIsSavedOnlyWithItsReasonInEveryLanguageAndNeverForStatistics()
    {
        var (client, agency, siteKey, languages) = await SiteAsync();
        var path = $"/portal/sites/{siteKey}/setup/services";
        Dictionary<string, string> Form(string id, bool withReasons)
        {
            var form = new Dictionary<string, string> { ["Exempt.Id"] = id };
            foreach (var language in languages)
            {
                form[$"Exempt.Name[{language}]"] = $"Sikkerhed ({language})";
                form[$"Exempt.Description[{language}]"] = $"Beskytter mod svindel ({language}).";
                if (withReasons)
                {
                    form[$"Exempt.Reason[{language}]"] = $"Strengt nødvendigt for sikkerheden ({language}).";
                }
            }

            return form;
        }

        var statistics = await client.PostFormAsync($"{path}?handler=Exempt", new(Form("statistics", true)) { ["Version"] = await VersionAsync(client, path) }, tokenFrom: path);
        var withoutReasons = await client.PostFormAsync($"{path}?handler=Exempt", new(Form("security", false)) { ["Version"] = await VersionAsync(client, path) }, tokenFrom: path);
        var complete = await client.PostFormAsync($"{path}?handler=Exempt", new(Form("security", true)) { ["Version"] = await VersionAsync(client, path) }, tokenFrom: path);

        Assert.Equal(HttpStatusCode.BadRequest, statistics.StatusCode);
        Assert.Matches("id=\"exempt-id-error\"[^>]*>[^<]*need consent, so the category cannot be exempt", await statistics.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, withoutReasons.StatusCode);
        Assert.Matches($"id=\"exempt-reason-{languages[0]}-error\"[^>]*>[^<]*need no consent", await withoutReasons.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, complete.StatusCode);
        var config = await DraftAsync(agency, siteKey);
        var security = config.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "security");
        Assert.True(security.GetProperty("exempt").GetBoolean());
        Assert.Equal($"Strengt nødvendigt for sikkerheden ({languages[0]}).", security.GetProperty("legalReason").GetProperty(languages[0]).GetString());
        Assert.Equal($"Sikkerhed ({languages[0]})", config.GetProperty("texts").GetProperty(languages[0]).GetProperty("categories").GetProperty("security").GetProperty("name").GetString());
        Assert.DoesNotContain(config.GetProperty("categories").EnumerateArray(), c => c.GetProperty("id").GetString() == "statistics" && c.TryGetProperty("exempt", out _));
        var page = await client.GetStringAsync(path);
        Assert.Contains("<option value=\"security\">Sikkerhed", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"Version\" value=\"([^\"]*)\"")]
    private static partial Regex VersionField();
}
