using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// The Data Protection key ring (what protects the portal's sign-in cookie, antiforgery tokens and correlation
/// cookies) in Blob storage, one blob per key, so every instance of the Function App reads and writes the same ring:
/// a cookie issued by one instance is accepted by the next. Keys are plain XML at rest, guarded by the storage
/// account's access control (the app's managed identity only); Azure's own Key Vault key wrapping needs a package
/// that is not obtainable here.
/// </summary>
public sealed class BlobXmlRepository(AppStorage storage) : IXmlRepository
{
    private const string Prefix = "keys/";
    private BlobContainerClient Container => storage.Container(AppStorage.DataProtectionContainer);

    // IXmlRepository is synchronous; the key manager calls it at start and when the ring is refreshed or a key is
    // created (every few days), never per request, so blocking on storage here is acceptable.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        var elements = new List<XElement>();
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix }))
            {
                var blob = await Container.GetBlobClient(item.Name).DownloadContentAsync();
                elements.Add(XElement.Parse(blob.Value.Content.ToString()));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: no keys yet.
        }

        return elements;
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        await Container.CreateIfNotExistsAsync();
        var name = $"{Prefix}{(string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName)}.xml";
        // Keys are immutable: a second instance storing the same key id is told it exists, which is fine.
        try
        {
            await Container.GetBlobClient(name).UploadAsync(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }
}

public static class SharedDataProtectionExtensions
{
    /// <summary>One application name and one key ring in storage for every instance.</summary>
    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("ConsentCloud");
        builder.Services.AddSingleton<BlobXmlRepository>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = services.GetRequiredService<BlobXmlRepository>()));
        return builder;
    }
}
