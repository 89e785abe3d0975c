using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// GET /v1/sites/{siteKey}/banner.js over HTTP: the banner code with the site's published configuration inside, one
/// request, cacheable with a strong ETag that a republish changes, readable from any origin.
/// </summary>
public sealed class BannerScriptTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Where the bundle takes the site's configuration (src/banner/build.mjs checks it is there once).</summary>
    private const string Placeholder = "__CONSENTCLOUD_CONFIG__";

    [Fact]
    public async Task BannerJsCarriesTheCodeAndThePublishedConfiguration()
    {
        var siteKey = await PublishedSiteAsync();
        var client = app.CreateClient();

        using var response = await client.GetAsync($"/v1/sites/{siteKey}/banner.js");
        var config = await client.GetStringAsync($"/v1/sites/{siteKey}/config.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.False(response.Headers.ETag!.IsWeak);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"siteKey\":\"{siteKey}\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain(Placeholder, script, StringComparison.Ordinal);
        // The code around it is the current build of src/banner (the app's build embeds dist/banner.js).
        var bundle = await File.ReadAllTextAsync(BannerSizeTests.Bundle);
        Assert.Equal(1, bundle.Split(Placeholder).Length - 1);
        var (before, after) = (bundle[..bundle.IndexOf(Placeholder, StringComparison.Ordinal)], bundle[(bundle.IndexOf(Placeholder, StringComparison.Ordinal) + Placeholder.Length)..]);
        // After the code, only the census loader may follow (a site with the live census on; Features/Census).
        var end = script.LastIndexOf(after, StringComparison.Ordinal);
        Assert.True(script.StartsWith(before, StringComparison.Ordinal) && end > before.Length,
            "banner.js is not dist/banner.js with the configuration in place of the placeholder: is the app built from the current banner?");
        var rest = script[(end + after.Length)..];
        Assert.True(rest.Length == 0 || rest.Contains("census", StringComparison.Ordinal), "banner.js has more than the census loader after the code");
        // In the placeholder's place: config.json as published, plus the banner's words in the site's languages only.
        var composed = JsonNode.Parse(script[before.Length..end])!.AsObject();
        var words = composed["words"]!.AsObject();
        composed.Remove("words");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(config), composed), "the configuration in banner.js differs from config.json");
        var languages = JsonNode.Parse(config)!["languages"]!.AsArray().Select(l => l!.GetValue<string>()).Order();
        Assert.Equal(languages, words.Select(w => w.Key).Order());
        Assert.All(words, w => Assert.Equal(10, w.Value!.GetValue<string>().Split('|').Length));
    }

    [Fact]
    public async Task AMatchingETagGetsNotModified()
    {
        var siteKey = await PublishedSiteAsync();
        var client = app.CreateClient();
        using var first = await client.GetAsync($"/v1/sites/{siteKey}/banner.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/banner.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ARepublishChangesTheScriptAndItsETag()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, siteKey);
        var client = app.CreateClient();
        using var before = await client.GetAsync($"/v1/sites/{siteKey}/banner.js");

        await app.PublishAsync(agency, siteKey, new { requireRenewal = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/banner.js");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        var script = await after.Content.ReadAsStringAsync();
        Assert.Contains("\"revision\":2", script, StringComparison.Ordinal);
        Assert.Contains("\"renewalRevision\":2", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BannerJsIsCompressedForBrowsersThatAcceptIt()
    {
        var siteKey = await PublishedSiteAsync();
        var client = app.CreateClient();
        using var plain = await client.GetAsync($"/v1/sites/{siteKey}/banner.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/banner.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gzipped = await client.SendAsync(request);

        Assert.Equal("gzip", gzipped.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", gzipped.Headers.Vary);
        Assert.NotEqual(plain.Headers.ETag, gzipped.Headers.ETag);
        Assert.True(gzipped.Content.Headers.ContentLength < plain.Content.Headers.ContentLength / 2);
    }

    [Fact]
    public async Task ASiteWithoutAPublishedBannerGetsNotFound()
    {
        var agency = await app.CreateAgencyAsync();
        var unpublished = await app.CreateSiteAsync(agency);

        using var response = await app.CreateClient().GetAsync($"/v1/sites/{unpublished}/banner.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private async Task<string> PublishedSiteAsync()
    {
        var agency = await app.CreateAgencyAsync();
        var siteKey = await app.CreateSiteAsync(agency);
        await app.PublishAsync(agency, siteKey);
        return siteKey;
    }
}
