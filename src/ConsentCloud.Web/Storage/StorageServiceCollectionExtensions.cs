using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Storage;

public static class StorageServiceCollectionExtensions
{
    private const string CredentialKey = "ConsentCloud.Storage";

    /// <summary>
    /// Binds and validates <see cref="StorageOptions"/> (failing at start-up with a clear message) and registers the
    /// Azure SDK's <see cref="TableServiceClient"/>, <see cref="BlobServiceClient"/> and <see cref="QueueServiceClient"/> once each: from the connection
    /// string (Azurite, tests), otherwise from the endpoints with the managed identity (one credential shared by both).
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddKeyedSingleton<TokenCredential>(CredentialKey, (services, _) =>
            services.GetRequiredService<IOptions<StorageOptions>>().Value.ManagedIdentityClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential());

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = WithRetries(new TableClientOptions());
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.TableEndpoint!, services.GetRequiredKeyedService<TokenCredential>(CredentialKey), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = WithRetries(new BlobClientOptions());
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(options.BlobEndpoint!, services.GetRequiredKeyedService<TokenCredential>(CredentialKey), clientOptions)
                : new BlobServiceClient(options.ConnectionString, clientOptions);
        });

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            // Base64, as the Functions host's queue trigger expects by default (host.json messageEncoding).
            var clientOptions = WithRetries(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                return new QueueServiceClient(options.ConnectionString, clientOptions);
            }

            // Without Storage:QueueEndpoint (outside Azure, where RequiredSettings does not insist), the account's queue
            // service beside its blob service.
            var endpoint = options.QueueEndpoint ?? new Uri(options.BlobEndpoint!.ToString().Replace(".blob.", ".queue.", StringComparison.Ordinal));
            return new QueueServiceClient(endpoint, services.GetRequiredKeyedService<TokenCredential>(CredentialKey), clientOptions);
        });

        return builder;
    }

    /// <summary>
    /// Retries shorter than the SDK's defaults (0.8 s doubling, up to a minute): a visitor's decision or a banner
    /// request waits on them, and after three quick retries ingest answers 503 and the banner retries from the page.
    /// The SDK's classifier decides what is retried (408, 429, 500, 502, 503, 504 and network errors, never 409/412).
    /// </summary>
    public static T WithRetries<T>(T options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        return options;
    }
}
