using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// Two instances of the app on the same storage (as two Function App instances are) share one Data Protection key
/// ring: what one protects (a portal cookie, an antiforgery token) the other reads; an app on other storage cannot.
/// </summary>
public sealed class SharedDataProtectionTests : IAsyncLifetime
{
    private readonly TestApp first = new();
    private readonly SecondInstance second;
    private readonly TestApp stranger = new();

    public SharedDataProtectionTests() => second = new SecondInstance(first.Prefix);

    public async Task InitializeAsync()
    {
        await first.InitializeAsync();
        await second.InitializeAsync();
        await stranger.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAppAsync();
        await second.DisposeAppAsync();
        await stranger.DisposeAppAsync();
    }

    [Fact]
    public async Task WhatOneInstanceProtectsAnotherOnTheSameStorageReadsAndTheKeyIsInBlobStorage()
    {
        var protectedText = Protector(first).Protect("signed-in person");

        Assert.Equal("signed-in person", Protector(second).Unprotect(protectedText));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(stranger).Unprotect(protectedText));

        var container = new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(first.Prefix + "dataprotection");
        var keys = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = "keys/" }))
        {
            keys.Add(blob.Name);
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.EndsWith(".xml", k, StringComparison.Ordinal));
    }

    private static IDataProtector Protector(TestApp app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

    /// <summary>The same storage prefix as another TestApp: a second instance of the same deployment.</summary>
    private sealed class SecondInstance(string prefix) : TestApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("Storage:TablePrefix", prefix), new("Storage:ContainerPrefix", prefix)];
    }
}
