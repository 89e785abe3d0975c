using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Storage;

public static class StorageServiceCollectionExtensions
{
    private const string CredentialKey = "ConsentCloud.Storage";

    /// <summary>
    /// Binds and validates <see cref="StorageOptions"/> (failing at start-up with a clear message) and registers
    /// <see cref="TableServiceClient"/> and <see cref="BlobServiceClient"/> singletons: Shared Key with a connection
    /// string, otherwise a managed identity token (one credential shared by both clients).
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
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.TableEndpoint!, services.GetRequiredKeyedService<TokenCredential>(CredentialKey))
                : new TableServiceClient(options.ConnectionString);
        });

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(options.BlobEndpoint!, services.GetRequiredKeyedService<TokenCredential>(CredentialKey))
                : new BlobServiceClient(options.ConnectionString);
        });

        return builder;
    }
}
