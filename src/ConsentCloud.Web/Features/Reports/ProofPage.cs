using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Consents;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// The proof of consent as a printable HTML page (no script): the site and controller, each decision with what was
/// chosen per category, and for each revision and language the visitor saw, the banner's exact texts, categories and
/// services. Every value is HTML-encoded: texts, service names and URLs come from agency input, user agents and page
/// URLs from visitors. <see cref="Render"/> gives a whole page; <see cref="RenderBody"/> the part a portal page embeds.
/// </summary>
public static class ProofPage
{
    /// <summary>For the response: nothing but the inline style may load or run.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #999}h3{font-size:1rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
        th{background:#f2f2f2}.mono{font-family:ui-monospace,monospace;word-break:break-all}.ok{color:#1b5e20}.bad{color:#b71c1c;font-weight:bold}
        blockquote{margin:.5rem 0;padding:.5rem 1rem;border-left:4px solid #999;background:#fafafa;white-space:pre-wrap}
        section{break-inside:avoid-page}@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
        """;

    public static string Render(ConsentProofModel model)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder(16 * 1024);
        page.Append(CultureInfo.InvariantCulture, $"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>{html.Encode($"Proof of consent {model.ConsentId:D}")}</title><style>{Style}</style></head><body>""");
        page.Append(RenderBody(model));
        page.Append("</body></html>");
        return page.ToString();
    }

    public static string RenderBody(ConsentProofModel model)
    {
        var h = HtmlEncoder.Default;
        var site = model.Site;
        var b = new StringBuilder(12 * 1024);
        b.Append(CultureInfo.InvariantCulture, $"<h1>Proof of consent</h1><table><tbody>");
        Pair(b, "Consent id", $"<span class=\"mono\">{model.ConsentId:D}</span>");
        Pair(b, "Website", $"{h.Encode(site.DisplayName)} ({h.Encode(string.Join(", ", site.Domains))})");
        Pair(b, "Controller", h.Encode($"{site.Company.LegalName}{(site.Company.RegistrationNumber is { } reg ? ", " + reg : "")}, {site.Company.Address.Street}, {site.Company.Address.PostalCode} {site.Company.Address.City}"));
        Pair(b, "Current state", h.Encode(model.History.Current is { } current ? ConsentStates.Name(current.State) : "none"));
        Pair(b, "Decisions", model.History.Decisions.Count.ToString(CultureInfo.InvariantCulture));
        Pair(b, "Generated", h.Encode(Instant(model.GeneratedAt)) + " by ConsentCloud");
        b.Append("</tbody></table>");

        for (var i = 0; i < model.History.Decisions.Count; i++)
        {
            Decision(b, i + 1, model.History.Decisions[i], model.Revisions.GetValueOrDefault(model.History.Decisions[i].Revision), h);
        }

        foreach (var (revision, language) in model.History.Decisions.Select(d => (d.Revision, d.Language)).Distinct().OrderBy(r => r.Revision).ThenBy(r => r.Language, StringComparer.Ordinal))
        {
            if (model.Revisions.GetValueOrDefault(revision) is { } shown)
            {
                Shown(b, shown, language, h);
            }
        }

        return b.ToString();
    }

    private static void Decision(StringBuilder b, int number, ConsentDecision d, ProofRevision? shown, HtmlEncoder h)
    {
        b.Append(CultureInfo.InvariantCulture, $"<section><h2>Decision {number}: {h.Encode(ConsentStates.MethodName(d.Method))}, {h.Encode(Instant(d.ReceivedAt))}</h2><table><tbody>");
        Pair(b, "Decided (visitor's clock)", h.Encode(Instant(d.DecidedAt)));
        Pair(b, "Received", h.Encode(Instant(d.ReceivedAt)));
        Pair(b, "Event id", $"<span class=\"mono\">{d.EventId:D}</span>");
        Pair(b, "Method", h.Encode(ConsentStates.MethodName(d.Method)));
        Pair(b, "State now", h.Encode(ConsentStates.Name(d.State)));
        Pair(b, "Valid until", h.Encode(Instant(d.ExpiresAt)));
        var hashNote = shown is null ? "<span class=\"bad\">revision not found</span>"
            : shown.Revision.ContentHash != d.ContentHash ? "<span class=\"bad\">differs from the stored revision</span>"
            : shown.HashMatches ? "<span class=\"ok\">matches the stored revision's content</span>"
            : "<span class=\"bad\">the stored revision's content no longer hashes to it</span>";
        Pair(b, "Banner revision", $"{d.Revision.ToString(CultureInfo.InvariantCulture)}, content hash <span class=\"mono\">{h.Encode(d.ContentHash)}</span> ({hashNote})");
        Pair(b, "Language", h.Encode(d.Language));
        Pair(b, "Page", $"<span class=\"mono\">{h.Encode(d.PageUrl)}</span>");
        Pair(b, "Global Privacy Control", d.Gpc ? "on" : "off");
        Pair(b, "IP address (truncated)", $"<span class=\"mono\">{h.Encode(d.IpPrefix)}</span>");
        Pair(b, "User agent", $"<span class=\"mono\">{h.Encode(d.UserAgent)}</span>");
        b.Append("</tbody></table><h3>Choices</h3><table><thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Choice</th></tr></thead><tbody>");
        var texts = shown?.Document.Texts.GetValueOrDefault(d.Language);
        foreach (var (category, granted) in d.Choices)
        {
            var name = texts?.Categories.GetValueOrDefault(category)?.Name is { } n ? $"{n} ({category})" : category;
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.Encode(name)}</td><td>{(granted ? "granted" : "denied")}</td></tr>");
        }

        b.Append("</tbody></table>");
        if (d.Services.Count > 0)
        {
            // Per service: granted with its category, or chosen on its own.
            b.Append("<h3>Services</h3><table><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Choice</th></tr></thead><tbody>");
            foreach (var (id, granted) in d.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var name = shown?.Document.Services.FirstOrDefault(s => s.Id == id)?.Name is { } n ? $"{n} ({id})" : id;
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.Encode(name)}</td><td>{(granted ? "granted" : "denied")}</td></tr>");
            }

            b.Append("</tbody></table>");
        }

        b.Append("</section>");
    }

    private static void Shown(StringBuilder b, ProofRevision shown, string language, HtmlEncoder h)
    {
        var doc = shown.Document;
        b.Append(CultureInfo.InvariantCulture, $"<section><h2>What the visitor was shown: revision {shown.Revision.Number}, language {h.Encode(language)}</h2>");
        b.Append(CultureInfo.InvariantCulture, $"<p>Published {h.Encode(Instant(shown.Revision.PublishedAt))}; content hash <span class=\"mono\">{h.Encode(shown.Revision.ContentHash)}</span>. Revisions are immutable: this is the text as published.</p>");
        if (doc.Texts.GetValueOrDefault(language) is not { } texts)
        {
            b.Append("<p class=\"bad\">The revision has no texts in this language.</p></section>");
            return;
        }

        b.Append(CultureInfo.InvariantCulture, $"<h3>{h.Encode(texts.Title)}</h3><blockquote>{h.Encode(texts.Body)}</blockquote>");
        b.Append(CultureInfo.InvariantCulture, $"<p>Buttons: “{h.Encode(texts.AcceptAll)}”, “{h.Encode(texts.RejectAll)}”, “{h.Encode(texts.Customise)}”, “{h.Encode(texts.Save)}”.</p>");
        foreach (var category in doc.Categories)
        {
            var ct = texts.Categories.GetValueOrDefault(category.Id);
            b.Append(CultureInfo.InvariantCulture, $"<h3>{h.Encode(ct?.Name ?? category.Id)} <span class=\"mono\">({h.Encode(category.Id)}{(category.Required ? ", always on" : "")})</span></h3>");
            if (ct is not null)
            {
                b.Append(CultureInfo.InvariantCulture, $"<p>{h.Encode(ct.Description)}</p>");
            }

            var services = doc.Services.Where(s => s.Category == category.Id).ToList();
            if (services.Count == 0)
            {
                continue;
            }

            b.Append("<table><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Provider</th><th scope=\"col\">Purpose</th><th scope=\"col\">Cookies and storage</th></tr></thead><tbody>");
            foreach (var s in services)
            {
                var cookies = string.Join("; ", s.Cookies.Select(c => $"{c.Name} ({c.Lifetime}{(c.Domain is { } d ? ", " + d : "")})"));
                var provider = s.PrivacyPolicyUrl is { } url ? $"{s.Provider}, privacy policy: {url}" : s.Provider;
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.Encode(s.Name)}</td><td>{h.Encode(provider)}</td><td>{h.Encode(s.Purpose.GetValueOrDefault(language) ?? "")}</td><td class=\"mono\">{h.Encode(cookies)}</td></tr>");
            }

            b.Append("</tbody></table>");
        }

        b.Append("</section>");
    }

    private static void Pair(StringBuilder b, string label, string valueHtml) =>
        b.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{HtmlEncoder.Default.Encode(label)}</th><td>{valueHtml}</td></tr>");

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
