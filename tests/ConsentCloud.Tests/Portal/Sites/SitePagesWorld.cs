using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using System.Net.Http.Json;

namespace ConsentCloud.Tests.Portal.Sites;

/// <summary>
/// One agency A with two sites (A1 published, A2 a draft), its Owner, an Admin, a Member assigned to A1 only, a
/// Client viewer of A1 and one of A2, and the Owner of another agency B: each signed in to the portal.
/// </summary>
public sealed record SitePagesWorld(
    TestAgency A, string SiteA1, string SiteA2, TestAgency B,
    PortalClient Owner, PortalClient Admin, PortalClient Member, PortalClient ViewerOfA1, PortalClient ViewerOfA2, PortalClient OwnerOfB, PortalClient Anonymous)
{
    public static async Task<SitePagesWorld> BuildAsync(PortalApp app)
    {
        var a = await app.CreateAgencyAsync("Agency A");
        var siteA1 = await app.CreateSiteAsync(a, TestApp.SampleSite("Site One"));
        var siteA2 = await app.CreateSiteAsync(a, TestApp.SampleSite("Site Two"));
        await app.PublishAsync(a, siteA1);
        var admin = await app.AddMemberAsync(a, "Admin");
        var member = await app.AddMemberAsync(a, "Member", siteA1);
        var viewerOfA1 = await app.AddMemberAsync(a, "ClientViewer", siteA1);
        var viewerOfA2 = await app.AddMemberAsync(a, "ClientViewer", siteA2);
        var b = await app.CreateAgencyAsync("Agency B");
        return new SitePagesWorld(a, siteA1, siteA2, b,
            await PortalClient.SignedInAsync(app, a.OwnerUser),
            await PortalClient.SignedInAsync(app, admin),
            await PortalClient.SignedInAsync(app, member),
            await PortalClient.SignedInAsync(app, viewerOfA1),
            await PortalClient.SignedInAsync(app, viewerOfA2),
            await PortalClient.SignedInAsync(app, b.OwnerUser),
            new PortalClient(app));
    }
}

/// <summary>Small helpers the running-sites tests share: reading pages' forms and changing a draft through the API.</summary>
internal static partial class SitePagesKit
{
    public static string Site(string key) => $"/portal/sites/{key}";

    /// <summary>The value of a form field (input or textarea) named <paramref name="name"/> in a page, HTML-decoded.</summary>
    public static string? Field(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        if (input.Success)
        {
            var value = Regex.Match(input.Value, "value=\"([^\"]*)\"");
            return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
        }

        var area = Regex.Match(html, $"<textarea[^>]*name=\"{Regex.Escape(name)}\"[^>]*>([^<]*)</textarea>");
        return area.Success ? WebUtility.HtmlDecode(area.Groups[1].Value).TrimStart('\r', '\n') : null;
    }

    /// <summary>The settings form's fields as the page filled them, with changes applied.</summary>
    public static async Task<Dictionary<string, string>> SettingsFormAsync(PortalClient client, string siteKey, Dictionary<string, string>? changes = null)
    {
        var html = await client.GetStringAsync(Site(siteKey));
        var form = new Dictionary<string, string>
        {
            ["Settings.Version"] = Field(html, "Settings.Version")!,
            ["Settings.AcceptValidityMonths"] = Field(html, "Settings.AcceptValidityMonths")!,
            ["Settings.DeclineValidityMonths"] = Field(html, "Settings.DeclineValidityMonths")!,
            ["Settings.RetentionMonths"] = Field(html, "Settings.RetentionMonths")!,
            ["Settings.Domains"] = Field(html, "Settings.Domains")!,
            ["Settings.HonourGlobalPrivacyControl"] = IsChecked(html, "Settings.HonourGlobalPrivacyControl") ? "true" : "false",
        };
        foreach (var (key, value) in changes ?? [])
        {
            form[key] = value;
        }

        return form;
    }

    public static bool IsChecked(string html, string name) =>
        Regex.Matches(html, "<input[^>]*>").Any(m => m.Value.Contains($"name=\"{name}\"", StringComparison.Ordinal) &&
            m.Value.Contains("type=\"checkbox\"", StringComparison.Ordinal) && m.Value.Contains("checked", StringComparison.Ordinal));

    public static async Task<JsonObject> DraftAsync(TestAgency agency, string siteKey) =>
        (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();

    public static async Task SaveDraftAsync(TestAgency agency, string siteKey, JsonObject draft) =>
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft)).EnsureSuccessStatusCode();

    public static async Task<JsonElement> SiteJsonAsync(TestAgency agency, string siteKey) =>
        await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}"));
}
