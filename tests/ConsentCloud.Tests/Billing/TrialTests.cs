using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ConsentCloud.Tests.Billing;

/// <summary>
/// The trial as shipped (appsettings.json, not the test suite's generous one) in the local run's demo agency, which
/// already has the seeded demo site.
/// </summary>
public sealed class TrialTests(TrialTests.DemoTrialApp app) : IClassFixture<TrialTests.DemoTrialApp>
{
    private const string Secret = "demosecretfortrialtests012345";

    [Fact]
    public void TheShippedTrialAllowsFiveClientSites()
    {
        Assert.Equal("5", DemoTrialApp.Shipped("Billing:Plans:Trial:Sites"));
    }

    [Fact]
    public async Task ATrialAgencyWithTheDemoSiteCreatesFiveClientSitesAndTheSixthNeedsAPlan()
    {
        using var client = app.ClientWithApiKey($"cck_{DemoSeed.Agency.Value}_{DemoSeed.ApiKeyId}_{Secret}");
        var sites = $"/api/v1/agencies/{DemoSeed.Agency.Value}/sites";
        var before = await client.GetFromJsonAsync<JsonElement[]>(sites);
        Assert.Contains(before!, s => s.GetProperty("siteKey").GetString() == DemoSeed.Site.Value);

        for (var i = 1; i <= 5; i++)
        {
            var created = await client.PostAsJsonAsync(sites, TestApp.SampleSite($"Client {i}"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var sixth = await client.PostAsJsonAsync(sites, TestApp.SampleSite("Client 6"));

        Assert.Equal(HttpStatusCode.PaymentRequired, sixth.StatusCode);
        var problem = await sixth.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, problem.GetProperty("siteLimit").GetInt32());
        Assert.Equal(5, problem.GetProperty("sites").GetInt32());
        Assert.Equal(6, (await client.GetFromJsonAsync<JsonElement[]>(sites))!.Length);
    }

    /// <summary>The app as `bash .ci/dev` runs it (Development, the demo seed), on the shipped trial.</summary>
    public sealed class DemoTrialApp : TestApp
    {
        public static string? Shipped(string key) =>
            new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build()[key];

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            new("Demo:Seed", "true"),
            new("Demo:ApiKeySecret", Secret),
            new("Billing:Plans:Trial:Sites", Shipped("Billing:Plans:Trial:Sites")),
            new("Billing:Plans:Trial:Days", Shipped("Billing:Plans:Trial:Days")),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }
}
