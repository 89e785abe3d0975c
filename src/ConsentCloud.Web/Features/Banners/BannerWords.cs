using System.Text;
using System.Text.Json;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// The few words the banner shows beyond a site's own texts, "|"-separated in the order of the banner's W enum
/// (src/banner/src/i18n.ts): cookie policy, privacy policy, close, cookie settings, placeholder text ("%" = the
/// service), allow button, session, persistent, consent id, "up to" ("%" = the duration). They are composed into a
/// site's banner.js in its own languages only (not carried in the bundle for every language), at serve time, so a
/// document published before they moved here gets them too.
/// </summary>
public static class BannerWords
{
    public static readonly IReadOnlyDictionary<string, string> ByLanguage = new Dictionary<string, string>
    {
        ["da"] = "Cookiepolitik|Privatlivspolitik|Luk|Cookieindstillinger|Indhold fra % vises først, når du tillader det.|Tillad %|session|vedvarende|Samtykke-ID|op til %",
        ["nb"] = "Informasjonskapsler|Personvernerklæring|Lukk|Innstillinger for informasjonskapsler|Innhold fra % vises først når du tillater det.|Tillat %|økt|vedvarende|Samtykke-ID|opptil %",
        ["sv"] = "Cookiepolicy|Integritetspolicy|Stäng|Cookieinställningar|Innehåll från % visas först när du tillåter det.|Tillåt %|session|beständig|Samtyckes-ID|upp till %",
        ["fi"] = "Evästekäytäntö|Tietosuojaseloste|Sulje|Evästeasetukset|Palvelun % sisältö näytetään vasta, kun sallit sen.|Salli %|istunto|pysyvä|Suostumustunnus|enintään %",
        ["en"] = "Cookie policy|Privacy policy|Close|Cookie settings|Content from % is shown only if you allow it.|Allow %|session|persistent|Consent ID|up to %",
        ["de"] = "Cookie-Richtlinie|Datenschutzerklärung|Schließen|Cookie-Einstellungen|Inhalte von % werden erst angezeigt, wenn Sie sie erlauben.|% erlauben|Sitzung|dauerhaft|Einwilligungs-ID|höchstens %",
    };

    /// <summary>The configuration JSON object with a "words" member for <paramref name="languages"/> added at its end.</summary>
    public static byte[] AddTo(ReadOnlySpan<byte> configJson, IEnumerable<string> languages)
    {
        var end = configJson.LastIndexOf((byte)'}');
        if (end < 0)
        {
            throw new InvalidDataException("The configuration is not a JSON object.");
        }

        var words = languages.Distinct().Where(ByLanguage.ContainsKey).ToDictionary(l => l, l => ByLanguage[l]);
        var member = Encoding.UTF8.GetBytes(",\"words\":" + JsonSerializer.Serialize(words, PublishedConfig.Json));
        var output = new byte[configJson.Length + member.Length];
        configJson[..end].CopyTo(output);
        member.CopyTo(output.AsSpan(end));
        configJson[end..].CopyTo(output.AsSpan(end + member.Length));
        return output;
    }
}
