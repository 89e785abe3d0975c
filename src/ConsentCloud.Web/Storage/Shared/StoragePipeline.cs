using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsentCloud.Web.Storage;

/// <summary>Builds the Azure.Core pipeline shared by the table and blob clients.</summary>
internal static class StoragePipeline
{
    /// <summary>The OAuth scope of Azure Storage data-plane tokens.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>
    /// Authentication runs per retry so each attempt gets a fresh date and signature (or token).
    /// The default classifier retries 408, 429, 500, 502, 503 and 504 as <see cref="ClientOptions.Retry"/> allows.
    /// </summary>
    public static HttpPipeline Build(ClientOptions options, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(options, perCallPolicies: [], perRetryPolicies: [authentication], new ResponseClassifier());

    public static HttpPipelinePolicy Bearer(TokenCredential credential) =>
        new BearerTokenAuthenticationPolicy(credential, StorageScope);

    /// <summary>Modest defaults: 3 retries, exponential from 200 ms, never more than 5 s apart.</summary>
    public static void ApplyRetryDefaults(ClientOptions options)
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
    }
}
