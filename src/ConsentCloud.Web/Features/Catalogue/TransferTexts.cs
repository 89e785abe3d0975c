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

    /// <summary>The sentences for <paramref name="transfers"/> in <paramref name="language"/>; null when nothing leaves the EU/EEA.</summary>
    public static string? Describe(IReadOnlyList<DataTransfer> transfers, string language)
    {
        if (transfers.Count == 0 || !Sentences[TransferBasis.DataPrivacyFramework].ContainsKey(language))
        {
            return null;
        }

        var sentences = transfers
            .GroupBy(t => t.Basis)
            .OrderBy(g => g.Key)
            .Select(g => string.Format(System.Globalization.CultureInfo.InvariantCulture, Sentences[g.Key][language],
                string.Join(", ", g.Select(t => Countries.Name(t.Country, language)))));
        return string.Join(" ", sentences);
    }
}
