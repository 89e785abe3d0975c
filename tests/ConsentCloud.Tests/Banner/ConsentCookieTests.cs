using ConsentCloud.Tests.Browser;
using Microsoft.Playwright;
using static ConsentCloud.Tests.Banner.BannerPage;

namespace ConsentCloud.Tests.Banner;

/// <summary>
/// The stored decision: a first-party cc_consent cookie that script can read, SameSite=Lax, path /, Secure only on
/// https, living as long as the site's accept validity (12 months) or decline validity (6 months).
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ConsentCookieTests(BrowserFixture browser, BannerWorld world) : IClassFixture<BannerWorld>
{
    [Theory]
    [InlineData("accept", "acceptAll", 12)]
    [InlineData("reject", "rejectAll", 6)]
    public async Task TheConsentCookieIsAFirstPartyLaxCookieThatLivesAsLongAsTheDecisionsValidity(string button, string method, int months)
    {
        var siteKey = await world.PublishedSiteAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(world.Page(siteKey));

        var clicked = DateTimeOffset.UtcNow;
        await Button(page, button).ClickAsync();

        var (cookie, consent) = await ConsentCookieAsync(context, page.Url) ?? throw new Xunit.Sdk.XunitException("no cc_consent cookie");
        Assert.Equal("cc_consent", cookie.Name);
        Assert.Equal("localhost", cookie.Domain); // host-only: no cookieDomain configured
        Assert.Equal("/", cookie.Path);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.False(cookie.HttpOnly, "the banner's own script must read it");
        Assert.False(cookie.Secure, "Secure is set on https only; this page is http");

        // Playwright reports the expiry as a float (seconds): about two minutes of precision at this size.
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires);
        var expected = clicked.AddMonths(months);
        Assert.InRange(expires, expected.AddDays(-1), expected.AddDays(1));
        var expiresAt = consent.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, expiresAt.AddMinutes(-3), expiresAt.AddMinutes(3));

        Assert.Equal(method, consent.GetProperty("method").GetString());
        Assert.Equal(1, consent.GetProperty("revision").GetInt32());
        Assert.False(consent.GetProperty("gpc").GetBoolean());
        Assert.True(Guid.TryParseExact(consent.GetProperty("consentId").GetString(), "D", out var id));
        Assert.Equal('4', id.ToString("D")[14]);
        Assert.InRange(consent.GetProperty("decidedAt").GetDateTimeOffset(), clicked.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(method == "acceptAll" ? Choices("preferences", "statistics", "marketing") : Choices(), ChoicesOf(consent.GetProperty("choices")));
    }
}
