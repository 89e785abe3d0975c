using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

/// <summary>Blob operations against Azurite; each test gets its own container.</summary>
public sealed class BlobClientTests : IAsyncLifetime
{
    private readonly BlobContainerClient _container = StorageTestClients.AzuriteBlobs().GetBlobContainerClient(Azurite.UniquePrefix());

    public async Task InitializeAsync() => await _container.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _container.DeleteIfExistsAsync();

    [Fact]
    public async Task CreatingAContainerThatExistsIsNotAnError()
    {
        var again = await _container.CreateIfNotExistsAsync();

        Assert.Null(again);
    }

    [Fact]
    public async Task AnUploadedBlobDownloadsWithItsContentTypeAndETag()
    {
        var blob = _container.GetBlobClient("sites/a b/policy.json");

        var uploaded = await blob.UploadAsync(BinaryData.FromString("{\"v\":1}"), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json", CacheControl = "public, max-age=60" },
        });
        var downloaded = await blob.DownloadContentAsync();

        Assert.Equal(201, uploaded.GetRawResponse().Status);
        Assert.Equal("{\"v\":1}", downloaded.Value.Content.ToString());
        Assert.Equal(uploaded.Value.ETag, downloaded.Value.Details.ETag);
        Assert.Equal("application/json", downloaded.Value.Details.ContentType);
        Assert.Equal("public, max-age=60", downloaded.Value.Details.CacheControl);
        Assert.NotEqual(default, downloaded.Value.Details.LastModified);
        Assert.True((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task UploadingWithIfNoneMatchAllOverAnExistingBlobFailsWith409()
    {
        var blob = _container.GetBlobClient("once.txt");
        await blob.UploadAsync(BinaryData.FromString("first"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(
            BinaryData.FromString("second"), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }));
        var overwriteRefused = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("third"), overwrite: false));

        Assert.Equal(409, error.Status);
        Assert.Equal("BlobAlreadyExists", error.ErrorCode);
        Assert.Equal(409, overwriteRefused.Status);
        Assert.Equal("first", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task UploadingWithAStaleIfMatchFailsWith412AndWithTheCurrentOneSucceeds()
    {
        var blob = _container.GetBlobClient("cas.txt");
        var first = await blob.UploadAsync(BinaryData.FromString("1"));
        var second = await blob.UploadAsync(BinaryData.FromString("2"), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = first.Value.ETag } });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(
            BinaryData.FromString("3"), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = first.Value.ETag } }));

        Assert.Equal(412, error.Status);
        Assert.NotEqual(first.Value.ETag, second.Value.ETag);
        Assert.Equal("2", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task DownloadingWithTheCurrentETagAsIfNoneMatchAnswers304WithoutAValue()
    {
        var blob = _container.GetBlobClient("cached.txt");
        var uploaded = await blob.UploadAsync(BinaryData.FromString("cached"));

        var response = await blob.DownloadContentAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = uploaded.Value.ETag } });

        Assert.Equal(304, response.GetRawResponse().Status);
        Assert.False(response.HasValue);
    }

    [Fact]
    public async Task DownloadIfChangedReportsNotModifiedChangedAndNotFoundWithoutThrowing()
    {
        var blob = _container.GetBlobClient("hot.json");
        var first = await blob.UploadAsync(BinaryData.FromString("v1"), overwrite: true);

        var unchanged = await blob.DownloadIfChangedAsync(first.Value.ETag);
        var second = await blob.UploadAsync(BinaryData.FromString("v2"), overwrite: true);
        var changed = await blob.DownloadIfChangedAsync(first.Value.ETag);
        var unconditional = await blob.DownloadIfChangedAsync(null);
        await blob.DeleteIfExistsAsync();
        var gone = await blob.DownloadIfChangedAsync(second.Value.ETag);

        Assert.Equal(ConditionalDownloadStatus.NotModified, unchanged.Status);
        Assert.Null(unchanged.Content);
        Assert.Equal(first.Value.ETag, unchanged.ETag);
        Assert.Equal(ConditionalDownloadStatus.Downloaded, changed.Status);
        Assert.Equal("v2", changed.Content!.ToString());
        Assert.Equal(second.Value.ETag, changed.ETag);
        Assert.Equal("v2", unconditional.Content!.ToString());
        Assert.Equal(ConditionalDownloadStatus.NotFound, gone.Status);
    }

    [Fact]
    public async Task DownloadingAMissingBlobThrows404()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _container.GetBlobClient("missing").DownloadContentAsync());

        Assert.Equal(404, error.Status);
        Assert.Equal("BlobNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task ListingWithAPrefixFollowsNextMarkerAcrossSmallPages()
    {
        for (var i = 0; i < 30; i++)
        {
            await _container.GetBlobClient($"reports/{i:D2}.csv").UploadAsync(BinaryData.FromString($"row {i}"), new BlobUploadOptions { HttpHeaders = new() { ContentType = "text/csv" } });
        }

        await _container.GetBlobClient("other/ignored.csv").UploadAsync(BinaryData.FromString("x"));

        var pages = await _container.GetBlobsAsync(new GetBlobsOptions { Prefix = "reports/" }).AsPages(pageSizeHint: 7).ToListAsync();
        var blobs = pages.SelectMany(p => p.Values).ToList();

        Assert.Equal(5, pages.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"reports/{i:D2}.csv"), blobs.Select(b => b.Name));
        Assert.All(blobs, b => Assert.Equal("text/csv", b.Properties.ContentType));
        Assert.All(blobs, b => Assert.NotNull(b.Properties.ETag));
        Assert.Equal("row 0".Length, blobs[0].Properties.ContentLength);
        Assert.Equal(31, await _container.GetBlobsAsync(new GetBlobsOptions()).CountAsync());
    }

    [Fact]
    public async Task DeleteIfExistsSaysWhetherThereWasABlobToDelete()
    {
        var blob = _container.GetBlobClient("temp.txt");
        await blob.UploadAsync(BinaryData.FromString("x"));

        var first = await blob.DeleteIfExistsAsync();
        var second = await blob.DeleteIfExistsAsync();

        Assert.True(first.Value);
        Assert.False(second.Value);
        Assert.False((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task DownloadIfChangedReportsNotFoundWhenTheContainerIsGone()
    {
        var missing = StorageTestClients.AzuriteBlobs().GetBlobContainerClient(Azurite.UniquePrefix()).GetBlobClient("config.json");

        var result = await missing.DownloadIfChangedAsync(null);

        Assert.Equal(ConditionalDownloadStatus.NotFound, result.Status);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task DeletingWithSnapshotsIncludedRemovesABlobThatHasSnapshots()
    {
        // The stores delete drafts and published files with their snapshots: a snapshot must not keep a blob alive.
        var blob = _container.GetBlobClient("snapshotted.json");
        await blob.UploadAsync(BinaryData.FromString("v1"));
        await blob.CreateSnapshotAsync();

        var withoutSnapshots = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DeleteIfExistsAsync(DeleteSnapshotsOption.None));
        var deleted = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);

        Assert.Equal(409, withoutSnapshots.Status);
        Assert.True(deleted.Value);
        Assert.False((await blob.ExistsAsync()).Value);
    }
}
