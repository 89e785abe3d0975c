using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Policies.Texts;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Tests.Policies;

public sealed partial class PolicyTextsTests
{
    /// <summary>The keys the renderer was promised; additions may come, none of these may go.</summary>
    private static readonly string[] ContractKeys =
    [
        "privacy.title", "cookies.title", "page.lastUpdated", "page.version", "page.versions", "page.viewingOld", "page.current",
        "page.language", "page.otherPolicy.privacy", "page.otherPolicy.cookies", "page.contents", "page.poweredBy",
        "notFound.title", "notFound.body",
        "privacy.intro", "controller.heading", "controller.body", "controller.address", "controller.email", "controller.phone",
        "dpo.heading", "dpo.body", "section.purposes", "section.dataCollected", "section.recipients", "section.transfers",
        "section.security", "section.children", "section.other", "consent.heading", "consent.body", "consent.proof",
        "consent.retention", "consent.change", "rights.heading", "rights.intro", "rights.access", "rights.rectification",
        "rights.erasure", "rights.restriction", "rights.objection", "rights.automated", "rights.portability", "rights.withdraw",
        "rights.complaint", "rights.contact", "authority.heading", "authority.body", "authority.other",
        "cookies.intro", "cookies.what", "cookies.consent", "cookies.categories", "cookies.necessaryNote", "cookies.noServices",
        "cookies.thirdParty", "cookies.change", "cookies.delete", "table.service", "table.provider", "table.purpose",
        "table.cookies", "table.name", "table.domain", "table.lifetime", "table.kind", "table.privacyPolicy",
        "kind.httpCookie", "kind.localStorage", "kind.sessionStorage", "kind.pixel",
    ];

    /// <summary>The placeholders the renderer fills, by key; every other key has none.</summary>
    private static readonly Dictionary<string, string[]> ContractPlaceholders = new()
    {
        ["page.lastUpdated"] = ["date"],
        ["page.version"] = ["number"],
        ["page.viewingOld"] = ["date", "number"],
        ["privacy.intro"] = ["company"],
        ["controller.body"] = ["company"],
        ["dpo.body"] = ["email", "name"],
        ["consent.body"] = ["acceptMonths", "declineMonths"],
        ["consent.retention"] = ["retentionMonths"],
        ["rights.contact"] = ["email"],
        ["authority.body"] = ["authority"],
        ["cookies.intro"] = ["company"],
    };

    public static TheoryData<string> Languages => new(PolicyTexts.Languages);

    [Fact]
    public void TheLanguagesAreTheSixTheSitesMayShow()
    {
        Assert.Equal(["da", "nb", "sv", "fi", "en", "de"], PolicyTexts.Languages);
        Assert.Equal(SiteLanguages.Supported, PolicyTexts.Languages);
    }

    [Fact]
    public void KeysHoldEveryContractKeyOnce()
    {
        Assert.Equal(PolicyTexts.Keys.Count, PolicyTexts.Keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(ContractKeys.Except(PolicyTexts.Keys));
    }

    [Fact]
    public void EveryAgencySectionHasAHeading()
    {
        foreach (var section in PolicySections.Any)
        {
            Assert.Contains("section." + section, PolicyTexts.Keys);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryLanguageHasEveryKeyWithText(string language)
    {
        foreach (var key in PolicyTexts.Keys)
        {
            var text = PolicyTexts.Get(language, key);
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}/{key} is empty");
            Assert.True(text == text.Trim(), $"{language}/{key} has leading or trailing white space");
            Assert.DoesNotContain("  ", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void TextsArePlainTextWithoutHtmlOrMarkdown(string language)
    {
        foreach (var key in PolicyTexts.Keys)
        {
            var text = PolicyTexts.Get(language, key);
            var bad = text.IndexOfAny(['<', '>', '&', '*', '_', '#', '`', '[', ']', '|', '\\', '"', '\n', '\r', '\t']);
            Assert.True(bad < 0, $"{language}/{key} has '{(bad < 0 ? ' ' : text[bad])}': {text}");
            var withoutPlaceholders = Placeholder().Replace(text, "");
            Assert.DoesNotContain('{', withoutPlaceholders);
            Assert.DoesNotContain('}', withoutPlaceholders);
        }
    }

    [Fact]
    public void EachKeyUsesTheSamePlaceholdersInEveryLanguage()
    {
        foreach (var key in PolicyTexts.Keys)
        {
            var english = PlaceholdersOf(PolicyTexts.Get("en", key));
            foreach (var language in PolicyTexts.Languages)
            {
                Assert.True(english.SetEquals(PlaceholdersOf(PolicyTexts.Get(language, key))), $"{language}/{key} has other placeholders than en");
            }
        }
    }

    [Fact]
    public void ContractKeysUseExactlyThePlaceholdersTheRendererFills()
    {
        foreach (var key in ContractKeys)
        {
            var expected = ContractPlaceholders.GetValueOrDefault(key) ?? [];
            foreach (var language in PolicyTexts.Languages)
            {
                Assert.Equal(expected, PlaceholdersOf(PolicyTexts.Get(language, key)).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void AnUnknownLanguageOrKeyIsNotFound()
    {
        Assert.Throws<KeyNotFoundException>(() => PolicyTexts.Get("xx", "privacy.title"));
        Assert.Throws<KeyNotFoundException>(() => PolicyTexts.Get("no", "privacy.title"));
        Assert.Throws<KeyNotFoundException>(() => PolicyTexts.Get("en", "privacy.nothing"));
        Assert.Throws<KeyNotFoundException>(() => PolicyTexts.Culture("xx"));
        Assert.Throws<KeyNotFoundException>(() => PolicyTexts.Months("xx", 1));
        Assert.Throws<KeyNotFoundException>(() => PolicyTexts.RegistrationLabel("DK", "xx"));
    }

    [Fact]
    public void FormatFillsEveryPlaceholderAsPlainText()
    {
        var text = PolicyTexts.Format("en", "dpo.body", ("name", "Ada {email} <b>"), ("email", "dpo@example.dk"));

        Assert.Equal("If you have questions about how we process your personal data, you can contact Ada {email} <b> at dpo@example.dk.", text);
    }

    [Fact]
    public void FormatRefusesToLeaveAPlaceholderEmpty()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyTexts.Format("da", "consent.body", ("acceptMonths", "12 måneder")));

        Assert.Contains("{declineMonths}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MonthsReadNaturallyInsideTheConsentSentence()
    {
        var text = PolicyTexts.Format("fi", "consent.body", ("acceptMonths", PolicyTexts.Months("fi", 12)), ("declineMonths", PolicyTexts.Months("fi", 1)));

        Assert.Contains("valintasi voimassaoloaika on 12 kuukautta", text, StringComparison.Ordinal);
        Assert.Contains("kieltäytymisesi voimassaoloaika on 1 kuukausi", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("da", 1, "1 måned")]
    [InlineData("da", 13, "13 måneder")]
    [InlineData("nb", 1, "1 måned")]
    [InlineData("nb", 13, "13 måneder")]
    [InlineData("sv", 1, "1 månad")]
    [InlineData("sv", 13, "13 månader")]
    [InlineData("fi", 1, "1 kuukausi")]
    [InlineData("fi", 13, "13 kuukautta")]
    [InlineData("en", 1, "1 month")]
    [InlineData("en", 13, "13 months")]
    [InlineData("de", 1, "1 Monat")]
    [InlineData("de", 13, "13 Monate")]
    public void MonthsAreSingularForOneAndPluralOtherwise(string language, int n, string expected) =>
        Assert.Equal(expected, PolicyTexts.Months(language, n));

    [Theory]
    [InlineData("da", "session", "Indtil browseren lukkes")]
    [InlineData("en", "session", "Until the browser is closed")]
    [InlineData("en", "persistent", "No fixed expiry")]
    [InlineData("da", "persistent", "Ingen fast udløbsdato")]
    [InlineData("da", "30min", "30 minutter")]
    [InlineData("da", "1min", "1 minut")]
    [InlineData("da", "1d", "1 dag")]
    [InlineData("da", "400d", "400 dage")]
    [InlineData("da", "2y", "2 år")]
    [InlineData("nb", "1h", "1 time")]
    [InlineData("nb", "24h", "24 timer")]
    [InlineData("nb", "7d", "7 dager")]
    [InlineData("nb", "1w", "1 uke")]
    [InlineData("sv", "1h", "1 timme")]
    [InlineData("sv", "24h", "24 timmar")]
    [InlineData("sv", "2w", "2 veckor")]
    [InlineData("sv", "13mo", "13 månader")]
    [InlineData("fi", "1mo", "1 kuukausi")]
    [InlineData("fi", "13mo", "13 kuukautta")]
    [InlineData("fi", "1y", "1 vuosi")]
    [InlineData("fi", "2y", "2 vuotta")]
    [InlineData("fi", "30min", "30 minuuttia")]
    [InlineData("en", "30min", "30 minutes")]
    [InlineData("en", "1d", "1 day")]
    [InlineData("en", "13mo", "13 months")]
    [InlineData("en", "1y", "1 year")]
    [InlineData("en", "2y", "2 years")]
    [InlineData("de", "1d", "1 Tag")]
    [InlineData("de", "400d", "400 Tage")]
    [InlineData("de", "1w", "1 Woche")]
    [InlineData("de", "2y", "2 Jahre")]
    [InlineData("de", "90min", "90 Minuten")]
    public void LifetimesReadAsWords(string language, string lifetime, string expected) =>
        Assert.Equal(expected, PolicyTexts.Lifetime(language, lifetime));

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryLanguageNamesEveryLifetimeUnit(string language)
    {
        foreach (var lifetime in new[] { "session", "persistent", "1min", "2min", "1h", "2h", "1d", "2d", "1w", "2w", "1mo", "2mo", "1y", "2y", "99999d" })
        {
            var text = PolicyTexts.Lifetime(language, lifetime);
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}/{lifetime}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("13")]
    [InlineData("0d")]
    [InlineData("13 months")]
    [InlineData("1s")]
    [InlineData("Session")]
    public void ALifetimeInAnotherFormIsRefused(string lifetime) =>
        Assert.Throws<ArgumentException>(() => PolicyTexts.Lifetime("en", lifetime));

    [Theory]
    [InlineData("da", "da-DK")]
    [InlineData("nb", "nb-NO")]
    [InlineData("sv", "sv-SE")]
    [InlineData("fi", "fi-FI")]
    [InlineData("en", "en-GB")]
    [InlineData("de", "de-DE")]
    public void EachLanguageFormatsDatesInItsCountrysCulture(string language, string culture) =>
        Assert.Equal(culture, PolicyTexts.Culture(language).Name);

    [Fact]
    public void TheNordicAuthoritiesHaveTheirOfficialContactDetails()
    {
        var dk = PolicyTexts.Authority("DK");
        Assert.Equal(new SupervisoryAuthority("Datatilsynet", "Carl Jacobsens Vej 35, 2500 Valby", new Uri("https://www.datatilsynet.dk"), "dt@datatilsynet.dk", "+45 33 19 32 00"), dk);

        var no = PolicyTexts.Authority("NO");
        Assert.Equal(new SupervisoryAuthority("Datatilsynet", "Postboks 458 Sentrum, 0105 Oslo", new Uri("https://www.datatilsynet.no"), "postkasse@datatilsynet.no", "+47 22 39 69 00"), no);

        var se = PolicyTexts.Authority("SE");
        Assert.Equal(new SupervisoryAuthority("Integritetsskyddsmyndigheten (IMY)", "Box 8114, 104 20 Stockholm", new Uri("https://www.imy.se"), "imy@imy.se", "+46 8 657 61 00"), se);

        var fi = PolicyTexts.Authority("FI");
        Assert.Equal(new SupervisoryAuthority("Tietosuojavaltuutetun toimisto", "PL 800, 00531 Helsinki", new Uri("https://tietosuoja.fi"), "tietosuoja@om.fi", "+358 29 566 6700"), fi);
    }

    [Theory]
    [InlineData("DE")]
    [InlineData("GB")]
    [InlineData("IS")]
    [InlineData("")]
    public void AnyOtherCountryHasNoAuthority(string country) => Assert.Null(PolicyTexts.Authority(country));

    [Theory]
    [InlineData("DK", "da", "CVR-nr.")]
    [InlineData("DK", "sv", "CVR-nr.")]
    [InlineData("DK", "de", "CVR-nr.")]
    [InlineData("DK", "en", "CVR no.")]
    [InlineData("NO", "nb", "Organisasjonsnummer")]
    [InlineData("NO", "da", "Organisasjonsnummer")]
    [InlineData("NO", "en", "Organisation number (NO)")]
    [InlineData("SE", "sv", "Organisationsnummer")]
    [InlineData("SE", "en", "Organisationsnummer")]
    [InlineData("FI", "fi", "Y-tunnus")]
    [InlineData("FI", "sv", "FO-nummer")]
    [InlineData("FI", "en", "Y-tunnus")]
    [InlineData("DE", "en", "Registration number")]
    [InlineData("DE", "de", "Registernummer")]
    [InlineData("GB", "da", "Registreringsnummer")]
    public void RegistrationNumbersAreLabelledTheWayTheCountryDoes(string country, string language, string expected) =>
        Assert.Equal(expected, PolicyTexts.RegistrationLabel(country, language));

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryLanguageHasAGenericRegistrationLabel(string language) =>
        Assert.Equal(PolicyTexts.Get(language, "controller.registrationNumber"), PolicyTexts.RegistrationLabel("US", language));

    [Fact]
    public void TheCookieLawNamesTheCountrysRuleAndWhatItAllows()
    {
        Assert.Contains("cookiebekendtgørelsen", PolicyTexts.CookieLaw("DK", "da"), StringComparison.Ordinal);
        Assert.Contains("§ 3-15", PolicyTexts.CookieLaw("NO", "nb"), StringComparison.Ordinal);
        Assert.Contains("9 kap. 28 §", PolicyTexts.CookieLaw("SE", "sv"), StringComparison.Ordinal);
        Assert.Contains("205 §", PolicyTexts.CookieLaw("FI", "fi"), StringComparison.Ordinal);
        Assert.Contains("TDDDG", PolicyTexts.CookieLaw("DE", "de"), StringComparison.Ordinal);
        Assert.Contains("2002/58/EC", PolicyTexts.CookieLaw("GB", "en"), StringComparison.Ordinal);
        Assert.EndsWith(PolicyTexts.Get("en", "cookies.law.rule"), PolicyTexts.CookieLaw("DK", "en"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void ConsentProofNeverClaimsToKeepTheFullIpAddress(string language)
    {
        // Each language says the IP address is shortened and that the full one is never stored: check that the
        // sentence exists by looking for "IP" at least twice (the shortened one, and the full one never kept).
        var proof = PolicyTexts.Get(language, "consent.proof");
        Assert.True(Regex.Count(proof, "IP", RegexOptions.CultureInvariant) >= 2, proof);
    }

    private static HashSet<string> PlaceholdersOf(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{([^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
