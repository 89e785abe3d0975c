using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Storage;

/// <summary>Clients for the tests: against Azurite (no retries, so failures surface at once), or a fake account for in-process stubs (no network).</summary>
internal static class StorageTestClients
{
    public const string FakeAccountConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=fakeaccount;AccountKey=" + Azurite.AccountKey + ";EndpointSuffix=core.windows.net";

    public static TableServiceClient AzuriteTables() =>
        new(Azurite.ConnectionString, new TableClientOptions { Retry = { MaxRetries = 0 } });

    public static BlobServiceClient AzuriteBlobs() =>
        new(Azurite.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });
}
