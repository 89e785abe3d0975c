using System.Net;
using ConsentCloud.Tests.Infrastructure;
using static ConsentCloud.Tests.Consents.ConsentClient;

namespace ConsentCloud.Tests.Consents;

/// <summary>The app, with its storage reached through fault proxies the test can cut.</summary>
public class FlakyStorageApp : TestApp
{
    public StorageFaultProxy Tables { get; private set; } = null!;
    public StorageFaultProxy Blobs { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Tables = await StorageFaultProxy.StartAsync(Azurite.TableEndpoint);
        Blobs = await StorageFaultProxy.StartAsync(Azurite.BlobEndpoint);
        await base.InitializeAsync();
    }

    public override async Task DisposeAppAsync()
    {
        await base.DisposeAppAsync();
        await Tables.DisposeAsync();
        await Blobs.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Storage:ConnectionString",
            $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};" +
            $"TableEndpoint={Tables.Address};BlobEndpoint={Blobs.Address};QueueEndpoint={Azurite.QueueEndpoint};"),
    ];
}

public sealed class StorageOutageTests(FlakyStorageApp app) : IClassFixture<FlakyStorageApp>
{
    [Fact]
    public async Task StorageDownAnswers503WithRetryAfterAndStoresNothing()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        (await PostAsync(client, siteKey, Decision(Guid.NewGuid()))).EnsureSuccessStatusCode(); // site and revision now cached
        var consentId = Guid.NewGuid();

        app.Tables.Fail = (_, _) => true;
        HttpResponseMessage response;
        try
        {
            response = await PostAsync(client, siteKey, Decision(consentId));
        }
        finally
        {
            app.Tables.Fail = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(app.Tables.Dropped > 0);
        Assert.False((await HistoryAsync(client, siteKey, consentId)).GetProperty("held").GetBoolean());
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Empty(records);
        Assert.Empty(index);
    }

    [Fact]
    public async Task AFailureBetweenIndexAndRecordShowsNothingAndTheRetryCompletesIt()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var client = app.CreateClient();
        var consentId = Guid.NewGuid();
        var decision = Decision(consentId);

        // Only writes to the records table fail: the index row lands, the record does not.
        app.Tables.Fail = (method, path) => method == "POST" && path.EndsWith(app.Prefix + "Consents", StringComparison.Ordinal);
        HttpResponseMessage failed;
        try
        {
            failed = await PostAsync(client, siteKey, decision);
        }
        finally
        {
            app.Tables.Fail = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.False((await HistoryAsync(client, siteKey, consentId)).GetProperty("held").GetBoolean());
        Assert.Empty((await RawRowsAsync(app, siteKey, consentId)).Records);

        // The banner's outbox retries the same event: it completes the one record, no duplicate.
        var retried = await PostAsync(client, siteKey, decision);

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var (records, index) = await RawRowsAsync(app, siteKey, consentId);
        Assert.Single(records);
        Assert.Single(index);
        Assert.True((await HistoryAsync(client, siteKey, consentId)).GetProperty("held").GetBoolean());
    }
}
