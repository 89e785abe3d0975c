using System.Net;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

public sealed class StrictRateLimitApp : TestApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Consents:RateLimit:Burst", "3"),
        new("Consents:RateLimit:PerMinute", "1"),
    ];
}

public sealed class ConsentRateLimitTests(StrictRateLimitApp app) : IClassFixture<StrictRateLimitApp>
{
    [Fact]
    public async Task OneAddressFloodingOneSiteGets429WithRetryAfter()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await PostAsync(client, siteKey, Decision(Guid.NewGuid()), forwardedFor: "198.51.100.9");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);

        // Another address is not held back by the first one.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(Guid.NewGuid()), forwardedFor: "198.51.100.10")).StatusCode);
    }
}
