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

    /// <summary>"t" + 10 random lowercase hex characters: valid as a table name and as a container name (and their prefixes).</summary>
    public static string UniquePrefix() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
}
