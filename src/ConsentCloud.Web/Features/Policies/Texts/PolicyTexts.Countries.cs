namespace ConsentCloud.Web.Features.Policies.Texts;

public static partial class PolicyTexts
{
    private static readonly SupervisoryAuthority Denmark =
        new("Datatilsynet", "Carl Jacobsens Vej 35, 2500 Valby", new Uri("https://www.datatilsynet.dk"), "dt@datatilsynet.dk", "+45 33 19 32 00");

    private static readonly SupervisoryAuthority Norway =
        new("Datatilsynet", "Postboks 458 Sentrum, 0105 Oslo", new Uri("https://www.datatilsynet.no"), "postkasse@datatilsynet.no", "+47 22 39 69 00");

    private static readonly SupervisoryAuthority Sweden =
        new("Integritetsskyddsmyndigheten (IMY)", "Box 8114, 104 20 Stockholm", new Uri("https://www.imy.se"), "imy@imy.se", "+46 8 657 61 00");

    private static readonly SupervisoryAuthority Finland =
        new("Tietosuojavaltuutetun toimisto", "PL 800, 00531 Helsinki", new Uri("https://tietosuoja.fi"), "tietosuoja@om.fi", "+358 29 566 6700");

    /// <summary>The data protection authority of a Nordic country (ISO 3166 code), or null for any other country.</summary>
    public static SupervisoryAuthority? Authority(string country) => country.ToUpperInvariant() switch
    {
        "DK" => Denmark,
        "NO" => Norway,
        "SE" => Sweden,
        "FI" => Finland,
        _ => null,
    };

    /// <summary>How a company's registration number is labelled for a company in <paramref name="country"/>, on a page in <paramref name="language"/>.</summary>
    public static string RegistrationLabel(string country, string language)
    {
        var generic = Get(language, "controller.registrationNumber");
        return (country.ToUpperInvariant(), language) switch
        {
            ("DK", "en") => "CVR no.",
            ("DK", _) => "CVR-nr.",
            ("NO", "en") => "Organisation number (NO)",
            ("NO", _) => "Organisasjonsnummer",
            ("SE", _) => "Organisationsnummer",
            ("FI", "sv") => "FO-nummer",
            ("FI", _) => "Y-tunnus",
            _ => generic,
        };
    }

    /// <summary>
    /// Which cookie law applies where the company is established (DK, NO, SE, FI, DE; otherwise the EU/EEA in general),
    /// followed by what that law allows without consent: one paragraph for the cookie policy.
    /// </summary>
    public static string CookieLaw(string country, string language)
    {
        var key = country.ToUpperInvariant() switch
        {
            "DK" => "cookies.law.dk",
            "NO" => "cookies.law.no",
            "SE" => "cookies.law.se",
            "FI" => "cookies.law.fi",
            "DE" => "cookies.law.de",
            _ => "cookies.law.other",
        };
        return $"{Get(language, key)} {Get(language, "cookies.law.rule")}";
    }
}
