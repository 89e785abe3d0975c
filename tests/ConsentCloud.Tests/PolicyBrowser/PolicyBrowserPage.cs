using System.Text.Json;
using ConsentCloud.Tests.Browser;
using ConsentCloud.Tests.Hosting;
using Microsoft.Playwright;

namespace ConsentCloud.Tests.PolicyBrowser;

/// <summary>
/// What the policy browser tests look at: the hosted pages' parts (PolicyRenderer's markup), the declaration embed's
/// parts (src/banner/README.md, "Declaration DOM"), an audit for anything active in a page, and the axe-core scan.
/// </summary>
internal static class PolicyBrowserPage
{
    /// <summary>The languages every fixture site offers, in the order the language switcher lists them.</summary>
    public static readonly string[] Languages = ["da", "nb", "sv", "fi", "en"];

    /// <summary>axe-core from npm, installed in .ci/tools by the test command; the repository root is found by walking up to ConsentCloud.sln.</summary>
    private static readonly string AxePath = Path.Combine(RepoPaths.Root, ".ci", "tools", "node_modules", "axe-core", "axe.min.js");

    public static ILocator LanguageSwitcher(IPage page) => page.Locator("header nav");

    public static ILocator Versions(IPage page) => page.Locator("footer .versions");

    public static ILocator Declaration(IPage page) => page.Locator("#consentcloud-declaration");

    /// <summary>The declaration's granted/denied cell for a category.</summary>
    public static ILocator DeclaredState(IPage page, string category) =>
        page.Locator($"#consentcloud-declaration .ccd-state dd[data-category=\"{category}\"]");

    public static ILocator DeclarationButton(IPage page, string action) =>
        page.Locator($"#consentcloud-declaration [data-ccd=\"{action}\"]");

    /// <summary>The banner's decision report (POST {app}/v1/sites/{key}/consents).</summary>
    public static bool IsReport(IResponse response) =>
        response.Request.Method == "POST" && response.Url.EndsWith("/consents", StringComparison.Ordinal);

    /// <summary>Records every alert/confirm/prompt the page opens (and dismisses it so nothing hangs).</summary>
    public static List<string> WatchDialogs(IPage page)
    {
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        return dialogs;
    }

    /// <summary>Whether any payload ran: each one sets window.__xss.</summary>
    public static Task<bool> PayloadRanAsync(IPage page) => page.EvaluateAsync<bool>("() => typeof window.__xss !== 'undefined'");

    /// <summary>
    /// Everything in <paramref name="scope"/> (a selector; the whole document when null) that could run or load code:
    /// script elements other than <paramref name="ownScripts"/> (anywhere in the document), event-handler attributes,
    /// embedding or form elements, and href/src/action targets that are not http(s) or mailto. Empty when inert.
    /// </summary>
    public static async Task<string[]> ActiveContentAsync(IPage page, string? scope, params string[] ownScripts)
    {
        var json = await page.EvaluateAsync<string>("""
            ([scope, own]) => {
              const problems = [];
              for (const s of document.querySelectorAll("script"))
                if (!own.includes(s.src)) problems.push("script " + (s.src || JSON.stringify(s.textContent.slice(0, 80))));
              const root = scope ? document.querySelector(scope) : document.documentElement;
              if (!root) return JSON.stringify(["no element " + scope]);
              const risky = /^(iframe|frame|frameset|object|embed|applet|img|image|svg|math|base|form|input|textarea|select|style|meta|template|video|audio|source|portal)$/;
              for (const el of [root, ...root.querySelectorAll("*")]) {
                const tag = el.tagName.toLowerCase();
                if (risky.test(tag) && !(tag == "meta" && el.closest("head") && !el.hasAttribute("http-equiv")))
                  problems.push("element <" + tag + "> " + el.outerHTML.slice(0, 120));
                for (const a of el.attributes) {
                  const name = a.name.toLowerCase();
                  if (name.startsWith("on")) problems.push(`attribute ${tag}[${a.name}=${JSON.stringify(a.value)}]`);
                  if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)) {
                    let protocol = "?";
                    try { protocol = new URL(a.value, document.baseURI).protocol; } catch { }
                    if (!["http:", "https:", "mailto:", "tel:"].includes(protocol)) problems.push(`${tag}[${a.name}=${JSON.stringify(a.value)}] (${protocol})`);
                  }
                }
              }
              return JSON.stringify(problems);
            }
            """, new object?[] { scope, ownScripts });
        return JsonSerializer.Deserialize<string[]>(json)!;
    }

    /// <summary>
    /// Runs axe-core on the page (or within <paramref name="include"/>) and fails on any serious or critical violation.
    /// The script is added as a &lt;script&gt; tag: on the hosted policy pages (CSP without script-src) that needs a
    /// context created with BypassCSP.
    /// </summary>
    public static async Task AssertNoSeriousAxeViolationsAsync(IPage page, string? include = null)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = await File.ReadAllTextAsync(AxePath) });
        var json = await page.EvaluateAsync<string>("""
            async (include) => {
              const result = await axe.run(include ? { include: [include] } : document, { resultTypes: ["violations"] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary) })));
            }
            """, include);
        var violations = JsonDocument.Parse(json).RootElement;
        Assert.True(violations.GetArrayLength() == 0, $"axe-core found serious or critical violations on {page.Url}: {violations}");
    }

    /// <summary>A full-page screenshot under TestResults/screenshots (BrowserFixture), named policy-….</summary>
    public static Task ScreenshotAsync(IPage page, string name) => BrowserFixture.ScreenshotAsync(page, "policy-" + name);
}
