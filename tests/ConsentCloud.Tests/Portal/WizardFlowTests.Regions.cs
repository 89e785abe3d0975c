using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ConsentCloud.Tests.Portal;

/// <summary>The banner step's Consent Mode regions (the default command limited to them), saved like the API's draft.</summary>
public sealed partial class WizardFlowTests
{
    [Fact]
    public async Task ConsentModeRegionsTypedOnTheBannerStepAreSavedAsCodesAndShownAgain()
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/banner";
        var form = await BannerFormAsync(client, path);
        Assert.Equal("", form["Regions"]);
        form["Regions"] = "dk, se  us-ca";

        var saved = await client.PostFormAsync(path, new Dictionary<string, string>(form) { ["stay"] = "true" }, tokenFrom: path);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.Equal(["DK", "SE", "US-CA"], draft.GetProperty("config").GetProperty("consentMode").GetProperty("region").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("DK, SE, US-CA", (await BannerFormAsync(client, path))["Regions"]);
    }

    [Theory]
    [InlineData("DK, Danmark")]
    [InlineData("DK, DK")]
    public async Task ARegionThatIsNotAnIsoCodeOrIsRepeatedIsRefusedAtTheFieldWithTheInputKept(string regions)
    {
        var (client, agency) = await OwnerAsync();
        var site = await NewSiteAsync(client, agency);
        var path = $"/portal/sites/{site}/setup/banner";
        var form = await BannerFormAsync(client, path);
        form["Regions"] = regions;

        var response = await client.PostFormAsync(path, form, tokenFrom: path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"consent-mode-regions-error\"[^>]*>[^<]+<", html);
        Assert.Contains($"value=\"{regions}\"", html, StringComparison.Ordinal);
        var draft = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{site}/banner/draft"));
        Assert.False(draft.GetProperty("config").GetProperty("consentMode").TryGetProperty("region", out _));
    }
}
