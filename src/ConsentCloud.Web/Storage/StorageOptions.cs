using System.ComponentModel.DataAnnotations;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Where the tables, blobs and queues live. Either <see cref="ConnectionString"/> (Azurite, or an account key), or
/// <see cref="TableEndpoint"/>, <see cref="BlobEndpoint"/> and <see cref="QueueEndpoint"/> reached with managed
/// identity; never both.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary><c>UseDevelopmentStorage=true</c> or an account connection string. A secret: keep it in configuration, never in logs.</summary>
    public string? ConnectionString { get; set; }

    public Uri? TableEndpoint { get; set; }

    public Uri? BlobEndpoint { get; set; }

    /// <summary>The queue service (the site scanner's queue); required in Azure with the other endpoints.</summary>
    public Uri? QueueEndpoint { get; set; }

    /// <summary>Client id of a user-assigned managed identity; without it <c>DefaultAzureCredential</c> is used.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prepended to every table name, so tests (or environments) sharing an account stay apart.</summary>
    [RegularExpression("^([A-Za-z][A-Za-z0-9]*)?$", ErrorMessage = "Storage:TablePrefix may hold only letters and digits, starting with a letter.")]
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>Prepended to every container name.</summary>
    [RegularExpression("^[a-z0-9]*$", ErrorMessage = "Storage:ContainerPrefix may hold only lowercase letters and digits.")]
    public string ContainerPrefix { get; set; } = string.Empty;

    /// <summary>The physical name of a logical table, e.g. <c>TableName("Sites")</c>.</summary>
    public string TableName(string name) => TablePrefix + name;

    /// <summary>The physical name of a logical container, e.g. <c>ContainerName("policies")</c>.</summary>
    public string ContainerName(string name) => ContainerPrefix + name;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasEndpoint = TableEndpoint is not null || BlobEndpoint is not null || QueueEndpoint is not null;
        if (hasConnectionString == hasEndpoint)
        {
            yield return new ValidationResult(
                "Set either Storage:ConnectionString, or Storage:TableEndpoint, Storage:BlobEndpoint and Storage:QueueEndpoint (managed identity), but not both.",
                [nameof(ConnectionString), nameof(TableEndpoint), nameof(BlobEndpoint), nameof(QueueEndpoint)]);
            yield break;
        }

        if (hasConnectionString && ConnectionStringProblem(ConnectionString!) is { } problem)
        {
            yield return new ValidationResult($"Storage:ConnectionString is invalid: {problem}", [nameof(ConnectionString)]);
        }

        // Bearer tokens are only ever sent over TLS (Azure.Core refuses otherwise), so plain http cannot work here.
        if (hasEndpoint && !(IsHttps(TableEndpoint) && IsHttps(BlobEndpoint)))
        {
            yield return new ValidationResult(
                "With managed identity both Storage:TableEndpoint and Storage:BlobEndpoint must be absolute https URLs.",
                [nameof(TableEndpoint), nameof(BlobEndpoint)]);
        }

        // Optional beside the other two (RequiredSettings asks for it in Azure); when given, https as they are.
        if (hasEndpoint && QueueEndpoint is not null && !IsHttps(QueueEndpoint))
        {
            yield return new ValidationResult("With managed identity Storage:QueueEndpoint must be an absolute https URL.", [nameof(QueueEndpoint)]);
        }
    }

    /// <summary>
    /// Lets the SDK parse the connection string once, at start, so a typo fails here and not on the first request.
    /// The SDK's own message can quote the string, account key included, so only the exception's kind is reported.
    /// </summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new Azure.Data.Tables.TableServiceClient(connectionString);
            _ = new Azure.Storage.Blobs.BlobServiceClient(connectionString);
            _ = new Azure.Storage.Queues.QueueServiceClient(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            return "it is not an account connection string (\"UseDevelopmentStorage=true\", or DefaultEndpointsProtocol, AccountName, " +
                $"AccountKey and endpoints separated by ';'); the storage SDK refused it ({e.GetType().Name}).";
        }
    }

    private static bool IsHttps(Uri? endpoint) => endpoint is { IsAbsoluteUri: true } && endpoint.Scheme == Uri.UriSchemeHttps;
}
