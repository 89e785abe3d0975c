using System.Text.Json;
using Microsoft.Playwright;

namespace ConsentCloud.Tests.Banner;

/// <summary>The banner's parts on a page (the DOM in src/banner/README.md) and what it leaves in the browser.</summary>
internal static class BannerPage
{
    public const string CookieName = "cc_consent";

    /// <summary>The default banner's categories, in order.</summary>
    public static readonly string[] Categories = ["necessary", "preferences", "statistics", "marketing"];

    /// <summary>The one dialog the banner shows at a time: the first layer or the preferences.</summary>
    public static ILocator Dialog(IPage page) => page.Locator("#consentcloud .cc-d");

    public static ILocator Preferences(IPage page) => page.Locator("#consentcloud .cc-d.cc-p");

    public static ILocator Button(IPage page, string action) => page.Locator($"#consentcloud [data-cc=\"{action}\"]");

    public static ILocator Category(IPage page, string id) => page.Locator($"#cc-k-{id}");

    public static async Task AcceptAllAsync(IPage page) => await Button(page, "accept").ClickAsync();

    public static async Task RejectAllAsync(IPage page) => await Button(page, "reject").ClickAsync();

    /// <summary>Opens the preferences (from the first layer, unless they are open), sets each category as given, and saves.</summary>
    public static async Task SaveChoicesAsync(IPage page, params string[] granted)
    {
        if (await Preferences(page).CountAsync() == 0)
        {
            await Button(page, "customise").ClickAsync();
        }

        foreach (var box in await page.Locator("#consentcloud input[data-cc-cat]:not([disabled])").AllAsync())
        {
            var category = await box.GetAttributeAsync("data-cc-cat");
            var on = granted.Contains(category);
            await box.SetCheckedAsync(on);
        }

        await Button(page, "save").ClickAsync();
    }

    /// <summary>The cc_consent cookie as the browser holds it, and its decoded JSON; null when there is none.</summary>
    public static async Task<(BrowserContextCookiesResult Cookie, JsonElement Consent)?> ConsentCookieAsync(IBrowserContext context, string url)
    {
        var cookie = (await context.CookiesAsync([url])).SingleOrDefault(c => c.Name == CookieName);
        return cookie is null ? null : (cookie, JsonDocument.Parse(Uri.UnescapeDataString(cookie.Value)).RootElement.Clone());
    }

    public static async Task<JsonElement> RequireConsentCookieAsync(IBrowserContext context, string url) =>
        (await ConsentCookieAsync(context, url))?.Consent ?? throw new Xunit.Sdk.XunitException("The browser holds no cc_consent cookie.");

    /// <summary>The decision the banner holds (ConsentCloud.getConsent()), or null.</summary>
    public static async Task<JsonElement?> ConsentAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.ConsentCloud.getConsent())");
        var element = JsonDocument.Parse(json).RootElement.Clone();
        return element.ValueKind == JsonValueKind.Null ? null : element;
    }

    /// <summary>window.dataLayer as JSON; gtag()'s Arguments objects become {"arguments": [...]} so the two kinds can be told apart.</summary>
    public static async Task<JsonElement[]> DataLayerAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => JSON.stringify((window.dataLayer || []).map(e =>
              Object.prototype.toString.call(e) === "[object Arguments]" ? { arguments: Array.from(e) } : e))
            """);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Lets the banner's entry animation end, so screenshots and contrast checks see the final colours.</summary>
    public static async Task SettleAsync(IPage page) =>
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished)).then(() => true)");

    /// <summary>Only these named categories granted (and necessary), every other one denied.</summary>
    public static Dictionary<string, bool> Choices(params string[] granted) =>
        Categories.ToDictionary(c => c, c => c == "necessary" || granted.Contains(c));

    public static Dictionary<string, bool> ChoicesOf(JsonElement choices) =>
        choices.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean());

    /// <summary>A head script giving pages window.record(name): each test script records that it ran, in order, on &lt;html data-ran&gt;.</summary>
    public const string Recorder = """
        <script>
          window.record = (name) => {
            const html = document.documentElement;
            html.dataset.ran = ((html.dataset.ran || "") + " " + name).trim();
          };
        </script>
        """;

    /// <summary>What ran so far, in order, as window.record wrote it.</summary>
    public static async Task<string> RanAsync(IPage page) =>
        await page.EvaluateAsync<string>("() => document.documentElement.dataset.ran || ''");
}
