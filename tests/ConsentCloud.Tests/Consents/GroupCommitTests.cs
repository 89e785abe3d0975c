using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using Microsoft.Extensions.DependencyInjection;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>
/// Ingest's group commit, made deterministic by holding the first index write at the storage proxy: the decisions
/// that arrive while it is held wait in its partition's queue and go together once it returns.
/// </summary>
public sealed partial class GroupCommitTests(FlakyStorageApp app) : IClassFixture<FlakyStorageApp>
{
    [Fact]
    public async Task ConcurrentDecisionsToOneSiteAreStoredInGroupsAndEachAnswered201WithItsOwnReceipt()
    {
        var (siteKey, client) = await ReadySiteAsync(app);
        var decisions = ConsentIdsInOneShard(siteKey, 12).Select(id => Decision(id)).ToList();
        var writes = new ConcurrentQueue<string>();
        app.Tables.Observe = (method, path, _) =>
        {
            if (method == "POST" && !path.EndsWith("/Tables", StringComparison.Ordinal))
            {
                writes.Enqueue(path);
            }
        };

        var responses = await HeldAsync(app, decisions.Count - 1, [.. decisions.Select(d => (Func<Task<HttpResponseMessage>>)(() => PostAsync(client, siteKey, d)))]);

        for (var i = 0; i < decisions.Count; i++)
        {
            Assert.Equal(HttpStatusCode.Created, responses[i].StatusCode);
            var receipt = await responses[i].Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((Guid)decisions[i]["consentId"]!, receipt.GetProperty("consentId").GetGuid());
            Assert.Equal((Guid)decisions[i]["eventId"]!, receipt.GetProperty("eventId").GetGuid());
            var (records, index) = await RawRowsAsync(app, siteKey, (Guid)decisions[i]["consentId"]!);
            Assert.Equal((Guid)decisions[i]["eventId"]!, Assert.Single(records).GetGuid("EventId"));
            Assert.Single(index);
            Assert.True((await HistoryAsync(client, siteKey, (Guid)decisions[i]["consentId"]!)).GetProperty("held").GetBoolean());
        }

        // 24 rows in far fewer writes than one per row, some of them transactions.
        Assert.Contains(writes, w => w.EndsWith("/$batch", StringComparison.Ordinal));
        Assert.True(writes.Count <= decisions.Count, $"{writes.Count} writes for {2 * decisions.Count} rows");
    }

    [Fact]
    public async Task ADuplicateEventInAGroupIsAnsweredAsStoredAndTheOthersOfTheGroupAreStored()
    {
        var (siteKey, client) = await ReadySiteAsync(app);
        var ids = ConsentIdsInOneShard(siteKey, 8);
        var duplicate = Decision(ids[0]);
        var first = await PostAsync(client, siteKey, duplicate);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstReceipt = await first.Content.ReadFromJsonAsync<JsonElement>();
        var others = ids.Skip(1).Select(id => Decision(id)).ToList();
        var batches = new ConcurrentQueue<string>();
        app.Tables.Observe = (method, path, body) =>
        {
            if (path.EndsWith("/$batch", StringComparison.Ordinal))
            {
                batches.Enqueue(Encoding.UTF8.GetString(body));
            }
        };

        // others[0] is held; the banner's retry of the stored event queues with the rest, in the same index partition.
        var calls = others.Select(d => (Func<Task<HttpResponseMessage>>)(() => PostAsync(client, siteKey, d))).ToList();
        calls.Insert(1, () => PostAsync(client, siteKey, duplicate));
        var responses = await HeldAsync(app, others.Count, [.. calls]);

        Assert.Equal(HttpStatusCode.OK, responses[1].StatusCode);
        var retried = await responses[1].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstReceipt.GetProperty("eventId").GetGuid(), retried.GetProperty("eventId").GetGuid());
        Assert.Equal(firstReceipt.GetProperty("receivedAt").GetDateTimeOffset(), retried.GetProperty("receivedAt").GetDateTimeOffset());
        var (records, index) = await RawRowsAsync(app, siteKey, ids[0]);
        Assert.Single(records);
        Assert.Single(index);
        foreach (var (decision, response) in others.Zip(responses.Where((_, i) => i != 1)))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Single((await RawRowsAsync(app, siteKey, (Guid)decision["consentId"]!)).Records);
        }

        // The duplicate really was sent in one transaction with others.
        var duplicateRow = ConsentKeys.IndexRow(ids[0], (Guid)duplicate["eventId"]!);
        Assert.Contains(batches, b => b.Contains(duplicateRow, StringComparison.Ordinal) && b.Contains(((Guid)others[1]["eventId"]!).ToString("N"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task StorageFailingUnderAGroupAnswersEachOfIt503AndStoresNoneOfIt()
    {
        var (siteKey, client) = await ReadySiteAsync(app);
        var decisions = ConsentIdsInOneShard(siteKey, 6).Select(id => Decision(id)).ToList();
        app.Tables.Fail = (method, path) => method == "POST" && path.EndsWith("/$batch", StringComparison.Ordinal);
        HttpResponseMessage[] responses;
        try
        {
            responses = await HeldAsync(app, decisions.Count - 1, [.. decisions.Select(d => (Func<Task<HttpResponseMessage>>)(() => PostAsync(client, siteKey, d)))]);
        }
        finally
        {
            app.Tables.Fail = null;
        }

        Assert.Equal(HttpStatusCode.Created, responses[0].StatusCode); // the held one went alone, not in a transaction
        foreach (var (decision, response) in decisions.Zip(responses).Skip(1))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            var (records, index) = await RawRowsAsync(app, siteKey, (Guid)decision["consentId"]!);
            Assert.Empty(records);
            Assert.Empty(index);
        }

        // The banner's retries, storage back: each stored once.
        foreach (var decision in decisions.Skip(1))
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, decision)).StatusCode);
            Assert.Single((await RawRowsAsync(app, siteKey, (Guid)decision["consentId"]!)).Records);
        }
    }

    [Fact]
    public async Task GroupsNeverMixSitesAndEachTransactionStaysInOnePartition()
    {
        var (siteA, client) = await ReadySiteAsync(app);
        var (siteB, _) = await ReadySiteAsync(app); // another agency's site
        var shared = Guid.NewGuid(); // one browser that visits both sites with the same consent id
        var ids = ConsentIdsInOneShard(siteA, 6, shared);
        var calls = new List<(string Site, Dictionary<string, object?> Decision)>();
        foreach (var id in ids)
        {
            calls.Add((siteA, Decision(id)));
            calls.Add((siteB, Decision(id)));
        }

        var partitionsPerBatch = new ConcurrentQueue<string[]>();
        app.Tables.Observe = (method, path, body) =>
        {
            if (path.EndsWith("/$batch", StringComparison.Ordinal))
            {
                partitionsPerBatch.Enqueue([.. PartitionKeyProperty().Matches(Encoding.UTF8.GetString(body)).Select(m => m.Groups[1].Value).Distinct()]);
            }
        };

        // Held: site A's first index write; A's other five wait behind it, B's go as they come (B's partitions are idle).
        var responses = await HeldAsync(app, ids.Count - 1, [.. calls.Select(c => (Func<Task<HttpResponseMessage>>)(() => PostAsync(client, c.Site, c.Decision)))]);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.NotEmpty(partitionsPerBatch);
        Assert.All(partitionsPerBatch, partitions => Assert.Single(partitions));
        foreach (var (site, decision) in calls)
        {
            var history = await HistoryAsync(client, site, (Guid)decision["consentId"]!);
            var only = Assert.Single(history.GetProperty("decisions").EnumerateArray());
            Assert.Equal((Guid)decision["eventId"]!, only.GetProperty("eventId").GetGuid());
            var (records, index) = await RawRowsAsync(app, site, (Guid)decision["consentId"]!);
            Assert.StartsWith(site + "-", Assert.Single(records).PartitionKey, StringComparison.Ordinal);
            Assert.StartsWith(site + "-", Assert.Single(index).PartitionKey, StringComparison.Ordinal);
        }

        // Erasing on one site leaves the other's decision of the same consent id.
        var erase = await client.DeleteAsync($"/v1/sites/{siteA}/consents/{shared}");
        Assert.Equal(1, (await erase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        Assert.True((await HistoryAsync(client, siteB, shared)).GetProperty("held").GetBoolean());
        Assert.Single((await RawRowsAsync(app, siteB, shared)).Records);
    }

    [GeneratedRegex("\"PartitionKey\":\"([^\"]+)\"")]
    private static partial Regex PartitionKeyProperty();

    /// <summary>A published site whose site and revision the app has cached (so a test's requests only write).</summary>
    internal static async Task<(string SiteKey, HttpClient Client)> ReadySiteAsync(FlakyStorageApp app)
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        (await PostAsync(client, siteKey, Decision(Guid.NewGuid()))).EnsureSuccessStatusCode();
        return (siteKey, client);
    }

    /// <summary>
    /// Starts the first call and holds its index write at the proxy; starts the rest once it is held, waits until
    /// <paramref name="queued"/> rows wait behind it, then lets it go. Answers the responses in call order.
    /// </summary>
    internal static async Task<HttpResponseMessage[]> HeldAsync(FlakyStorageApp app, int queued, Func<Task<HttpResponseMessage>>[] calls)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var index = app.Prefix + "ConsentIndex";
        var held = 0;
        app.Tables.Hold = (method, path) =>
        {
            if (method == "POST" && path.EndsWith("/" + index, StringComparison.Ordinal) && Interlocked.Exchange(ref held, 1) == 0)
            {
                reached.TrySetResult();
                return gate.Task;
            }

            return Task.CompletedTask;
        };
        try
        {
            var first = calls[0]();
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
            var rest = calls.Skip(1).Select(call => call()).ToList();
            var committer = app.Services.GetRequiredService<ConsentCommitter>();
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (committer.Queued < queued)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{committer.Queued} rows queued, {queued} expected");
                await Task.Delay(10);
            }

            gate.SetResult();
            // Bounded: a lane that stopped writing would otherwise hang the test run instead of failing it.
            return await Task.WhenAll([first, .. rest]).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            gate.TrySetResult();
            app.Tables.Hold = null;
            app.Tables.Observe = null;
        }
    }
}
