using System.Text.Json;
using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;
using static Microsoft.Playwright.Assertions;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// Each decision reaches the ingest endpoint (proof of consent, GDPR Art. 7(1)); one made while the endpoint fails
/// waits in the localStorage outbox and is sent again within the page view and on the next one, with the visitor's
/// own decision time.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ReportingTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Fact]
    public async Task TheDecisionReachesTheServerWithItsMethodChoicesAndThePageUrlWithoutQuery()
    {
        var siteKey = await world.PublishedSiteAsync();
        var url = world.Page(siteKey, lang: "en", name: "kurv");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + "?email=visitor%40example.com#betaling");

        var report = await page.RunAndWaitForResponseAsync(() => SaveChoicesAsync(page, "preferences", "statistics"), IsReport);

        Assert.Equal(201, report.Status);
        Assert.Equal("text/plain", (await report.Request.HeaderValueAsync("content-type"))?.Split(';')[0]);
        var consent = await RequireConsentCookieAsync(context, url);
        var history = await world.HistoryAsync(siteKey, consent.GetProperty("consentId").GetString()!);
        Assert.True(history.GetProperty("held").GetBoolean());
        var current = history.GetProperty("current");
        Assert.Equal("custom", current.GetProperty("method").GetString());
        Assert.Equal(Choices("preferences", "statistics"), ChoicesOf(current.GetProperty("choices")));
        Assert.Equal(url, current.GetProperty("pageUrl").GetString());
        Assert.Equal("en", current.GetProperty("language").GetString());
        Assert.Equal(1, current.GetProperty("revision").GetInt32());
        Assert.False(current.GetProperty("gpc").GetBoolean());
        Assert.Equal("active", current.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(0)] // the network fails: no answer at all
    public async Task ADecisionMadeWhileTheIngestEndpointFailsIsDeliveredByTheNextPageViewAtTheLatest(int status)
    {
        var siteKey = await world.PublishedSiteAsync();
        var url = world.Page(siteKey);
        var consents = $"{world.App.BaseUrl}/v1/sites/{siteKey}/consents";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(consents, async route =>
        {
            try
            {
                if (status == 0)
                {
                    await route.AbortAsync("connectionfailed");
                }
                else
                {
                    await route.FulfillAsync(new RouteFulfillOptions
                    {
                        Status = status, ContentType = "application/problem+json", Body = """{"status":503,"title":"Service unavailable"}""",
                        Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = world.Site.BaseUrl },
                    });
                }
            }
            catch (PlaywrightException)
            {
                // a retry sent as the page closes: the page is gone before it can be answered
            }

            failed.TrySetResult();
        });
        await page.GotoAsync(url);

        await AcceptAllAsync(page);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var consentId = (await RequireConsentCookieAsync(context, url)).GetProperty("consentId").GetString()!;
        Assert.False((await world.HistoryAsync(siteKey, consentId)).GetProperty("held").GetBoolean());
        await page.WaitForFunctionAsync("() => JSON.parse(localStorage.getItem('cc_outbox') || '[]').length === 1");
        await page.CloseAsync(); // its own retries keep failing until then

        page = await context.NewPageAsync();
        var report = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(url), IsReport);

        // 200 when the closing page's last try (on visibilitychange, keepalive, past the page's routes) had already
        // delivered it and this one was deduplicated; 201 when this page view delivered it.
        Assert.True(report.Status is 200 or 201, $"status {report.Status}");
        await page.WaitForFunctionAsync("() => localStorage.getItem('cc_outbox') === null");
        var history = await world.HistoryAsync(siteKey, consentId);
        Assert.True(history.GetProperty("held").GetBoolean());
        Assert.Equal("acceptAll", history.GetProperty("current").GetProperty("method").GetString());
        Assert.Single(history.GetProperty("decisions").EnumerateArray());
        await Expect(Dialog(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AReportThatFailsIsSentAgainWithinTheSamePageViewWithTheVisitorsDecisionTime()
    {
        var siteKey = await world.PublishedSiteAsync();
        var url = world.Page(siteKey);
        var consents = $"{world.App.BaseUrl}/v1/sites/{siteKey}/consents";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var attempts = 0;
        await page.RouteAsync(consents, async route =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 503, ContentType = "application/problem+json", Body = """{"status":503}""",
                    Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = world.Site.BaseUrl },
                });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync(url);

        // No reload, no navigation: the banner tries again by itself (after about a second).
        var delivered = await page.RunAndWaitForResponseAsync(() => AcceptAllAsync(page), r => IsReport(r) && r.Status == 201, new() { Timeout = 15_000 });

        Assert.Equal(2, attempts);
        await page.WaitForFunctionAsync("() => localStorage.getItem('cc_outbox') === null");
        var cookie = await RequireConsentCookieAsync(context, url);
        var current = (await world.HistoryAsync(siteKey, cookie.GetProperty("consentId").GetString()!)).GetProperty("current");
        var decidedAt = cookie.GetProperty("decidedAt").GetDateTimeOffset();
        Assert.Equal(decidedAt, current.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.NotEqual(decidedAt, current.GetProperty("receivedAt").GetDateTimeOffset()); // the app's own clock
        // The validity counts from the decision; a browser clock ahead of the app's (this world's app clock stands
        // still) never lengthens it past receipt.
        var receivedAt = current.GetProperty("receivedAt").GetDateTimeOffset();
        Assert.Equal(decidedAt.AddMonths(12), cookie.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal((decidedAt < receivedAt ? decidedAt : receivedAt).AddMonths(12), current.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(JsonDocument.Parse(delivered.Request.PostData!).RootElement.TryGetProperty("expiresAt", out _), "the server computes the expiry");
    }

    [Fact]
    public async Task AReportTheServerRefusesIsDroppedFromTheOutboxNotRetried()
    {
        var siteKey = await world.PublishedSiteAsync();
        var consents = $"{world.App.BaseUrl}/v1/sites/{siteKey}/consents";
        await using var context = await browser.NewContextAsync();
        // The visitor's clock is two days ahead: the server refuses the decision time with a 400.
        await context.AddInitScriptAsync("""
            (() => { const skew = 2 * 24 * 3600 * 1000, D = Date;
              window.Date = class extends D { constructor(...a) { super(...(a.length ? a : [D.now() + skew])); } static now() { return D.now() + skew; } }; })();
            """);
        var page = await context.NewPageAsync();
        var attempts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url == consents)
            {
                Interlocked.Increment(ref attempts);
            }
        };
        await page.GotoAsync(world.Page(siteKey));

        var refused = await page.RunAndWaitForResponseAsync(() => AcceptAllAsync(page), IsReport);

        Assert.Equal(400, refused.Status);
        await page.WaitForFunctionAsync("() => localStorage.getItem('cc_outbox') === null");
        await page.WaitForTimeoutAsync(2500); // longer than the first retry's delay
        Assert.Equal(1, attempts);
    }

    private static bool IsReport(IResponse response) =>
        response.Request.Method == "POST" && response.Url.EndsWith("/consents", StringComparison.Ordinal);
}
