using System.Collections.Concurrent;
using System.Net;
using System.Text;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>The app with a second between the starts of one partition's writes.</summary>
public sealed class PacedApp : FlakyStorageApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Consents:GroupCommit:PaceMs", "1000")];
}

/// <summary>
/// Group commit's pace (Consents:GroupCommit:PaceMs): a partition written to a moment ago takes the next rows together,
/// when the pace is up, instead of one write each.
/// </summary>
public sealed class GroupCommitPaceTests(PacedApp app) : IClassFixture<PacedApp>
{
    [Fact]
    public async Task DecisionsArrivingWithinThePaceOfTheirPartitionGoInOneTransaction()
    {
        var (siteKey, client) = await GroupCommitTests.ReadySiteAsync(app);
        var ids = ConsentIdsInOneShard(siteKey, 3);
        await Task.Delay(1500); // the pace of the partitions the ready-check wrote to is over

        var indexWrites = new ConcurrentQueue<string>();
        var index = app.Prefix + "ConsentIndex";
        app.Tables.Observe = (method, path, body) =>
        {
            if (method == "POST" && (path.EndsWith("/" + index, StringComparison.Ordinal) || path.EndsWith("/$batch", StringComparison.Ordinal) && Encoding.UTF8.GetString(body).Contains(index, StringComparison.Ordinal)))
            {
                indexWrites.Enqueue(Encoding.UTF8.GetString(body));
            }
        };
        try
        {
            // The first finds its partition idle and goes at once; the next two arrive within the pace and wait for it.
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, siteKey, Decision(ids[0]))).StatusCode);
            var next = await Task.WhenAll(PostAsync(client, siteKey, Decision(ids[1])), PostAsync(client, siteKey, Decision(ids[2]))).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(next, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        }
        finally
        {
            app.Tables.Observe = null;
        }

        // Without the pace the second would go alone at once and the third after it: three writes, not two.
        var writes = indexWrites.ToArray();
        Assert.Equal(2, writes.Length);
        Assert.Contains(ids[0].ToString("N"), writes[0], StringComparison.Ordinal);
        Assert.Contains(ids[1].ToString("N"), writes[1], StringComparison.Ordinal);
        Assert.Contains(ids[2].ToString("N"), writes[1], StringComparison.Ordinal);
        foreach (var id in ids)
        {
            var (records, rows) = await RawRowsAsync(app, siteKey, id);
            Assert.Single(records);
            Assert.Single(rows);
        }
    }
}
