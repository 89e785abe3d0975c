using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Pipeline options of the blob clients. <see cref="ClientOptions.Retry"/> defaults to 3 retries, exponential from
/// 200 ms (on 408, 429, 500, 502, 503, 504 and network errors); tests may set <c>Retry.MaxRetries = 0</c>.
/// </summary>
public sealed class BlobClientOptions : ClientOptions
{
    public BlobClientOptions() => StoragePipeline.ApplyRetryDefaults(this);
}
