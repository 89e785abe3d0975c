using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// The account's Blob endpoint, named after Azure.Storage.Blobs' BlobServiceClient. Authenticates with Shared Key
/// (connection string) or a bearer token for <c>https://storage.azure.com/.default</c> (managed identity).
/// </summary>
public sealed class BlobServiceClient
{
    public BlobServiceClient(string connectionString, BlobClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        var authentication = new BlobSharedKeyPolicy(parsed.Credential, TimeProvider.System);
        Http = new StorageHttp(StoragePipeline.Build(options ?? new BlobClientOptions(), authentication), parsed.BlobEndpoint, BlobProtocol.Headers);
    }

    public BlobServiceClient(Uri serviceUri, TokenCredential credential, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(credential);
        Http = new StorageHttp(StoragePipeline.Build(options ?? new BlobClientOptions(), StoragePipeline.Bearer(credential)), serviceUri, BlobProtocol.Headers);
    }

    public Uri Uri => new(Http.Endpoint);

    internal StorageHttp Http { get; }

    public BlobContainerClient GetBlobContainerClient(string blobContainerName) => new(Http, blobContainerName);
}
