using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Policies;

namespace ConsentCloud.Tests.Portal;

/// <summary>
/// Issue 17 in the portal: the company step takes the company's website, legal form and the contact's title; the
/// policies step takes the cookie-page sections and an effective-from date, and says which links will show as text
/// and which services contradict the text on transfers.
/// </summary>
public sealed partial class PolicyStepTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static Dictionary<string, string> Company() => new()
    {
        ["Input.DisplayName"] = "Bageriet Hansen",
        ["Input.Website"] = "www.bageriet.example",
        ["Input.LegalName"] = "Bageriet Hansen ApS",
        ["Input.Country"] = "DK",
        ["Input.RegistrationNumber"] = "10150817",
        ["Input.Street"] = "Strandvejen 12",
        ["Input.PostalCode"] = "2100",
        ["Input.City"] = "København Ø",
        ["Input.Email"] = "kontakt@bageriet.example",
        ["Input.CompanyWebsite"] = "www.bageriet.example",
        ["Input.OrganisationForm"] = "Anpartsselskab (ApS)",
        ["Input.DpoName"] = "Mette Hansen",
        ["Input.DpoEmail"] = "privatliv@bageriet.example",
        ["Input.DpoTitle"] = "Databeskyttelsesansvarlig",
    };

    private async Task<(PortalClient Client, TestAgency Agency, string Site)> NewSiteAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var client = await PortalClient.SignedInAsync(app, agency.OwnerUser);
        var created = await client.PostFormAsync($"/portal/agencies/{agency.Id}/sites/new", Company());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var site = Regex.Match(created.Headers.Location!.OriginalString, "^/portal/sites/([a-z0-9]+)/setup/").Groups[1].Value;
        return (client, agency, site);
    }

    [Fact]
    public async Task TheCompanyStepSavesTheWebsiteLegalFormAndTheContactsTitle()
    {
        var (client, agency, site) = await NewSiteAsync();

        var company = (await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}"))).GetProperty("company");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/sites/{site}/setup/company"));

        Assert.Equal("https://www.bageriet.example", company.GetProperty("website").GetString());
        Assert.Equal("Anpartsselskab (ApS)", company.GetProperty("organisationForm").GetString());
        Assert.Equal("Databeskyttelsesansvarlig", company.GetProperty("dataProtectionContact").GetProperty("title").GetString());
        Assert.Contains("value=\"Anpartsselskab (ApS)\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Databeskyttelsesansvarlig\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePoliciesStepListsDroppedLinksAndTransferWarningsAndKeepsTheEffectiveDateAndCookieSections()
    {
        var (client, agency, site) = await NewSiteAsync();
        await PolicyFixtures.SetServicesAsync(agency, site, [PolicyFixtures.Service("google-analytics", "Google Analytics 4", "Google Ireland Limited", "statistics", ("_ga", "2y", null))]);
        var path = $"/portal/sites/{site}/setup/policies";
        var effective = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var form = Form(await VersionOrEmptyAsync(client, path));
        form["Sections[purposes][da]"] = "Se [klik](javascript:alert(1)) og [fravalg](/fravalg).";
        form["Sections[transfers][da]"] = "Vi overfører ikke personoplysninger uden for EU/EØS.";
        form["Sections[webBeacons][da]"] = "Vi bruger ingen pixels.";
        form["EffectiveFrom"] = effective;

        var saved = await client.PostFormAsync(path, form, tokenFrom: path);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var html = await client.GetStringAsync(path);

        Assert.Contains("data-warning=\"transferContradiction\"", html, StringComparison.Ordinal);
        Assert.Contains("data-dropped=\"scheme\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-dropped=\"noScheme\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{effective}\"", html, StringComparison.Ordinal);
        var draft = (await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/policies/draft"))).GetProperty("draft");
        Assert.Equal(effective, draft.GetProperty("effectiveFrom").GetString());
        Assert.Equal("Vi bruger ingen pixels.", draft.GetProperty("sections").GetProperty("webBeacons").GetProperty("da").GetString());
    }

    [Fact]
    public async Task AnEffectiveDateMoreThan30DaysAheadIsShownAtItsFieldAndNothingIsSaved()
    {
        var (client, agency, site) = await NewSiteAsync();
        var path = $"/portal/sites/{site}/setup/policies";
        var form = Form(await VersionOrEmptyAsync(client, path));
        form["EffectiveFrom"] = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var response = await client.PostFormAsync(path, form, tokenFrom: path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"effective-error\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync());
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/policies/draft"));
        Assert.False(draft.GetProperty("draft").TryGetProperty("effectiveFrom", out var saved) && saved.ValueKind != JsonValueKind.Null);
    }

    private static Dictionary<string, string> Form(string version)
    {
        var form = new Dictionary<string, string> { ["Version"] = version, ["stay"] = "true" };
        foreach (var section in new[] { "purposes", "dataCollected", "recipients", "security" })
        {
            form[$"Sections[{section}][da]"] = $"Dansk tekst om {section}.";
        }

        return form;
    }

    private static async Task<string> VersionOrEmptyAsync(PortalClient client, string path)
    {
        var match = VersionField().Match(await client.GetStringAsync(path));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    [GeneratedRegex("name=\"Version\" value=\"([^\"]*)\"")]
    private static partial Regex VersionField();
}
