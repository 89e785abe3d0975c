using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Demo;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Policies.Texts;
using Microsoft.AspNetCore.Hosting;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The local run's demo (`bash .ci/dev`: Development, Demo:Seed): everything the run command prints answers, including
/// the demo site's hosted privacy and cookie policies in its five languages, and a restart seeds nothing twice.
/// </summary>
public sealed partial class DemoSeedTests(DemoSeedTests.DemoApp app) : IClassFixture<DemoSeedTests.DemoApp>
{
    private const string Secret = "demosecretfortests0123456789";
    private static readonly string Site = DemoSeed.Site.Value;
    private static readonly string[] Languages = ["da", "nb", "sv", "fi", "en"];
    private static readonly string[] FirstVersions = ["cookies 1", "privacy 1"];

    [Fact]
    public async Task TheDemoSiteServesItsBannerAndTheDemoPage()
    {
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/sites/{Site}/config.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/sites/{Site}/banner.js")).StatusCode);
        var page = await client.GetStringAsync("/demo");
        Assert.Contains($"/v1/sites/{Site}/banner.js", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    [InlineData("sv")]
    [InlineData("fi")]
    [InlineData("en")]
    public async Task TheDemoPagesPolicyLinksOpenTheSitesPublishedPoliciesInItsLanguage(string language)
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync($"/demo?lang={language}");
        var links = PolicyLink().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(new[] { $"/p/{Site}/privacy?lang={language}", $"/p/{Site}/cookies?lang={language}" }, links);

        using var privacy = await client.GetAsync(links[0]);
        Assert.Equal(HttpStatusCode.OK, privacy.StatusCode);
        Assert.Equal(language, privacy.Content.Headers.ContentLanguage.Single());
        var privacyHtml = await privacy.Content.ReadAsStringAsync();
        Assert.Contains("Bageriet Hansen ApS", privacyHtml, StringComparison.Ordinal);
        // Every agency-written section in this language, as written (security is plain text, so it renders verbatim).
        Assert.Contains(DemoPolicy.Draft.Text("security", language)!, privacyHtml, StringComparison.Ordinal);
        Assert.Contains(DemoPolicy.Draft.Text("transfers", language)!, privacyHtml, StringComparison.Ordinal);
        Assert.Contains(PolicyTexts.Get(language, "privacy.title"), privacyHtml, StringComparison.Ordinal);

        using var cookies = await client.GetAsync(links[1]);
        Assert.Equal(HttpStatusCode.OK, cookies.StatusCode);
        var cookiesHtml = await cookies.Content.ReadAsStringAsync();
        Assert.Contains("Google Analytics 4", cookiesHtml, StringComparison.Ordinal);
        Assert.Contains("_fbp", cookiesHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDemoPolicyIsWrittenInEveryLanguageOfTheDemoSiteAndIsPublishable()
    {
        var site = DemoContent.Site(DemoSeed.Agency, DemoSeed.Site, DateTimeOffset.UnixEpoch);

        Assert.Equal(Languages.Order(), site.Languages.Order());
        Assert.Empty(PolicyRules.CheckShape(DemoPolicy.Draft, DateOnly.FromDateTime(DateTime.UtcNow)));
        Assert.Empty(PolicyRules.CheckPublishable(DemoPolicy.Draft, site));
        Assert.Empty(PolicyReview.DroppedLinks(DemoPolicy.Draft, site));
        Assert.Empty(PolicyReview.Warnings(DemoPolicy.Draft, site, DemoContent.Banner(site).Services, new ConsentCloud.Web.Features.Catalogue.ServiceCatalogue()));
    }

    [Fact]
    public async Task ARestartSeedsNothingTwice()
    {
        var before = await PolicyVersionsAsync(app);
        Assert.Equal(FirstVersions, before);

        var restarted = new DemoApp { SharedPrefix = app.Prefix };
        await restarted.InitializeAsync();
        try
        {
            Assert.Equal(before, await PolicyVersionsAsync(restarted));
            Assert.Equal(HttpStatusCode.OK, (await restarted.CreateClient().GetAsync($"/p/{Site}/privacy?lang=da")).StatusCode);
        }
        finally
        {
            await restarted.DisposeAppAsync();
        }
    }

    private static async Task<string[]> PolicyVersionsAsync(TestApp on)
    {
        using var client = on.ClientWithApiKey($"cck_{DemoSeed.Agency.Value}_{DemoSeed.ApiKeyId}_{Secret}");
        var versions = await client.GetFromJsonAsync<PolicyVersionResponse[]>($"/api/v1/agencies/{DemoSeed.Agency.Value}/sites/{Site}/policies/versions", TestApp.Json);
        return [.. versions!.Select(v => $"{v.Kind.ToLowerInvariant()} {v.Number}").Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex("href=\"(/p/[^\"]+)\"")]
    private static partial Regex PolicyLink();

    /// <summary>The app as `bash .ci/dev` runs it: Development, with the demo seed and its API key.</summary>
    public sealed class DemoApp : TestApp
    {
        /// <summary>Another DemoApp's storage prefix: the same local data, started again.</summary>
        public string? SharedPrefix { get; init; }

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            new("Demo:Seed", "true"),
            new("Demo:ApiKeySecret", Secret),
            .. SharedPrefix is null ? [] : new KeyValuePair<string, string?>[] { new("Storage:TablePrefix", SharedPrefix), new("Storage:ContainerPrefix", SharedPrefix) },
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }
}
