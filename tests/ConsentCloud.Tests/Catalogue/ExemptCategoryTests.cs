using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Policies.PolicyFixtures;

namespace ConsentCloud.Tests.Catalogue;

/// <summary>
/// A category besides "necessary" that needs no consent (security cookies): refused for purposes that need consent,
/// published only with its legal reason in every language, always on in the configuration, and shown with its reason.
/// Through the API against Azurite.
/// </summary>
public sealed class ExemptCategoryTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["da"] = "Cookiebekendtgørelsen tillader cookies, der er strengt nødvendige for at beskytte betalinger mod svindel.",
        ["nb"] = "Ekomloven tillater informasjonskapsler som er strengt nødvendige for å beskytte betalinger mot svindel.",
        ["sv"] = "Lagen om elektronisk kommunikation tillåter cookies som är nödvändiga för att skydda betalningar mot bedrägerier.",
        ["fi"] = "Sähköisen viestinnän palveluista annettu laki sallii evästeet, jotka ovat välttämättömiä maksujen suojaamiseksi petoksilta.",
        ["en"] = "The cookie rules allow cookies that are strictly necessary to protect payments against fraud.",
    };

    private async Task<(TestAgency Agency, string SiteKey, JsonObject Draft)> DraftAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency, DanishStudio());
        var draft = (await agency.Owner.GetFromJsonAsync<JsonObject>(agency.Path($"/sites/{siteKey}/banner/draft")))!["config"]!.AsObject();
        return (agency, siteKey, draft);
    }

    /// <summary>Adds the category (texts in every language) and a fraud-detection service in it.</summary>
    private static void AddCategory(JsonObject draft, string id, bool withReason)
    {
        var category = new JsonObject { ["id"] = id, ["exempt"] = true };
        if (withReason)
        {
            category["legalReason"] = JsonSerializer.SerializeToNode(Reasons);
        }

        draft["categories"]!.AsArray().Add(category);
        foreach (var (_, texts) in draft["texts"]!.AsObject())
        {
            texts!["categories"]![id] = new JsonObject { ["name"] = "Sikkerhed", ["description"] = "Beskytter betalinger mod svindel." };
        }

        var service = Service("fraudguard", "FraudGuard", "FraudGuard ApS", id, ("fg_device", "<=2y", null));
        draft["services"]!.AsArray().Add(service);
    }

    private Task<HttpResponseMessage> SaveAsync(TestAgency agency, string siteKey, JsonObject draft) =>
        agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/draft"), draft);

    [Theory]
    [InlineData("statistics")]
    [InlineData("marketing")]
    [InlineData("analytics")]
    public async Task ACategoryThatNeedsConsentCannotBeExemptFromIt(string id)
    {
        var (agency, siteKey, draft) = await DraftAsync();
        var existing = draft["categories"]!.AsArray().FirstOrDefault(c => (string)c!["id"]! == id);
        if (existing is not null)
        {
            existing["exempt"] = true;
            existing["legalReason"] = JsonSerializer.SerializeToNode(Reasons);
        }
        else
        {
            AddCategory(draft, id, withReason: true);
        }

        var response = await SaveAsync(agency, siteKey, draft);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"'{id}' cookies need consent, so the category cannot be exempt", body, StringComparison.Ordinal);
        var saved = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/banner/draft"));
        Assert.DoesNotContain("\"exempt\"", saved.GetProperty("config").GetProperty("categories").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExemptCategoryWithoutItsLegalReasonCannotBePublished()
    {
        var (agency, siteKey, draft) = await DraftAsync();
        AddCategory(draft, "security", withReason: false);

        var saved = await SaveAsync(agency, siteKey, draft);
        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/publish"), new { });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var problems = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Equal(AllLanguages.Select(l => $"categories[4].legalReason.{l}"), problems);
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
    }

    [Fact]
    public async Task OnlySecurityStorageMayBeGrantedByACategoryThatNeedsNoConsent()
    {
        var (agency, siteKey, draft) = await DraftAsync();
        AddCategory(draft, "security", withReason: true);
        draft["consentMode"]!["mapping"]!["security_storage"] = new JsonArray("security");
        draft["consentMode"]!["mapping"]!["ad_storage"] = new JsonArray("security");

        var saved = await SaveAsync(agency, siteKey, draft);

        var problem = Assert.Single((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray());
        Assert.Equal("consentMode.mapping.ad_storage", problem.GetProperty("path").GetString());
    }

    [Fact]
    public async Task AnExemptCategoryIsAlwaysOnInTheBannerAndTheCookiePolicyGivesItsReason()
    {
        var (agency, siteKey, draft) = await DraftAsync();
        AddCategory(draft, "security", withReason: true);
        draft["consentMode"]!["mapping"]!["security_storage"] = new JsonArray("necessary", "security");
        (await SaveAsync(agency, siteKey, draft)).EnsureSuccessStatusCode();
        await app.PublishAsync(agency, siteKey);
        var client = app.CreateClient();

        var config = await client.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json");
        var html = await client.GetStringAsync($"/p/{siteKey}/cookies?lang=da");
        var english = await client.GetStringAsync($"/p/{siteKey}/cookies?lang=en");

        var security = config.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "security");
        Assert.True(security.GetProperty("required").GetBoolean());
        Assert.Equal(Reasons["fi"], security.GetProperty("legalReason").GetProperty("fi").GetString());
        Assert.False(config.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "statistics").TryGetProperty("legalReason", out _));
        Assert.Contains($"<p class=\"exempt\">Disse cookies er altid slået til og kræver ikke dit samtykke. Begrundelsen er: {Reasons["da"]}</p>", html, StringComparison.Ordinal);
        Assert.Contains("<h4>FraudGuard</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Op til 2 år</td>", html, StringComparison.Ordinal);
        Assert.Contains($"The reason: {Reasons["en"]}</p>", english, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<h4>ConsentCloud</h4>"));
    }

    [Fact]
    public async Task ARejectionRecordsAnExemptCategoryGrantedAndStillHoldsOnlyForTheDeclineValidity()
    {
        var (agency, siteKey, draft) = await DraftAsync();
        AddCategory(draft, "security", withReason: true);
        (await SaveAsync(agency, siteKey, draft)).EnsureSuccessStatusCode();
        await app.PublishAsync(agency, siteKey);
        var consentId = Guid.NewGuid();
        var choices = new Dictionary<string, bool> { ["necessary"] = true, ["preferences"] = false, ["statistics"] = false, ["marketing"] = false, ["security"] = true };
        var decision = Decision(consentId, "rejectAll", choices);
        decision["pageUrl"] = "https://studiolys.example/cookies";

        var response = await PostAsync(app.CreateClient(), siteKey, decision, origin: "https://studiolys.example");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(app.Clock.GetUtcNow().AddMonths(6), receipt.GetProperty("expiresAt").GetDateTimeOffset());

        choices.Remove("security");
        var withoutIt = Decision(Guid.NewGuid(), "rejectAll", choices);
        withoutIt["pageUrl"] = "https://studiolys.example/cookies";
        (await PostAsync(app.CreateClient(), siteKey, withoutIt, origin: "https://studiolys.example")).EnsureSuccessStatusCode();
        var history = await HistoryAsync(app.CreateClient(), siteKey, (Guid)withoutIt["consentId"]!);
        Assert.True(history.GetProperty("current").GetProperty("choices").GetProperty("security").GetBoolean());
    }

    [Fact]
    public async Task ACatalogueServiceThatNeedsConsentCannotBePublishedInACategoryThatNeedsNone()
    {
        var (agency, siteKey, draft) = await DraftAsync();
        AddCategory(draft, "security", withReason: true);
        draft["services"]!.AsArray().Add(Service("google-analytics", "Google Analytics", "Google Ireland Limited", "security", ("_ga", "2y", null)));

        var saved = await SaveAsync(agency, siteKey, draft);
        var publish = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/publish"), new { });

        saved.EnsureSuccessStatusCode();
        var problems = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().ToList();
        var problem = Assert.Single(problems, p => p.GetProperty("path").GetString()!.EndsWith("].category", StringComparison.Ordinal));
        Assert.Equal("'Google Analytics' is a statistics service, so it needs consent and cannot be in 'security', which needs none.", problem.GetProperty("message").GetString());
        Assert.NotEqual(HttpStatusCode.Created, publish.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode);
    }

    [Fact]
    public async Task AddingAnExemptCategoryAsksNobodyAgainButMakingItNeedConsentDoes()
    {
        var (agency, siteKey, draft) = await DraftAsync();
        await app.PublishAsync(agency, siteKey);
        AddCategory(draft, "security", withReason: true);
        (await SaveAsync(agency, siteKey, draft)).EnsureSuccessStatusCode();

        var exempt = await app.PublishAsync(agency, siteKey);

        var category = draft["categories"]!.AsArray().Single(c => (string)c!["id"]! == "security")!.AsObject();
        category.Remove("exempt");
        category.Remove("legalReason");
        (await SaveAsync(agency, siteKey, draft)).EnsureSuccessStatusCode();
        var needsConsent = await app.PublishAsync(agency, siteKey);
        Assert.False(exempt.GetProperty("requiresRenewal").GetBoolean());
        Assert.True(needsConsent.GetProperty("requiresRenewal").GetBoolean());
        Assert.Equal("FraudGuard now needs consent (security). New category: security.", needsConsent.GetProperty("renewalReason").GetString());
    }
}
