using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Scanning;

/// <summary>
/// The app with the scanner pointed at local websites: www.bageriet.example (the sample site's domain) is
/// <see cref="Site"/>, other.example (not the site's) is <see cref="Foreign"/>, slow.bageriet.example answers only when a
/// test opens <see cref="SlowGate"/>, butik.bageriet.example is <see cref="Spare"/> (empty: a test puts in its pages).
/// Private addresses are allowed (the websites are on loopback), as only tests may.
/// </summary>
public class ScanApp : TestApp
{
    public const string Domain = "www.bageriet.example";
    public const string SlowDomain = "slow.bageriet.example";
    public const string ForeignDomain = "other.example";
    public const string SpareDomain = "butik.bageriet.example";
    public const int MaxPages = 20;

    public LocalWebsite Site { get; private set; } = null!;
    public LocalWebsite Foreign { get; private set; } = null!;
    public LocalWebsite Slow { get; private set; } = null!;
    public LocalWebsite Spare { get; private set; } = null!;
    public TaskCompletionSource SlowGate { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected virtual bool AllowPrivateAddresses => true;

    public override async Task InitializeAsync()
    {
        Site = await LocalWebsite.StartAsync();
        Foreign = await LocalWebsite.StartAsync();
        Slow = await LocalWebsite.StartAsync();
        Spare = await LocalWebsite.StartAsync();
        ScanPages.Build(Site, Foreign);
        Slow.Html("/", "<html><body>slow</body></html>", gate: SlowGate);
        await base.InitializeAsync();
    }

    /// <summary>A new gate for the slow site's home page (the previous one opened).</summary>
    public TaskCompletionSource CloseSlowGate()
    {
        SlowGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Slow.Html("/", "<html><body>slow</body></html>", gate: SlowGate);
        return SlowGate;
    }

    public override async Task DisposeAppAsync()
    {
        SlowGate.TrySetResult();
        await base.DisposeAppAsync();
        await Site.DisposeAsync();
        await Foreign.DisposeAsync();
        await Slow.DisposeAsync();
        await Spare.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Scanning:AllowPrivateAddresses", AllowPrivateAddresses ? "true" : "false"),
        new($"Scanning:TestOrigins:{Domain}", Site.Origin),
        new($"Scanning:TestOrigins:{ForeignDomain}", Foreign.Origin),
        new($"Scanning:TestOrigins:{SlowDomain}", Slow.Origin),
        new($"Scanning:TestOrigins:{SpareDomain}", Spare.Origin),
        new("Scanning:LocalPollSeconds", "0.1"),
        new("Scanning:MaxPages", MaxPages.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static Dictionary<string, object?> SiteWith(params string[] domains)
    {
        var site = SampleSite();
        site["domains"] = domains;
        return site;
    }

    /// <summary>A new agency's site on <paramref name="domains"/> (else the sample site's domain), verified in <see cref="Site"/>'s verification file.</summary>
    public async Task<(TestAgency Agency, string SiteKey)> SiteAsync(params string[] domains)
    {
        var (agency, siteKey) = await UnverifiedSiteAsync(domains);
        Site.Verify(siteKey);
        Slow.Verify(siteKey);
        return (agency, siteKey);
    }

    public async Task<(TestAgency Agency, string SiteKey)> UnverifiedSiteAsync(params string[] domains)
    {
        var agency = await CreateAgencyAsync();
        var siteKey = await CreateSiteAsync(agency, domains.Length == 0 ? null : SiteWith(domains));
        return (agency, siteKey);
    }

    public static async Task<HttpResponseMessage> StartScanAsync(TestAgency agency, string siteKey) =>
        await agency.Owner.PostAsync(agency.Path($"/sites/{siteKey}/scans"), null);

    public static async Task<JsonElement> StartedScanAsync(TestAgency agency, string siteKey)
    {
        var response = await StartScanAsync(agency, siteKey);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST scans: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls GET …/scans/{id} until the scan is done or failed (30 s at most).</summary>
    public static async Task<JsonElement> FinishedAsync(TestAgency agency, string siteKey, string scanId)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var scan = await agency.Owner.GetFromJsonAsync<JsonElement>(agency.Path($"/sites/{siteKey}/scans/{scanId}"));
            var status = scan.GetProperty("status").GetString();
            if (status is "done" or "failed" or "Done" or "Failed")
            {
                return scan;
            }

            Assert.True(DateTime.UtcNow < until, $"The scan is still {status}.");
            await Task.Delay(100);
        }
    }

    public async Task<JsonElement> ScanAsync(TestAgency agency, string siteKey)
    {
        var started = await StartedScanAsync(agency, siteKey);
        return await FinishedAsync(agency, siteKey, started.GetProperty("id").GetString()!);
    }
}

/// <summary>The sample site's pages, as a small agency client's site looks.</summary>
internal static class ScanPages
{
    public const int SitemapPages = 25;

    public static void Build(LocalWebsite site, LocalWebsite foreign)
    {
        site.Html("/", """
            <!doctype html>
            <html lang="da"><head>
              <title>Bageriet Hansen</title>
              <script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST1234"></script>
              <script src="https://cdn.unknown-widgets.example/widget.js"></script>
              <script src="/assets/site.js"></script>
              <noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1"></noscript>
            </head><body>
              <h1>Velkommen</h1>
              <iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>
              <a href="/om-os">Om os</a>
              <a href="/private/kasse">Kasse</a>
              <a href="/videre">Videre</a>
              <a href="https://other.example/tilbud">Tilbud hos naboen</a>
            </body></html>
            """, new Dictionary<string, string> { ["Set-Cookie"] = "bh_session=do-not-keep-this-value; Path=/; HttpOnly" });
        site.Text("/robots.txt", "text/plain", """
            User-agent: *
            Disallow: /private
            Sitemap: https://www.bageriet.example/sitemap-index.xml
            """);
        site.Text("/sitemap-index.xml", "application/xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://www.bageriet.example/sitemap-pages.xml</loc></sitemap>
            </sitemapindex>
            """);
        var urls = string.Concat(Enumerable.Range(1, SitemapPages).Select(i => $"<url><loc>https://www.bageriet.example/side-{i}</loc></url>"));
        site.Text("/sitemap-pages.xml", "application/xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.bageriet.example/om-os</loc></url><url><loc>https://www.bageriet.example/private/hemmelig</loc></url>{urls}</urlset>
            """);
        // The standard Google Tag Manager snippet: its loader's URL is only a string in an inline script. Beside it,
        // addresses in inline text that load nothing of a service (JSON-LD, a link in a script) are no unknown hosts.
        site.Html("/om-os", """
            <html><head>
              <script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
              j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
              })(window,document,'script','dataLayer','GTM-TEST123');</script>
              <script type="application/ld+json">{"@context":"https://schema.org","@type":"Bakery","url":"https:\/\/ld-only.example\/"}</script>
              <script>var help = "https://inline-only.example/help";</script>
            </head><body><script src="https://snap.licdn.com/li.lms-analytics/insight.min.js"></script></body></html>
            """);
        site.Html("/private/kasse", "<html><body>Kassen</body></html>");
        site.Html("/private/hemmelig", "<html><body>Hemmelig</body></html>");
        site.Redirect("/videre", "https://other.example/landing");
        for (var i = 1; i <= SitemapPages; i++)
        {
            site.Html($"/side-{i}", $"<html><body><p>Side {i}</p><a href=\"/side-{i}-mere\">mere</a></body></html>");
        }

        foreign.Html("/tilbud", "<html><body><script src=\"https://connect.facebook.net/en_US/fbevents.js\"></script></body></html>");
        foreign.Html("/landing", "<html><body>Landing</body></html>");
    }
}
