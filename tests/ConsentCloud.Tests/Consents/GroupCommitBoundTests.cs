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

/// <summary>The app with transactions of at most 3 rows, so a queue of more than that is taken in several.</summary>
public sealed class SmallBatchApp : FlakyStorageApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Consents:GroupCommit:MaxBatch", "3")];
}

/// <summary>
/// More rows waiting for a partition than one transaction takes, and one row key twice in the queue: the rows left for
/// the next transaction are taken by it (until issue 20's fix, moving them ended the lane's writer, and every later
/// decision of the partition waited forever: a flash crowd wedged ingest).
/// </summary>
public sealed class GroupCommitQueueTests(SmallBatchApp app) : IClassFixture<SmallBatchApp>
{
    [Fact]
    public async Task AQueueLongerThanATransactionIsStoredInSeveralAndTheSameEventTwiceIsStoredOnce()
    {
        var (siteKey, client) = await GroupCommitTests.ReadySiteAsync(app);
        var decisions = ConsentClient.ConsentIdsInOneShard(siteKey, 10).Select(id => Decision(id)).ToList();
        var twice = decisions[4];
        var calls = decisions.Select(d => (Func<Task<HttpResponseMessage>>)(() => PostAsync(client, siteKey, d))).Append(() => PostAsync(client, siteKey, twice)).ToArray();

        var responses = await GroupCommitTests.HeldAsync(app, calls.Length - 1, calls);

        Assert.All(responses.Take(4).Concat(responses.Skip(5).Take(5)), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], new[] { responses[4].StatusCode, responses[^1].StatusCode }.Order());
        foreach (var decision in decisions)
        {
            var (records, index) = await RawRowsAsync(app, siteKey, (Guid)decision["consentId"]!);
            Assert.Equal((Guid)decision["eventId"]!, Assert.Single(records).GetGuid("EventId"));
            Assert.Single(index);
        }

        // The partition still takes decisions afterwards.
        var after = Decision(ConsentClient.ConsentIdsInOneShard(siteKey, 2, first: (Guid)decisions[0]["consentId"]!)[1]);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, after).WaitAsync(TimeSpan.FromSeconds(15))).StatusCode);
    }
}
