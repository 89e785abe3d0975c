using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Billing;

/// <summary>A small trial site limit (3; the shipped trial has 5, TrialTests; the test suite's default is generous).</summary>
public sealed class ShippedTrialApp : TestApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Billing:Plans:Trial:Sites", "3")];
}

public sealed class SiteLimitRaceTests(ShippedTrialApp app) : IClassFixture<ShippedTrialApp>
{
    [Fact]
    public async Task RequestsRacingForTheLastFreeSiteOfThePlanCreateExactlyOne()
    {
        // A trial agency (3 sites) with one site free, and six requests for it at once.
        var agency = await app.CreateAgencyAsync("Race Web");
        for (var i = 0; i < 2; i++)
        {
            await app.CreateSiteAsync(agency, TestApp.SampleSite($"Client {i}"));
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => agency.Owner.PostAsJsonAsync(agency.Path("/sites"), TestApp.SampleSite($"Racer {i}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode));
        var listed = await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/sites"));
        Assert.Equal(3, listed!.Length);
    }

    [Fact]
    public async Task ACreationThatCannotGetTheAgencysTurnAnswers503AndCreatesNothing()
    {
        // Another instance is creating a site for the agency and holds its lock (a live lease) past the wait.
        var agency = await app.CreateAgencyAsync("Busy Web");
        var locks = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "JobLocks");
        await locks.AddEntityAsync(new TableEntity($"NewSite-{agency.Id}", "lock") { ["Owner"] = "elsewhere", ["ExpiresAt"] = app.Clock.GetUtcNow().AddMinutes(2) });

        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), TestApp.SampleSite("Waiting"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty((await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/sites")))!);
    }
}
