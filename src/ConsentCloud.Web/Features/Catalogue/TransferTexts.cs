namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// One sentence per transfer basis, in each language, for the purpose text a visitor reads: where data goes outside
/// the EU/EEA and on what legal basis (GDPR Art. 13(1)(f)). Countries are named in parentheses, so no language needs
/// a grammatical case for them.
/// </summary>
public static class TransferTexts
{
    /// <summary>The EU and EEA member states (ISO 3166): a transfer there is no transfer.</summary>
    public static readonly IReadOnlySet<string> Eea = new HashSet<string>(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    };

    private static readonly Dictionary<TransferBasis, Dictionary<string, string>> Sentences = new()
    {
        [TransferBasis.DataPrivacyFramework] = new()
        {
            ["da"] = "Oplysninger overføres uden for EU/EØS ({0}) på grundlag af EU-US Data Privacy Framework.",
            ["nb"] = "Opplysninger overføres ut av EU/EØS ({0}) på grunnlag av EU-US Data Privacy Framework.",
            ["sv"] = "Uppgifter överförs utanför EU/EES ({0}) med stöd av EU-US Data Privacy Framework.",
            ["fi"] = "Tietoja siirretään EU:n ja ETA:n ulkopuolelle ({0}) EU:n ja Yhdysvaltojen välisen tietosuojakehyksen (EU-US Data Privacy Framework) perusteella.",
            ["en"] = "Data is transferred outside the EU/EEA ({0}) under the EU-US Data Privacy Framework.",
            ["de"] = "Daten werden außerhalb der EU/des EWR übermittelt ({0}), gestützt auf das EU-US Data Privacy Framework.",
        },
        [TransferBasis.StandardContractualClauses] = new()
        {
            ["da"] = "Oplysninger overføres uden for EU/EØS ({0}) på grundlag af EU-Kommissionens standardkontraktbestemmelser.",
            ["nb"] = "Opplysninger overføres ut av EU/EØS ({0}) på grunnlag av EU-kommisjonens standard personvernbestemmelser.",
            ["sv"] = "Uppgifter överförs utanför EU/EES ({0}) med stöd av EU-kommissionens standardavtalsklausuler.",
            ["fi"] = "Tietoja siirretään EU:n ja ETA:n ulkopuolelle ({0}) EU:n komission vakiosopimuslausekkeiden perusteella.",
            ["en"] = "Data is transferred outside the EU/EEA ({0}) under the European Commission's standard contractual clauses.",
            ["de"] = "Daten werden außerhalb der EU/des EWR übermittelt ({0}), gestützt auf die Standardvertragsklauseln der EU-Kommission.",
        },
        [TransferBasis.AdequacyDecision] = new()
        {
            ["da"] = "Oplysninger overføres uden for EU/EØS ({0}) på grundlag af EU-Kommissionens afgørelse om tilstrækkeligt beskyttelsesniveau.",
            ["nb"] = "Opplysninger overføres ut av EU/EØS ({0}) på grunnlag av EU-kommisjonens beslutning om tilstrekkelig beskyttelsesnivå.",
            ["sv"] = "Uppgifter överförs utanför EU/EES ({0}) med stöd av EU-kommissionens beslut om adekvat skyddsnivå.",
            ["fi"] = "Tietoja siirretään EU:n ja ETA:n ulkopuolelle ({0}) EU:n komission tietosuojan riittävyyttä koskevan päätöksen perusteella.",
            ["en"] = "Data is transferred outside the EU/EEA ({0}) under an adequacy decision of the European Commission.",
            ["de"] = "Daten werden außerhalb der EU/des EWR übermittelt ({0}), gestützt auf einen Angemessenheitsbeschluss der EU-Kommission.",
        },
    };

    /// <summary>Country names in da, nb, sv, fi, en, de; other countries appear as their ISO code.</summary>
    private static readonly Dictionary<string, string[]> Countries = new(StringComparer.Ordinal)
    {
        ["US"] = ["USA", "USA", "USA", "Yhdysvallat", "United States", "USA"],
        ["GB"] = ["Storbritannien", "Storbritannia", "Storbritannien", "Iso-Britannia", "United Kingdom", "Vereinigtes Königreich"],
        ["CN"] = ["Kina", "Kina", "Kina", "Kiina", "China", "China"],
        ["NZ"] = ["New Zealand", "New Zealand", "Nya Zeeland", "Uusi-Seelanti", "New Zealand", "Neuseeland"],
        ["CH"] = ["Schweiz", "Sveits", "Schweiz", "Sveitsi", "Switzerland", "Schweiz"],
        ["CA"] = ["Canada", "Canada", "Kanada", "Kanada", "Canada", "Kanada"],
        ["JP"] = ["Japan", "Japan", "Japan", "Japani", "Japan", "Japan"],
        ["IN"] = ["Indien", "India", "Indien", "Intia", "India", "Indien"],
        ["SG"] = ["Singapore", "Singapore", "Singapore", "Singapore", "Singapore", "Singapur"],
        ["AU"] = ["Australien", "Australia", "Australien", "Australia", "Australia", "Australien"],
    };

    private static readonly string[] Languages = ["da", "nb", "sv", "fi", "en", "de"];

    /// <summary>The sentences for <paramref name="transfers"/> in <paramref name="language"/>; null when nothing leaves the EU/EEA.</summary>
    public static string? Describe(IReadOnlyList<DataTransfer> transfers, string language)
    {
        var index = Array.IndexOf(Languages, language);
        if (transfers.Count == 0 || index < 0)
        {
            return null;
        }

        var sentences = transfers
            .GroupBy(t => t.Basis)
            .OrderBy(g => g.Key)
            .Select(g => string.Format(System.Globalization.CultureInfo.InvariantCulture, Sentences[g.Key][language],
                string.Join(", ", g.Select(t => Countries.TryGetValue(t.Country, out var names) ? names[index] : t.Country))));
        return string.Join(" ", sentences);
    }
}
