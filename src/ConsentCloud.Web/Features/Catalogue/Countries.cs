using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// Country names in da, nb, sv, fi, en and de, by ISO 3166-1 code: the countries of service providers and of data
/// transfers. A provider's address and a transfer name their country from here, so no page shows an English country
/// name in another language. A provider must be in one of these countries; add a row (all six names) for a new one.
/// </summary>
public static class Countries
{
    private static readonly string[] Languages = ["da", "nb", "sv", "fi", "en", "de"];

    private static readonly Dictionary<string, string[]> Names = new(StringComparer.Ordinal)
    {
        // The Nordics and the EU/EEA countries providers are established in
        ["DK"] = ["Danmark", "Danmark", "Danmark", "Tanska", "Denmark", "Dänemark"],
        ["NO"] = ["Norge", "Norge", "Norge", "Norja", "Norway", "Norwegen"],
        ["SE"] = ["Sverige", "Sverige", "Sverige", "Ruotsi", "Sweden", "Schweden"],
        ["FI"] = ["Finland", "Finland", "Finland", "Suomi", "Finland", "Finnland"],
        ["IS"] = ["Island", "Island", "Island", "Islanti", "Iceland", "Island"],
        ["IE"] = ["Irland", "Irland", "Irland", "Irlanti", "Ireland", "Irland"],
        ["MT"] = ["Malta", "Malta", "Malta", "Malta", "Malta", "Malta"],
        ["NL"] = ["Nederlandene", "Nederland", "Nederländerna", "Alankomaat", "Netherlands", "Niederlande"],
        ["DE"] = ["Tyskland", "Tyskland", "Tyskland", "Saksa", "Germany", "Deutschland"],
        ["FR"] = ["Frankrig", "Frankrike", "Frankrike", "Ranska", "France", "Frankreich"],
        ["LU"] = ["Luxembourg", "Luxembourg", "Luxemburg", "Luxemburg", "Luxembourg", "Luxemburg"],
        ["BE"] = ["Belgien", "Belgia", "Belgien", "Belgia", "Belgium", "Belgien"],
        ["AT"] = ["Østrig", "Østerrike", "Österrike", "Itävalta", "Austria", "Österreich"],
        ["ES"] = ["Spanien", "Spania", "Spanien", "Espanja", "Spain", "Spanien"],
        ["IT"] = ["Italien", "Italia", "Italien", "Italia", "Italy", "Italien"],
        ["PL"] = ["Polen", "Polen", "Polen", "Puola", "Poland", "Polen"],
        ["EE"] = ["Estland", "Estland", "Estland", "Viro", "Estonia", "Estland"],
        ["LT"] = ["Litauen", "Litauen", "Litauen", "Liettua", "Lithuania", "Litauen"],
        ["LV"] = ["Letland", "Latvia", "Lettland", "Latvia", "Latvia", "Lettland"],

        // Outside the EU/EEA
        ["US"] = ["USA", "USA", "USA", "Yhdysvallat", "United States", "USA"],
        ["GB"] = ["Storbritannien", "Storbritannia", "Storbritannien", "Iso-Britannia", "United Kingdom", "Vereinigtes Königreich"],
        ["CH"] = ["Schweiz", "Sveits", "Schweiz", "Sveitsi", "Switzerland", "Schweiz"],
        ["CN"] = ["Kina", "Kina", "Kina", "Kiina", "China", "China"],
        ["NZ"] = ["New Zealand", "New Zealand", "Nya Zeeland", "Uusi-Seelanti", "New Zealand", "Neuseeland"],
        ["CA"] = ["Canada", "Canada", "Kanada", "Kanada", "Canada", "Kanada"],
        ["JP"] = ["Japan", "Japan", "Japan", "Japani", "Japan", "Japan"],
        ["IN"] = ["Indien", "India", "Indien", "Intia", "India", "Indien"],
        ["SG"] = ["Singapore", "Singapore", "Singapore", "Singapore", "Singapore", "Singapur"],
        ["AU"] = ["Australien", "Australia", "Australien", "Australia", "Australia", "Australien"],
        ["IL"] = ["Israel", "Israel", "Israel", "Israel", "Israel", "Israel"],
        ["KR"] = ["Sydkorea", "Sør-Korea", "Sydkorea", "Etelä-Korea", "South Korea", "Südkorea"],
    };

    public static IEnumerable<string> Codes => Names.Keys;

    public static bool IsKnown(string? code) => code is not null && Names.ContainsKey(code);

    /// <summary>Countries that write the postal code before the city ("1112 København K"); the others after it ("Dublin 4, D04 E5W5", "New York, NY 10001").</summary>
    private static readonly HashSet<string> PostalCodeFirst = new(StringComparer.Ordinal)
    {
        "DK", "NO", "SE", "FI", "IS", "NL", "DE", "FR", "LU", "BE", "AT", "ES", "IT", "PL", "EE", "LT", "LV", "CH",
    };

    /// <summary>An address on one line as its country writes it, the country named in <paramref name="language"/>.</summary>
    public static string Format(PostalAddress address, string language)
    {
        var place = address.PostalCode is not { Length: > 0 } code ? address.City
            : PostalCodeFirst.Contains(address.Country) ? $"{code} {address.City}"
            : address.Country is "NZ" or "MT" or "AU" ? $"{address.City} {code}"
            : $"{address.City}, {code}";
        return $"{address.Street}, {place}, {Name(address.Country, language)}";
    }

    /// <summary>The country's name in <paramref name="language"/>; the code itself for a country or language not in the table.</summary>
    public static string Name(string code, string language)
    {
        var index = Array.IndexOf(Languages, language);
        return index >= 0 && Names.TryGetValue(code, out var names) ? names[index] : code;
    }
}
