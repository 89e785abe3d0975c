using System.Security.Cryptography;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// Where the tests' Azurite is. The test script starts Azurite on free ports and exports
/// <c>CONSENTCLOUD_TEST_STORAGE</c> (a connection string with explicit TableEndpoint/BlobEndpoint);
/// without it, Azurite's default ports (<c>UseDevelopmentStorage=true</c>).
/// </summary>
public static class Azurite
{
    public const string EnvironmentVariable = "CONSENTCLOUD_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } connectionString
            ? connectionString
            : "UseDevelopmentStorage=true";

    /// <summary>Azurite's well-known development account (public, in Microsoft's Azurite docs).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The table service's URL, with the account path (what the SDK's clients report as their <c>Uri</c>).</summary>
    public static Uri TableEndpoint => new Azure.Data.Tables.TableServiceClient(ConnectionString).Uri;

    /// <summary>The blob service's URL, with the account path.</summary>
    public static Uri BlobEndpoint => new Azure.Storage.Blobs.BlobServiceClient(ConnectionString).Uri;

    /// <summary>The queue service's URL, with the account path (for connection strings a test builds itself).</summary>
    public static Uri QueueEndpoint => new Azure.Storage.Queues.QueueServiceClient(ConnectionString).Uri;

    /// <summary>"t" + 10 random lowercase hex characters: valid as a table name and as a container name (and their prefixes).</summary>
    public static string UniquePrefix() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
}
