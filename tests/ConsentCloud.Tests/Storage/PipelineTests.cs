using System.Net;
using Azure;
using Azure.Core.Pipeline;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

/// <summary>Authentication and retries, observed at an in-process HTTP handler (no network, no Azurite).</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task AClientBuiltWithATokenCredentialSendsABearerTokenForTheStorageScope()
    {
        var handler = new StubHttpHandler(HttpStatusCode.NotFound);
        var credential = new FakeTokenCredential("fake-token");
        var service = new TableServiceClient(new Uri("https://account.table.core.windows.net"), credential, StorageTestClients.StubbedTableOptions(handler));

        await service.GetTableClient("Sites").DeleteEntityAsync("p", "r");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer fake-token", request.Headers.Authorization!.ToString());
        Assert.Equal(["https://storage.azure.com/.default"], credential.RequestedScopes.Distinct());
        Assert.Equal("2019-02-02", request.Headers.GetValues("x-ms-version").Single());
    }

    [Fact]
    public async Task ABlobClientBuiltWithATokenCredentialSendsABearerToken()
    {
        var handler = new StubHttpHandler(HttpStatusCode.NotFound);
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        var service = new BlobServiceClient(new Uri("https://account.blob.core.windows.net"), new FakeTokenCredential("blob-token"), options);

        var exists = await service.GetBlobContainerClient("policies").GetBlobClient("a.json").ExistsAsync();

        Assert.False(exists.Value);
        Assert.Equal("Bearer blob-token", Assert.Single(handler.Requests).Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task AServiceUnavailableAnswerIsRetriedAndTheRetryIsSignedAfresh()
    {
        var handler = new StubHttpHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent);
        var table = StorageTestClients.StubbedTable(handler);

        var response = await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });

        Assert.Equal(204, response.Status);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.StartsWith("SharedKeyLite fakeaccount:", r.Headers.Authorization!.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithRetriesDisabledAServiceUnavailableAnswerSurfacesAt503()
    {
        var handler = new StubHttpHandler(HttpStatusCode.ServiceUnavailable);
        var options = StorageTestClients.StubbedTableOptions(handler);
        options.Retry.MaxRetries = 0;
        var table = new TableServiceClient(StorageTestClients.FakeAccountConnectionString, options).GetTableClient("Sites");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpsertEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(503, error.Status);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AConflictIsNotRetried()
    {
        var handler = new StubHttpHandler(HttpStatusCode.Conflict);
        var table = StorageTestClients.StubbedTable(handler);

        await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public void TheDefaultRetryPolicyIsModest()
    {
        var options = new TableClientOptions();

        Assert.Equal(3, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Retry.Delay);
        Assert.Equal(Azure.Core.RetryMode.Exponential, options.Retry.Mode);
    }
}
