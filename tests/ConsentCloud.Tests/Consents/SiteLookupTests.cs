using System.Net;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Sites;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>
/// The public endpoints' site lookup (<see cref="SiteDirectory"/>) when a busy site's cached entry expires: one storage
/// lookup for all the requests in flight, and a failed lookup not kept.
/// </summary>
public sealed class SiteLookupTests(FlakyStorageApp app) : IClassFixture<FlakyStorageApp>
{
    [Fact]
    public async Task DecisionsThatFindTheSiteExpiredWaitForOneLookup()
    {
        var (siteKey, client) = await GroupCommitTests.ReadySiteAsync(app);
        app.Clock.Advance(SiteDirectory.FreshFor + TimeSpan.FromSeconds(1));
        var lookups = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Tables.Hold = (method, path) =>
        {
            if (method == "GET" && IsSiteKeyLookup(path) && Interlocked.Increment(ref lookups) == 1)
            {
                reached.TrySetResult();
                return gate.Task;
            }

            return Task.CompletedTask;
        };
        List<Task<HttpResponseMessage>> posts;
        try
        {
            posts = Enumerable.Range(0, 20).Select(_ => PostAsync(client, siteKey, Decision(Guid.NewGuid()))).ToList();
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await Task.Delay(500); // the other requests reach the lookup meanwhile (each read storage on its own before)
            Assert.Equal(1, Volatile.Read(ref lookups));
        }
        finally
        {
            gate.TrySetResult();
            app.Tables.Hold = null;
        }

        var responses = await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(1, Volatile.Read(ref lookups));
    }

    [Fact]
    public async Task AFailedLookupIsNotKeptAndTheNextDecisionLooksAgain()
    {
        var (siteKey, client) = await GroupCommitTests.ReadySiteAsync(app);
        app.Clock.Advance(SiteDirectory.FreshFor + TimeSpan.FromSeconds(1));

        app.Tables.Fail = (method, path) => method == "GET" && IsSiteKeyLookup(path);
        HttpResponseMessage failed;
        try
        {
            failed = await PostAsync(client, siteKey, Decision(Guid.NewGuid()));
        }
        finally
        {
            app.Tables.Fail = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(Guid.NewGuid()))).StatusCode);
    }

    private bool IsSiteKeyLookup(string path) => path.Contains("/" + app.Prefix + "SiteKeys(", StringComparison.Ordinal);
}
