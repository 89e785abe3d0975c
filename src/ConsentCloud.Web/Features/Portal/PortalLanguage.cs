using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>
/// The portal's language for the person reading it: a choice they made (the <see cref="Cookie"/>, set by following a
/// link with <c>?ui-lang=da</c>), else their browser's Accept-Language, else English. Only the UI culture changes: dates
/// and numbers keep one format in every language, so a page reads the same figures whoever opens it. Texts that have
/// no translation yet fall back to English (the neutral .resx).
/// </summary>
public static class PortalLanguage
{
    public const string Cookie = "cc_portal_lang";
    public const string Query = "ui-lang";
    public const string Default = "en";

    /// <summary>The five languages of the product, in the order the picker lists them.</summary>
    public static readonly IReadOnlyList<string> Supported = ["da", "nb", "sv", "fi", "en"];

    /// <summary>Each language's name in itself, for the picker.</summary>
    public static string NativeName(string language) => language switch
    {
        "da" => "Dansk",
        "nb" => "Norsk bokmål",
        "sv" => "Svenska",
        "fi" => "Suomi",
        _ => "English",
    };

    /// <summary>The language the current request is rendered in (one of <see cref="Supported"/>).</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var code && Supported.Contains(code) ? code : Default;

    /// <summary>Request localization for /portal, and the <c>?ui-lang=</c> switch that remembers a choice and drops the parameter.</summary>
    public static void UsePortalLanguage(this IApplicationBuilder portal)
    {
        portal.Use(async (context, next) =>
        {
            if (context.Request.Query[Query] is { Count: 1 } asked && HttpMethods.IsGet(context.Request.Method))
            {
                var language = Supported.FirstOrDefault(l => l == asked[0]) ?? Default;
                context.Response.Cookies.Append(Cookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Default, language)), new CookieOptions
                {
                    Path = PortalPaths.Home,
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    MaxAge = TimeSpan.FromDays(365),
                    IsEssential = true,
                });
                var rest = context.Request.Query.Where(q => q.Key != Query).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
                context.Response.Redirect(context.Request.PathBase + context.Request.Path + QueryString.Create(rest));
                return;
            }

            await next(context);
        });

        var cultures = new[] { new CultureInfo(Default) };
        portal.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Default),
            SupportedCultures = cultures,
            SupportedUICultures = [.. Supported.Select(l => new CultureInfo(l))],
            FallBackToParentUICultures = true,
            RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = Cookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ],
        });
    }

    /// <summary>
    /// The picker's link: only the query <c>?ui-lang=da</c>, which the browser resolves against the page it is on. The
    /// page never repeats its own path or query (an invitation's path holds its token, a sign-in callback's query its
    /// code); the switch answers with a redirect to the same path.
    /// </summary>
    public static string LinkTo(string language) => "?" + Query + "=" + Uri.EscapeDataString(language);
}
