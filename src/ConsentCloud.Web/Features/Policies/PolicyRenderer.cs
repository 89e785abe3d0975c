using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Policies.Texts;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>Everything one policy page is made from.</summary>
public sealed record PolicyInput(Site Site, PublishedConfig Banner, PolicyDraft Draft, PolicyKind Kind, string Language);

/// <summary>
/// Renders the hosted policies to static HTML. Every value that comes from a tenant is HTML-encoded where it is
/// written (text and attributes alike); agency Markdown goes through <see cref="PolicyMarkdown"/>, whose links
/// follow <see cref="PolicyLinks"/>. The main content is rendered apart from the version chrome so that its hash says
/// whether anything changed.
/// </summary>
public static class PolicyRenderer
{
    // All letters as themselves (å, ø, ä); markup-significant characters (< > & " ') always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    /// <summary>The start of the meta tag recording when a page was published (read back for the earlier-version notice).</summary>
    public const string PublishedMeta = "<meta name=\"cc-published\" content=\"";
    public const string PublishedFormat = "yyyy-MM-ddTHH:mm:sszzz";

    public static string Path(string siteKey, PolicyKind kind) => $"/p/{siteKey}/{Slug(kind)}";

    public static string Slug(PolicyKind kind) => kind == PolicyKind.Privacy ? "privacy" : "cookies";

    /// <summary>The main content of a page: what the content hash covers.</summary>
    public static string MainContent(PolicyInput input) =>
        input.Kind == PolicyKind.Privacy ? PrivacyMain(input) : CookiesMain(input);

    /// <summary>A whole page: head, language switcher, last updated, effective from and version, the main content, earlier versions.</summary>
    public static string Page(PolicyInput input, string main, int version, DateTimeOffset publishedAt, DateOnly effectiveFrom, IReadOnlyList<(int Number, DateTimeOffset At)> earlier)
    {
        var (site, lang, kind) = (input.Site, input.Language, input.Kind);
        var key = site.Key.Value;
        var culture = PolicyTexts.Culture(lang);
        var title = PolicyTexts.Get(lang, kind == PolicyKind.Privacy ? "privacy.title" : "cookies.title");
        var html = new StringBuilder(main.Length + 4096);
        html.Append("<!doctype html>\n<html lang=\"").Append(E(lang)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(PublishedMeta).Append(publishedAt.ToUniversalTime().ToString(PublishedFormat, CultureInfo.InvariantCulture)).Append("\">\n")
            .Append("<title>").Append(E(title)).Append(" – ").Append(E(site.Company.LegalName)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(PolicyStyles.Path).Append("\">\n");
        foreach (var language in site.Languages)
        {
            html.Append("<link rel=\"alternate\" hreflang=\"").Append(E(language)).Append("\" href=\"").Append(Path(key, kind)).Append("?lang=").Append(E(language)).Append("\">\n");
        }

        html.Append("<link rel=\"alternate\" hreflang=\"x-default\" href=\"").Append(Path(key, kind)).Append("\">\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#content\">").Append(E(PolicyTexts.Get(lang, "page.skipToContent"))).Append("</a>\n<div class=\"wrap\">\n<header>\n");
        if (site.Languages.Count > 1)
        {
            html.Append("<nav aria-label=\"").Append(E(PolicyTexts.Get(lang, "page.language"))).Append("\"><ul>");
            foreach (var language in site.Languages)
            {
                html.Append("<li><a lang=\"").Append(E(language)).Append("\" hreflang=\"").Append(E(language)).Append("\" href=\"?lang=").Append(E(language)).Append('"')
                    .Append(language == lang ? " aria-current=\"page\"" : "").Append('>').Append(E(LanguageName(language))).Append("</a></li>");
            }

            html.Append("</ul></nav>\n");
        }

        html.Append("<p class=\"meta\">").Append(E(PolicyTexts.Format(lang, "page.lastUpdated", ("date", publishedAt.ToString(LongDate(culture), culture)))))
            .Append(" · ").Append(E(PolicyTexts.Format(lang, "page.effectiveFrom", ("date", effectiveFrom.ToString(LongDate(culture), culture)))))
            .Append(" · ").Append(E(PolicyTexts.Format(lang, "page.version", ("number", version.ToString(culture))))).Append("</p>\n</header>\n")
            .Append("<!--cc:notice-->\n<main id=\"content\">\n<h1>").Append(E(title)).Append("</h1>\n").Append(main).Append("</main>\n<footer>\n<p>")
            .Append(kind == PolicyKind.Privacy
                ? Link($"{Path(key, PolicyKind.Cookies)}?lang={lang}", PolicyTexts.Get(lang, "page.otherPolicy.cookies"))
                : Link($"{Path(key, PolicyKind.Privacy)}?lang={lang}", PolicyTexts.Get(lang, "page.otherPolicy.privacy")))
            .Append("</p>\n");
        if (earlier.Count > 0)
        {
            html.Append("<section class=\"versions\"><h2>").Append(E(PolicyTexts.Get(lang, "page.versions"))).Append("</h2><ul>");
            foreach (var (number, at) in earlier)
            {
                var label = $"{PolicyTexts.Format(lang, "page.version", ("number", number.ToString(culture)))} – {at.ToString(LongDate(culture), culture)}";
                html.Append("<li>").Append(Link($"{Path(key, kind)}/v/{number}?lang={lang}", label)).Append("</li>");
            }

            html.Append("</ul></section>\n");
        }

        html.Append("<p class=\"muted powered\">").Append(E(PolicyTexts.Get(lang, "page.poweredBy"))).Append("</p>\n</footer>\n</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A page's HTML when read as an earlier version: a notice naming it and linking to the current one.</summary>
    public static string AsEarlierVersion(string html, string siteKey, PolicyKind kind, string lang, int number, DateTimeOffset at) =>
        html.Replace("<!--cc:notice-->", $"<p class=\"notice\" role=\"note\">{E(PolicyTexts.Format(lang, "page.viewingOld", ("number", number.ToString(PolicyTexts.Culture(lang))), ("date", at.ToString(LongDate(PolicyTexts.Culture(lang)), PolicyTexts.Culture(lang)))))} {Link($"{Path(siteKey, kind)}?lang={lang}", PolicyTexts.Get(lang, "page.current"))}</p>", StringComparison.Ordinal);

    public static string NotFound(string lang) => $"""
        <!doctype html>
        <html lang="{E(lang)}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(PolicyTexts.Get(lang, "notFound.title"))}</title><link rel="stylesheet" href="{PolicyStyles.Path}"></head>
        <body><div class="wrap"><main><h1>{E(PolicyTexts.Get(lang, "notFound.title"))}</h1><p>{E(PolicyTexts.Get(lang, "notFound.body"))}</p></main></div></body>
        </html>
        """;

    private static string PrivacyMain(PolicyInput input)
    {
        var (site, lang) = (input.Site, input.Language);
        var company = site.Company;
        var html = new StringBuilder();
        string T(string key) => PolicyTexts.Get(lang, key);
        string F(string key, params (string, string)[] values) => PolicyTexts.Format(lang, key, values);

        html.Append("<p>").Append(E(F("privacy.intro", ("company", company.LegalName)))).Append("</p>\n");

        html.Append("<h2 id=\"controller\">").Append(E(T("controller.heading"))).Append("</h2>\n<p>").Append(E(F("controller.body", ("company", company.LegalName)))).Append("</p>\n")
            .Append("<p><strong>").Append(E(company.LegalName)).Append("</strong></p>\n<dl class=\"facts\">");
        if (company.OrganisationForm is { Length: > 0 } form)
        {
            Fact(html, T("controller.organisationForm"), E(form));
        }

        if (company.RegistrationNumber is { Length: > 0 } number)
        {
            Fact(html, PolicyTexts.RegistrationLabel(site.Country, lang), E(number));
        }

        Fact(html, T("controller.address"), $"<address>{E(company.Address.Street)}<br>{E(company.Address.PostalCode)} {E(company.Address.City)}{(company.Address.Country is { Length: > 0 } c ? "<br>" + E(c) : "")}</address>");
        Fact(html, T("controller.email"), Mail(company.Email));
        if (company.Phone is { Length: > 0 } phone)
        {
            Fact(html, T("controller.phone"), E(phone));
        }

        if (company.Website is { Length: > 0 } website && Uri.TryCreate(website, UriKind.Absolute, out var home) && home.Scheme is "https" or "http")
        {
            Fact(html, T("controller.website"), Link(home.AbsoluteUri, home.Host));
        }

        html.Append("</dl>\n");
        if (company.DataProtectionContact is { } dpc)
        {
            html.Append("<h3>").Append(E(T("dpo.heading"))).Append("</h3>\n<p>").Append(E(F("dpo.body", ("name", dpc.Name), ("email", dpc.Email)))).Append("</p>\n");
            if (dpc.Title is { Length: > 0 } || dpc.Phone is { Length: > 0 })
            {
                html.Append("<dl class=\"facts\">");
                if (dpc.Title is { Length: > 0 } role)
                {
                    Fact(html, T("dpo.role"), E(role));
                }

                if (dpc.Phone is { Length: > 0 } dpcPhone)
                {
                    Fact(html, T("controller.phone"), Phone(dpcPhone));
                }

                html.Append("</dl>\n");
            }
        }

        AgencySections(html, input, PolicySections.All);

        html.Append("<h2 id=\"legal-basis\">").Append(E(T("legalBasis.heading"))).Append("</h2>\n<ul>");
        foreach (var basis in new[] { "legalBasis.consent", "legalBasis.necessary", "legalBasis.proof", "legalBasis.other" })
        {
            html.Append("<li>").Append(E(T(basis))).Append("</li>");
        }

        html.Append("</ul>\n");
        var consent = input.Banner.Consent;
        html.Append("<h2 id=\"consent\">").Append(E(T("consent.heading"))).Append("</h2>\n<p>")
            .Append(E(F("consent.body", ("acceptMonths", PolicyTexts.Months(lang, consent.AcceptValidityMonths)), ("declineMonths", PolicyTexts.Months(lang, consent.DeclineValidityMonths))))).Append("</p>\n<p>")
            .Append(E(T("consent.proof"))).Append("</p>\n<p>")
            .Append(E(T("consent.processor"))).Append("</p>\n<p>")
            .Append(E(F("consent.retention", ("retentionMonths", PolicyTexts.Months(lang, site.Consent.RetentionMonths))))).Append("</p>\n<p>")
            .Append(E(T("consent.change"))).Append(' ').Append(Link($"{Path(site.Key.Value, PolicyKind.Cookies)}?lang={lang}", T("page.otherPolicy.cookies"))).Append("</p>\n");
        if (consent.HonourGlobalPrivacyControl)
        {
            html.Append("<p>").Append(E(T("consent.gpc"))).Append("</p>\n");
        }

        html.Append("<h2 id=\"rights\">").Append(E(T("rights.heading"))).Append("</h2>\n<p>").Append(E(T("rights.intro"))).Append("</p>\n<ul>");
        foreach (var right in new[] { "access", "rectification", "erasure", "restriction", "objection", "automated", "portability", "withdraw", "complaint" })
        {
            html.Append("<li>").Append(E(T("rights." + right))).Append("</li>");
        }

        html.Append("</ul>\n<p>").Append(E(F("rights.contact", ("email", company.DataProtectionContact?.Email ?? company.Email)))).Append("</p>\n");

        html.Append("<h2 id=\"authority\">").Append(E(T("authority.heading"))).Append("</h2>\n");
        if (PolicyTexts.Authority(site.Country) is { } authority)
        {
            html.Append("<p>").Append(E(F("authority.body", ("authority", authority.Name)))).Append("</p>\n<address>").Append(E(authority.Name)).Append("<br>")
                .Append(E(authority.Address)).Append("<br>").Append(Link(authority.Website.ToString(), authority.Website.Host)).Append("<br>").Append(Mail(authority.Email))
                .Append("<br>").Append(E(T("controller.phone"))).Append(": ").Append(Phone(authority.Phone)).Append("</address>\n");
        }
        else
        {
            html.Append("<p>").Append(E(T("authority.other"))).Append("</p>\n");
        }

        html.Append("<h2 id=\"changes\">").Append(E(T("changes.heading"))).Append("</h2>\n<p>").Append(E(T("changes.body"))).Append("</p>\n");
        return html.ToString();
    }

    private static string CookiesMain(PolicyInput input)
    {
        var (site, lang, banner) = (input.Site, input.Language, input.Banner);
        var html = new StringBuilder();
        string T(string key) => PolicyTexts.Get(lang, key);
        var texts = banner.Texts.GetValueOrDefault(lang) ?? banner.Texts[banner.DefaultLanguage];

        html.Append("<p>").Append(E(PolicyTexts.Format(lang, "cookies.intro", ("company", site.Company.LegalName)))).Append("</p>\n<p>")
            .Append(E(T("cookies.what"))).Append("</p>\n<p>").Append(E(T("cookies.consent"))).Append("</p>\n<p>")
            .Append(E(PolicyTexts.CookieLaw(site.Country, lang))).Append("</p>\n");
        AgencySections(html, input, ["cookieKinds", "webBeacons"]);
        html.Append("<h2 id=\"categories\">").Append(E(T("cookies.categories"))).Append("</h2>\n");
        foreach (var category in banner.Categories)
        {
            var names = texts.Categories.GetValueOrDefault(category.Id);
            html.Append("<h3 id=\"category-").Append(E(category.Id)).Append("\">").Append(E(names?.Name ?? category.Id)).Append("</h3>\n<p>").Append(E(names?.Description)).Append("</p>\n");
            if (category.Id == BannerRules.Necessary)
            {
                html.Append("<p>").Append(E(T("cookies.necessaryNote"))).Append("</p>\n");
            }
            else if (category.Required)
            {
                html.Append("<p class=\"exempt\">").Append(E(T("cookies.exemptNote"))).Append(' ').Append(E(category.LegalReason?.GetValueOrDefault(lang))).Append("</p>\n");
            }

            var services = banner.Services.Where(s => s.Category == category.Id).ToList();
            if (category.Id == BannerRules.Necessary)
            {
                services.Insert(0, OwnStorage(site, banner));
            }

            if (services.Count == 0)
            {
                html.Append("<p class=\"muted\">").Append(E(T("cookies.noServices"))).Append("</p>\n");
            }

            foreach (var service in services)
            {
                ServiceDetails(html, service, lang);
            }
        }

        html.Append("<p>").Append(E(T("cookies.thirdParty"))).Append("</p>\n<h2 id=\"change\">").Append(E(T("consent.heading"))).Append("</h2>\n<p>")
            .Append(E(T("cookies.change"))).Append("</p>\n<p>").Append(E(T("cookies.delete"))).Append("</p>\n");
        AgencySections(html, input, ["deletingCookies"]);
        return html.ToString();
    }

    /// <summary>One service: provider (address with the country in the page's language), purpose, policy link, and its cookies with theirs.</summary>
    private static void ServiceDetails(StringBuilder html, ServiceConfig service, string lang)
    {
        string T(string key) => PolicyTexts.Get(lang, key);
        html.Append("<div class=\"service\"><h4>").Append(E(service.Name)).Append("</h4>\n<dl class=\"facts\">");
        Fact(html, T("table.provider"), E(service.ProviderAddress is { } address ? $"{service.Provider}, {Countries.Format(address, lang)}" : service.Provider));
        Fact(html, T("table.purpose"), E(service.Purpose.GetValueOrDefault(lang)));
        if (PolicyMarkdown.IsSafe(service.PrivacyPolicyUrl))
        {
            Fact(html, T("table.privacyPolicy"), Link(service.PrivacyPolicyUrl!, new Uri(service.PrivacyPolicyUrl!).Host));
        }

        html.Append("</dl>\n");
        if (service.Cookies.Count == 0)
        {
            html.Append("</div>\n");
            return;
        }

        var purposes = service.Cookies.Any(c => c.Purpose?.GetValueOrDefault(lang) is { Length: > 0 });
        html.Append("<table><caption class=\"muted\">").Append(E(T("table.cookies"))).Append("</caption><thead><tr><th scope=\"col\">").Append(E(T("table.name")))
            .Append("</th><th scope=\"col\">").Append(E(T("table.domain"))).Append("</th><th scope=\"col\">").Append(E(T("table.lifetime")))
            .Append("</th><th scope=\"col\">").Append(E(T("table.kind"))).Append("</th>");
        if (purposes)
        {
            html.Append("<th scope=\"col\">").Append(E(T("table.purpose"))).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var cookie in service.Cookies)
        {
            html.Append("<tr><td>").Append(cookie.Name is { } name ? $"<code>{E(name)}</code>" : $"<em class=\"unnamed\">{E(T("cookies.unnamed"))}</em>").Append("</td><td>")
                .Append(E(cookie.Domain ?? "—")).Append("</td><td>")
                .Append(E(PolicyTexts.Lifetime(lang, cookie.Lifetime))).Append("</td><td>").Append(E(T("kind." + char.ToLowerInvariant(cookie.Kind.ToString()[0]) + cookie.Kind.ToString()[1..]))).Append("</td>");
            if (purposes)
            {
                html.Append("<td>").Append(E(cookie.Purpose?.GetValueOrDefault(lang))).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>\n</div>\n");
    }

    /// <summary>What the banner itself stores (strictly necessary: it remembers the visitor's choice), always listed.</summary>
    private static ServiceConfig OwnStorage(Site site, PublishedConfig banner) => new()
    {
        Id = "consentcloud",
        Name = "ConsentCloud",
        Provider = site.Company.LegalName,
        Category = BannerRules.Necessary,
        Purpose = banner.Languages.ToDictionary(l => l, l => PolicyTexts.Get(l, "cookies.ownStorage")),
        Cookies =
        [
            new CookieConfig { Name = "cc_consent", Lifetime = $"{banner.Consent.AcceptValidityMonths}mo", Kind = CookieKind.HttpCookie },
            new CookieConfig { Name = "cc_outbox", Lifetime = "persistent", Kind = CookieKind.LocalStorage },
        ],
        StrictlyNecessary = true,
    };

    /// <summary>The agency's Markdown of each of <paramref name="sections"/> written in the page's language, under its h2.</summary>
    private static void AgencySections(StringBuilder html, PolicyInput input, IEnumerable<string> sections)
    {
        var domain = PolicyLinks.PrimaryDomain(input.Site);
        foreach (var section in sections)
        {
            if (input.Draft.Text(section, input.Language) is { } markdown)
            {
                html.Append("<h2 id=\"").Append(section).Append("\">").Append(E(PolicyTexts.Get(input.Language, "section." + section))).Append("</h2>\n")
                    .Append(PolicyMarkdown.ToHtml(markdown, domain, topLevel: 3));
            }
        }
    }

    /// <summary>A phone number as a tel: link (its digits and a leading +), shown as written.</summary>
    private static string Phone(string phone)
    {
        var digits = new string(phone.Where((c, i) => char.IsAsciiDigit(c) || (c == '+' && i == phone.TakeWhile(char.IsWhiteSpace).Count())).ToArray());
        return digits.Length > 0 ? $"<a href=\"tel:{E(digits)}\">{E(phone)}</a>" : E(phone);
    }

    private static void Fact(StringBuilder html, string term, string encodedValue) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(encodedValue).Append("</dd>");

    private static string Link(string href, string text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    private static string Mail(string email) => $"<a href=\"mailto:{E(email)}\">{E(email)}</a>";

    /// <summary>The culture's long date without the weekday ("12. marts 2025", "12 March 2025").</summary>
    public static string LongDate(CultureInfo culture) =>
        culture.DateTimeFormat.LongDatePattern.Replace("dddd", "", StringComparison.Ordinal).Trim(' ', ',');

    private static string LanguageName(string language) => language switch
    {
        "da" => "Dansk",
        "nb" => "Norsk",
        "sv" => "Svenska",
        "fi" => "Suomi",
        "en" => "English",
        "de" => "Deutsch",
        _ => language,
    };
}
