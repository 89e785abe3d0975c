namespace ConsentCloud.Web.Storage;

/// <summary>
/// The parts of an Azure Storage connection string our clients use: account, key and the two endpoints.
/// Supports <c>UseDevelopmentStorage=true</c> (Azurite's defaults) and
/// <c>DefaultEndpointsProtocol/AccountName/AccountKey/EndpointSuffix</c> with optional explicit
/// <c>TableEndpoint</c>/<c>BlobEndpoint</c>. Error messages never repeat the string: it holds a key.
/// </summary>
public sealed class StorageConnectionString
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known, public Azurite/emulator key (not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnectionString(StorageSharedKeyCredential credential, Uri tableEndpoint, Uri blobEndpoint)
    {
        Credential = credential;
        TableEndpoint = tableEndpoint;
        BlobEndpoint = blobEndpoint;
    }

    public StorageSharedKeyCredential Credential { get; }

    public string AccountName => Credential.AccountName;

    public Uri TableEndpoint { get; }

    public Uri BlobEndpoint { get; }

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = ReadSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            return new StorageConnectionString(
                new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                Endpoint(settings, "TableEndpoint") ?? new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"),
                Endpoint(settings, "BlobEndpoint") ?? new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"));
        }

        var account = Required(settings, "AccountName");
        if (!settings.ContainsKey("AccountKey") && settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("Storage connection strings with a SharedAccessSignature are not supported; use AccountKey or managed identity.");
        }

        var credential = new StorageSharedKeyCredential(account, Required(settings, "AccountKey"));
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new StorageConnectionString(
            credential,
            Endpoint(settings, "TableEndpoint") ?? new Uri($"{protocol}://{account}.table.{suffix}"),
            Endpoint(settings, "BlobEndpoint") ?? new Uri($"{protocol}://{account}.blob.{suffix}"));
    }

    public static bool TryParse(string? connectionString, out StorageConnectionString? result, out string? error)
    {
        result = null;
        error = null;
        try
        {
            result = Parse(connectionString!);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error = e.Message;
            return false;
        }
    }

    private static Dictionary<string, string> ReadSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var equals = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Storage connection string segment {i + 1} is not of the form Name=Value.");
            }

            settings[segments[i][..equals].Trim()] = segments[i][(equals + 1)..].Trim();
        }

        return settings;
    }

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"Storage connection string has no {name}.");

    private static Uri? Endpoint(Dictionary<string, string> settings, string name)
    {
        if (!settings.TryGetValue(name, out var value) || value.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"Storage connection string {name} is not an absolute http(s) URL.");
    }
}
