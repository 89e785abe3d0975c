using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

/// <summary>
/// The retry settings the app gives the SDK's clients (<see cref="StorageServiceCollectionExtensions.WithRetries{T}"/>),
/// observed at an in-process HTTP handler: an outage is retried a few times and then surfaces (ingest answers 503),
/// and a conflict, which the stores act on, is never retried.
/// </summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task AServiceUnavailableAnswerIsRetriedThreeTimesAndThenSurfacesAs503()
    {
        var handler = new StubHttpHandler(HttpStatusCode.ServiceUnavailable);
        var table = Table(handler);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 }));

        Assert.Equal(503, error.Status);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task AServiceUnavailableAnswerFollowedBySuccessSucceeds()
    {
        var handler = new StubHttpHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent);

        var response = await Table(handler).UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });

        Assert.Equal(204, response.Status);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task AConflictIsNotRetried()
    {
        var handler = new StubHttpHandler(HttpStatusCode.Conflict);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => Table(handler).AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Single(handler.Requests);
    }

    private static TableClient Table(StubHttpHandler handler)
    {
        var options = StorageServiceCollectionExtensions.WithRetries(new TableClientOptions());
        options.Transport = new HttpClientTransport(new HttpClient(handler));
        return new TableServiceClient(StorageTestClients.FakeAccountConnectionString, options).GetTableClient("stubbed");
    }
}
