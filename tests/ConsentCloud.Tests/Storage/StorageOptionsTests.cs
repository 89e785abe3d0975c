using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ConsentCloud.Web.Hosting;
using ConsentCloud.Web.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Tests.Storage;

/// <summary><c>builder.AddStorage()</c>: configuration is validated at start, and the clients are registered.</summary>
public sealed class StorageOptionsTests
{
    [Fact]
    public async Task AConnectionStringRegistersTableAndBlobClients()
    {
        await using var app = Build(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Storage:TablePrefix"] = "t1" });

        app.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), app.Services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), app.Services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), app.Services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal("t1Sites", app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.TableName("Sites"));
    }

    [Fact]
    public async Task EndpointsWithoutAConnectionStringUseManagedIdentity()
    {
        await using var app = Build(new()
        {
            ["Storage:TableEndpoint"] = "https://acct.table.core.windows.net",
            ["Storage:BlobEndpoint"] = "https://acct.blob.core.windows.net",
            ["Storage:QueueEndpoint"] = "https://acct.queue.core.windows.net",
            ["Storage:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        app.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(new Uri("https://acct.table.core.windows.net"), app.Services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), app.Services.GetRequiredService<QueueServiceClient>().Uri);
    }

    [Fact]
    public async Task AQueueEndpointOverPlainHttpFailsAtStart()
    {
        await using var app = Build(new()
        {
            ["Storage:TableEndpoint"] = "https://acct.table.core.windows.net",
            ["Storage:BlobEndpoint"] = "https://acct.blob.core.windows.net",
            ["Storage:QueueEndpoint"] = "http://acct.queue.core.windows.net",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:QueueEndpoint must be an absolute https URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "Set either Storage:ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "https://acct.table.core.windows.net", "not both")]
    [InlineData("AccountName=a", null, "Storage:ConnectionString is invalid: it is not an account connection string")]
    public async Task MisconfiguredStorageFailsAtStartWithAClearMessage(string? connectionString, string? tableEndpoint, string expected)
    {
        await using var app = Build(new() { ["Storage:ConnectionString"] = connectionString, ["Storage:TableEndpoint"] = tableEndpoint });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleS1tdXN0LW5vdC1sZWFr;TableEndpoint=not a url")]
    [InlineData("DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0LWtleS1tdXN0LW5vdC1sZWFr")]
    [InlineData("c2VjcmV0LWtleS1tdXN0LW5vdC1sZWFr")]
    public async Task AMalformedConnectionStringFailsAtStartWithoutEchoingItsKey(string connectionString)
    {
        await using var app = Build(new() { ["Storage:ConnectionString"] = connectionString });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:ConnectionString is invalid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS1tdXN0LW5vdC1sZWFr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAppKeepsOneClientPerTableAndContainerWithThePrefixApplied()
    {
        await using var app = Build(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Storage:TablePrefix"] = "t1", ["Storage:ContainerPrefix"] = "c1" }, withAppStorage: true);
        var storage = app.Services.GetRequiredService<AppStorage>();

        var sites = storage.Table(AppStorage.SitesTable);
        var drafts = storage.Container(AppStorage.DraftsContainer);

        Assert.Same(sites, storage.Table(AppStorage.SitesTable));
        Assert.Same(drafts, storage.Container(AppStorage.DraftsContainer));
        Assert.Equal("t1Sites", sites.Name);
        Assert.Equal("c1drafts", drafts.Name);
        Assert.Equal("c1site-scans", storage.Queue(AppStorage.SiteScansQueue).Name);
        Assert.Same(storage.Queue(AppStorage.SiteScansQueue), storage.Queue(AppStorage.SiteScansQueue));
        Assert.NotSame(sites, storage.Table(AppStorage.ConsentsTable));
    }

    [Theory]
    [InlineData("https://acct.table.core.windows.net", null)]
    [InlineData("http://acct.table.core.windows.net", "http://acct.blob.core.windows.net")]
    public async Task ManagedIdentityNeedsBothEndpointsOverHttps(string? tableEndpoint, string? blobEndpoint)
    {
        await using var app = Build(new() { ["Storage:TableEndpoint"] = tableEndpoint, ["Storage:BlobEndpoint"] = blobEndpoint });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("both Storage:TableEndpoint and Storage:BlobEndpoint must be absolute https URLs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:TablePrefix", "has-dash")]
    [InlineData("Storage:TablePrefix", "1starts")]
    [InlineData("Storage:ContainerPrefix", "Upper")]
    public async Task PrefixesThatWouldMakeInvalidNamesFailAtStart(string key, string value)
    {
        await using var app = Build(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", [key] = value });

        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());
    }

    private static WebApplication Build(Dictionary<string, string?> settings, bool withAppStorage = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddStorage();
        if (withAppStorage)
        {
            builder.Services.AddSingleton<AppStorage>();
        }

        return builder.Build();
    }
}
