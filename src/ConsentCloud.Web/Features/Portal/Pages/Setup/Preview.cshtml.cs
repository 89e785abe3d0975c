using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Policies;
using Microsoft.AspNetCore.Mvc;

namespace ConsentCloud.Web.Features.Portal.Pages.Setup;

/// <summary>
/// The live preview: a small document running the real built banner (<see cref="ScriptBundle.Banner"/>) with the
/// site's DRAFT configuration marked "preview" (the banner then stores and reports nothing), in the layout and
/// language asked for. Only for staff who see the site (the portal's access rules, like every wizard page); meant
/// for the wizard's sandboxed iframe (allow-scripts only: an opaque origin, no cookies, no portal access). Its CSP
/// allows exactly the one inline script and the banner's style element (by nonce), nothing else; only the portal
/// itself may frame it.
/// </summary>
[SitePage(AgencyRole.Member)]
public sealed class PreviewModel(DraftStore drafts) : PortalPageModel
{
    public async Task<IActionResult> OnGetAsync(string? layout, string? lang, CancellationToken ct)
    {
        var config = (await drafts.GetAsync(Site.Agency, Site.Key, ct))?.Config ?? DefaultBanner.For(Site.Languages);
        if (Enum.TryParse<BannerLayout>(layout, ignoreCase: true, out var chosen) && Enum.IsDefined(chosen))
        {
            config = config with { Appearance = config.Appearance with { Layout = chosen, Position = PositionFor(chosen, config.Appearance.Position) } };
        }

        var language = lang is not null && Site.Languages.Contains(lang) ? lang : Site.DefaultLanguage;
        var document = JsonSerializer.SerializeToNode(PublishedConfig.From(Site, config) with { Revision = 1, RenewalRevision = 1 }, PublishedConfig.Json)!.AsObject();
        document["preview"] = true;
        var json = Encoding.UTF8.GetBytes(document.ToJsonString(PublishedConfig.Json));
        var script = Encoding.UTF8.GetString(ScriptBundle.Banner.Compose(BannerWords.AddTo(ConsentModeSignals.Complete(json), Site.Languages)));

        var nonce = PortalSecurityHeaders.Nonce(HttpContext);
        PortalSecurityHeaders.ReplacePolicy(HttpContext, (_, n) => (
            $"default-src 'none'; script-src 'nonce-{n}'; style-src 'nonce-{n}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'", true));
        var html = $"""
            <!doctype html>
            <html lang="{PolicyRenderer.E(language)}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Banner preview</title>
            <script nonce="{nonce}">{script.Replace("</", "<\\/", StringComparison.Ordinal)}</script>
            </head>
            <body>
            <main><h1>{PolicyRenderer.E(Site.DisplayName)}</h1><p>{PolicyRenderer.E(string.Join(", ", Site.Domains))}</p></main>
            </body>
            </html>
            """;
        return Content(html, "text/html; charset=utf-8");
    }

    /// <summary>A position the layout can take: a bar spans the top or bottom, a modal sits in the centre.</summary>
    private static BannerPosition PositionFor(BannerLayout layout, BannerPosition current) => layout switch
    {
        BannerLayout.Bar => current is BannerPosition.Top ? BannerPosition.Top : BannerPosition.Bottom,
        BannerLayout.Modal => BannerPosition.Center,
        _ => current is BannerPosition.BottomLeft or BannerPosition.BottomRight ? current : BannerPosition.BottomLeft,
    };
}
