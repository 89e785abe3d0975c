using ConsentCloud.Web.Features.Catalogue;

namespace ConsentCloud.Tests.Catalogue;

public sealed class UrlPatternTests
{
    private static readonly ServiceCatalogue Builtin = new();

    [Theory]
    [InlineData("connect.facebook.net", "https://connect.facebook.net/en_US/fbevents.js", true)]
    [InlineData("facebook.net", "https://connect.facebook.net/en_US/fbevents.js", true)]
    [InlineData("facebook.net", "https://evilfacebook.net/x.js", false)]
    [InlineData("facebook.net", "https://facebook.net.example.com/x.js", false)]
    [InlineData("facebook.com/tr", "https://www.facebook.com/tr?id=1&ev=PageView", true)]
    [InlineData("facebook.com/tr", "https://www.facebook.com/login", false)]
    [InlineData("youtube.com/embed", "https://WWW.YOUTUBE.COM/embed/abc", true)]
    [InlineData("youtube.com/embed", "https://www.youtube.com/Embed/abc", false)]
    [InlineData("hotjar.com", "http://static.hotjar.com/c/hotjar-1.js", true)]
    [InlineData("hotjar.com", "ftp://static.hotjar.com/c/hotjar-1.js", false)]
    [InlineData("www.googletagmanager.com/gtag/js?id=G-", "https://www.googletagmanager.com/gtag/js?id=G-ABC123", true)]
    [InlineData("www.googletagmanager.com/gtag/js?id=G-", "https://www.googletagmanager.com/gtag/js?l=dataLayer&id=G-ABC123", true)]
    [InlineData("www.googletagmanager.com/gtag/js?id=G-", "https://www.googletagmanager.com/gtag/js?id=AW-123", false)]
    [InlineData("www.googletagmanager.com/gtag/js?id=G-", "https://www.googletagmanager.com/gtag/js", false)]
    public void APatternMatchesItsHostOnALabelBoundaryItsPathPrefixAndItsQueryPrefix(string pattern, string url, bool matches)
    {
        Assert.True(UrlPatterns.IsValid(pattern));
        Assert.Equal(matches, UrlPatterns.Matches(pattern, new Uri(url)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Connect.facebook.net")]
    [InlineData("https://connect.facebook.net")]
    [InlineData("localhost")]
    [InlineData("*.facebook.net")]
    [InlineData("facebook.net/tr?id")]
    [InlineData("facebook.net/a b")]
    public void MalformedPatternsAreRefused(string pattern) => Assert.False(UrlPatterns.IsValid(pattern));

    [Fact]
    public void APatternLongerThanTheBoundIsRefused() =>
        Assert.False(UrlPatterns.IsValid("example.com/" + new string('a', UrlPatterns.MaxLength)));

    [Theory]
    [InlineData("https://www.googletagmanager.com/gtag/js?id=G-XYZ", "google-analytics")]
    [InlineData("https://www.googletagmanager.com/gtag/js?id=AW-1234", "google-ads")]
    [InlineData("https://www.googletagmanager.com/gtm.js?id=GTM-ABCD", "google-tag-manager")]
    [InlineData("https://connect.facebook.net/en_US/fbevents.js", "meta-pixel")]
    [InlineData("https://www.facebook.com/tr?id=1&ev=PageView&noscript=1", "meta-pixel")]
    [InlineData("https://snap.licdn.com/li.lms-analytics/insight.min.js", "linkedin-insight")]
    [InlineData("https://analytics.tiktok.com/i18n/pixel/events.js", "tiktok-pixel")]
    [InlineData("https://static.hotjar.com/c/hotjar-123.js?sv=6", "hotjar")]
    [InlineData("https://www.clarity.ms/tag/abc", "microsoft-clarity")]
    [InlineData("https://cdn.matomo.cloud/example.matomo.cloud/matomo.js", "matomo-cloud")]
    [InlineData("https://siteimproveanalytics.com/js/siteanalyze_1.js", "siteimprove")]
    [InlineData("https://js.hs-scripts.com/123.js", "hubspot")]
    [InlineData("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube")]
    [InlineData("https://www.youtube.com/iframe_api", "youtube")]
    [InlineData("https://player.vimeo.com/video/76979871", "vimeo")]
    [InlineData("https://www.google.com/maps/embed?pb=abc", "google-maps")]
    [InlineData("https://maps.googleapis.com/maps/api/js?key=k", "google-maps")]
    [InlineData("https://assets.calendly.com/assets/external/widget.js", "calendly")]
    [InlineData("https://widget.trustpilot.com/bootstrap/v5/tp.widget.bootstrap.min.js", "trustpilot")]
    [InlineData("https://static.zdassets.com/ekr/snippet.js?key=k", "zendesk-chat")]
    [InlineData("https://widget.intercom.io/widget/abc", "intercom")]
    public void EachCatalogueServiceIsFoundByTheUrlsItLoads(string url, string service) =>
        Assert.Equal([service], Builtin.FindByUrl(new Uri(url)).Select(s => s.Id));

    [Fact]
    public void GooglesCombinedTagBelongsToAnalyticsAndAdsAlike() =>
        Assert.Equal(["google-analytics", "google-ads"], Builtin.FindByUrl(new Uri("https://www.googletagmanager.com/gtag/js?id=GT-ABC")).Select(s => s.Id));

    [Theory]
    [InlineData("https://cdn.example.com/jquery.min.js")]
    [InlineData("https://www.google.com/search?q=maps")]
    [InlineData("https://www.googletagmanager.com/gtag/js")]
    public void UnknownUrlsBelongToNoService(string url) => Assert.Empty(Builtin.FindByUrl(new Uri(url)));

    [Fact]
    public void EveryServiceThatCanBeBlockedHasPatternsAndEveryEmbedHostIsCovered()
    {
        Assert.All(Builtin.All.Where(s => !s.StrictlyNecessary && !s.SelfHosted), s => Assert.NotEmpty(s.UrlPatterns));
        Assert.All(Builtin.All.Where(s => s.StrictlyNecessary), s => Assert.Empty(s.UrlPatterns));
        Assert.All(Builtin.All.Where(s => s.Embed is not null), s => Assert.All(s.Embed!.Hosts, host =>
            Assert.Contains(s, Builtin.FindByUrl(new Uri("https://" + host)))));
    }

    [Fact]
    public void ACustomServiceWithABadPatternIsRefusedWithItsPath()
    {
        var custom = Builtin.Get("hotjar")! with { Id = "local-heatmap", UrlPatterns = ["heatmap.example.dk", "https://bad"] };
        var errors = Builtin.CheckCustom(custom, ["da", "en"], ["necessary", "statistics"]);
        Assert.Equal([UrlPatterns.Message], errors["urlPatterns[1]"]);
        Assert.False(errors.ContainsKey("urlPatterns[0]"));
    }
}
