using System.Net;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>The app with room for one decision being stored at a time.</summary>
public sealed class OneAtATimeApp : FlakyStorageApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Consents:GroupCommit:MaxPending", "1")];
}

public sealed class GroupCommitBoundTests(OneAtATimeApp app) : IClassFixture<OneAtATimeApp>
{
    [Fact]
    public async Task ADecisionBeyondTheBoundIsAnswered503BeforeAnythingIsWritten()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        (await PostAsync(client, siteKey, Decision(Guid.NewGuid()))).EnsureSuccessStatusCode(); // site and revision cached
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (waiting, refused) = (Guid.NewGuid(), Guid.NewGuid());
        app.Tables.Hold = (method, path) =>
        {
            if (method == "POST" && path.EndsWith("/" + app.Prefix + "ConsentIndex", StringComparison.Ordinal))
            {
                reached.TrySetResult();
                return gate.Task;
            }

            return Task.CompletedTask;
        };
        HttpResponseMessage beyond;
        Task<HttpResponseMessage> first;
        try
        {
            first = PostAsync(client, siteKey, Decision(waiting));
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
            beyond = await PostAsync(client, siteKey, Decision(refused)).WaitAsync(TimeSpan.FromSeconds(15)); // answered, not queued
        }
        finally
        {
            gate.TrySetResult();
            app.Tables.Hold = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, beyond.StatusCode);
        Assert.NotNull(beyond.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        var (records, index) = await RawRowsAsync(app, siteKey, refused);
        Assert.Empty(records);
        Assert.Empty(index);
        Assert.Single((await RawRowsAsync(app, siteKey, waiting)).Records);

        // Once the place is free again, the banner's retry is stored.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(refused))).StatusCode);
    }
}
