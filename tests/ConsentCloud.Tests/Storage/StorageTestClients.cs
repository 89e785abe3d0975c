using Azure.Core.Pipeline;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

/// <summary>Clients for the tests: against Azurite (no retries, so failures surface at once), or against a stub handler (no network).</summary>
internal static class StorageTestClients
{
    public const string FakeAccountConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=fakeaccount;AccountKey=" + StorageConnectionString.DevelopmentAccountKey + ";EndpointSuffix=core.windows.net";

    public static TableServiceClient AzuriteTables() =>
        new(Azurite.ConnectionString, new TableClientOptions { Retry = { MaxRetries = 0 } });

    public static BlobServiceClient AzuriteBlobs() =>
        new(Azurite.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });

    public static TableClientOptions StubbedTableOptions(StubHttpHandler handler) => new()
    {
        Transport = new HttpClientTransport(new HttpClient(handler)),
        Retry = { Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
    };

    /// <summary>A table client whose requests go to <paramref name="handler"/> instead of the network.</summary>
    public static TableClient StubbedTable(StubHttpHandler handler, string tableName = "stubbed") =>
        new TableServiceClient(FakeAccountConnectionString, StubbedTableOptions(handler)).GetTableClient(tableName);
}
