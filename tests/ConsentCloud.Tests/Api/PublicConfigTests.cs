using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Api;

public sealed class PublicConfigTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ThePublishedConfigIsServedWithAStrongETagShortCachingAndOpenCors()
    {
        var (_, siteKey) = await PublishedSiteAsync();

        var response = await app.CreateClient().GetAsync($"/v1/sites/{siteKey}/config.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.True(response.Headers.CacheControl.MaxAge <= TimeSpan.FromSeconds(30));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(siteKey, config.GetProperty("siteKey").GetString());
        Assert.Equal(1, config.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task TheConfigHoldsNoInternalFields()
    {
        var (agency, siteKey) = await PublishedSiteAsync();

        var text = await app.CreateClient().GetStringAsync($"/v1/sites/{siteKey}/config.json");

        Assert.DoesNotContain(agency.Id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(agency.OwnerUser.UserKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("publishedBy", text, StringComparison.Ordinal);
        Assert.DoesNotContain("retention", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AMatchingIfNoneMatchGets304()
    {
        var (_, siteKey) = await PublishedSiteAsync();
        var client = app.CreateClient();
        var first = await client.GetAsync($"/v1/sites/{siteKey}/config.json");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/config.json");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task CompressedVariantsCarryTheSameDocument(string encoding)
    {
        var (_, siteKey) = await PublishedSiteAsync();
        var client = app.CreateClient();
        var plain = await client.GetByteArrayAsync($"/v1/sites/{siteKey}/config.json");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/config.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        var response = await client.SendAsync(request);

        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsStreamAsync();
        using Stream decoder = encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());
        Assert.True(response.Content.Headers.ContentLength < plain.Length);
    }

    [Fact]
    public async Task APublishShowsUpAtOnceWithANewETag()
    {
        var (agency, siteKey) = await PublishedSiteAsync();
        var client = app.CreateClient();
        var before = (await client.GetAsync($"/v1/sites/{siteKey}/config.json")).Headers.ETag!.Tag;

        await app.PublishAsync(agency, siteKey);

        var after = await client.GetAsync($"/v1/sites/{siteKey}/config.json");
        Assert.NotEqual(before, after.Headers.ETag!.Tag);
        Assert.Equal(2, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32());
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa'a")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaa%23")]
    [InlineData("..%2F..%2Fdrafts")]
    public async Task UnknownOrMalformedSiteKeysGet404(string siteKey)
    {
        var response = await app.CreateClient().GetAsync($"/v1/sites/{siteKey}/config.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownKeyIsRememberedSoRepeatsDoNotReachStorage()
    {
        // A valid-looking key nobody published: the first request asks storage and remembers the answer.
        var siteKey = new string('q', 26);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode);

        // Put a config in storage behind the app's back: within the negative-cache window the app does not look.
        var (_, published) = await PublishedSiteAsync();
        var bytes = await client.GetByteArrayAsync($"/v1/sites/{published}/config.json");
        var blobs = new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(app.Prefix + "public");
        await blobs.GetBlobClient($"sites/{siteKey}/config.json").UploadAsync(new BinaryData(bytes), new BlobUploadOptions(), default);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode);

        // Once the entry is stale, the next request refreshes it in the background, and a later one sees the file.
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        await client.GetAsync($"/v1/sites/{siteKey}/config.json");
        var found = HttpStatusCode.NotFound;
        for (var i = 0; i < 50 && found != HttpStatusCode.OK; i++)
        {
            await Task.Delay(50);
            found = (await client.GetAsync($"/v1/sites/{siteKey}/config.json")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, found);
    }

    [Fact]
    public async Task AnotherInstancesPublishIsPickedUpAfterTheCacheWindow()
    {
        var (_, siteKey) = await PublishedSiteAsync();
        var client = app.CreateClient();
        var original = await client.GetByteArrayAsync($"/v1/sites/{siteKey}/config.json");

        // Another instance publishes revision 2: simulate by writing the public blob directly.
        var changed = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(original).Replace("\"revision\":1", "\"revision\":2", StringComparison.Ordinal));
        var blobs = new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(app.Prefix + "public");
        await blobs.GetBlobClient($"sites/{siteKey}/config.json").UploadAsync(new BinaryData(changed), new BlobUploadOptions(), default);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json")).GetProperty("revision").GetInt32());

        app.Clock.Advance(TimeSpan.FromSeconds(11));
        var revision = 1;
        for (var i = 0; i < 50 && revision != 2; i++)
        {
            revision = (await client.GetFromJsonAsync<JsonElement>($"/v1/sites/{siteKey}/config.json")).GetProperty("revision").GetInt32();
            await Task.Delay(50);
        }

        Assert.Equal(2, revision);
    }

    [Fact]
    public async Task HeadAnswersLikeGetWithoutABody()
    {
        var (_, siteKey) = await PublishedSiteAsync();

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/sites/{siteKey}/config.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<(TestAgency, string)> PublishedSiteAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, siteKey);
        return (agency, siteKey);
    }
}
