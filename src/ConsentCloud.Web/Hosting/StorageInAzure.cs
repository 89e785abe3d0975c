using ConsentCloud.Web.Storage;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// In Azure the app reaches its storage account with its user-assigned managed identity (bearer tokens), never with
/// an account key: the account allows no shared keys (infra/core/storage.bicep). So outside local runs and tests the
/// endpoints and identity are required settings, and a connection string is refused rather than failing later.
/// </summary>
public static class StorageInAzure
{
    private const string S = StorageOptions.Section;

    public static readonly RequiredSetting TableEndpoint = new(
        $"{S}:{nameof(StorageOptions.TableEndpoint)}",
        "the storage account's table endpoint, https://<account>.table.core.windows.net/, reached with the managed identity.",
        "https://stconsentcloudexample.table.core.windows.net/");

    public static readonly RequiredSetting BlobEndpoint = new(
        $"{S}:{nameof(StorageOptions.BlobEndpoint)}",
        "the storage account's blob endpoint, https://<account>.blob.core.windows.net/, reached with the managed identity.",
        "https://stconsentcloudexample.blob.core.windows.net/");

    public static readonly RequiredSetting QueueEndpoint = new(
        $"{S}:{nameof(StorageOptions.QueueEndpoint)}",
        "the storage account's queue endpoint, https://<account>.queue.core.windows.net/ (the site scanner's queue), reached with the managed identity.",
        "https://stconsentcloudexample.queue.core.windows.net/");

    public static readonly RequiredSetting ManagedIdentityClientId = new(
        $"{S}:{nameof(StorageOptions.ManagedIdentityClientId)}",
        "the client id of the user-assigned managed identity that holds the storage roles.",
        "00000000-0000-0000-0000-0000000000c1");

    public static WebApplicationBuilder AddStorageInAzureRules(this WebApplicationBuilder builder)
    {
        builder.RequireSetting(TableEndpoint).RequireSetting(BlobEndpoint).RequireSetting(QueueEndpoint).RequireSetting(ManagedIdentityClientId);
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, NoAccountKeysInAzure>();
        return builder;
    }

    private sealed class NoAccountKeysInAzure(IHostEnvironment environment) : IValidateOptions<StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
            RequiredSettings.AreEnforced(environment) && !string.IsNullOrWhiteSpace(options.ConnectionString)
                ? ValidateOptionsResult.Fail(
                    $"Storage__ConnectionString is not accepted in the '{environment.EnvironmentName}' environment: in Azure ConsentCloud " +
                    $"reaches storage with its managed identity and the account allows no shared keys. Remove it and set " +
                    $"{TableEndpoint.AppSettingName}, {BlobEndpoint.AppSettingName}, {QueueEndpoint.AppSettingName} and {ManagedIdentityClientId.AppSettingName}.")
                : ValidateOptionsResult.Success;
    }
}
