namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// The banner a new site starts from: the four built-in categories, no services yet, calm contrast-safe colours, the
/// usual Consent Mode mapping, and texts written for ConsentCloud in every supported language.
/// </summary>
public static class DefaultBanner
{
    public static BannerConfig For(IEnumerable<string> languages) => new()
    {
        Categories = BannerRules.BuiltInCategories.Select(id => new CategoryConfig { Id = id }).ToList(),
        Services = [],
        Texts = languages.Where(Texts.ContainsKey).ToDictionary(l => l, l => Texts[l]),
        Appearance = new Appearance
        {
            Layout = BannerLayout.Box,
            Position = BannerPosition.BottomLeft,
            Banner = new ColourPair { Background = "#ffffff", Text = "#1f2933" },
            AcceptButton = new ColourPair { Background = "#1d4ed8", Text = "#ffffff" },
            RejectButton = new ColourPair { Background = "#1d4ed8", Text = "#ffffff" },
            CustomiseButton = new ColourPair { Background = "#e5e7eb", Text = "#1f2933" },
        },
        ConsentMode = new ConsentModeConfig
        {
            Mapping = new Dictionary<string, IReadOnlyList<string>>
            {
                ["ad_storage"] = ["marketing"],
                ["ad_user_data"] = ["marketing"],
                ["ad_personalization"] = ["marketing"],
                ["analytics_storage"] = ["statistics"],
                ["functionality_storage"] = ["preferences"],
                ["personalization_storage"] = ["preferences"],
                ["security_storage"] = [BannerRules.Necessary],
            },
        },
    };

    /// <summary>Adds the default texts for languages the config lacks (a site gained a language).</summary>
    public static BannerConfig WithLanguages(BannerConfig config, IEnumerable<string> languages)
    {
        var texts = new Dictionary<string, BannerTexts>(config.Texts);
        foreach (var language in languages.Where(l => !texts.ContainsKey(l) && Texts.ContainsKey(l)))
        {
            texts[language] = Texts[language];
        }

        return config with { Texts = texts };
    }

    private static BannerTexts Make(string title, string body, string accept, string reject, string customise, string save,
        params (string Id, string Name, string Description)[] categories) => new()
    {
        Title = title,
        Body = body,
        AcceptAll = accept,
        RejectAll = reject,
        Customise = customise,
        Save = save,
        Categories = categories.ToDictionary(c => c.Id, c => new CategoryTexts { Name = c.Name, Description = c.Description }),
    };

    public static readonly IReadOnlyDictionary<string, BannerTexts> Texts = new Dictionary<string, BannerTexts>
    {
        ["da"] = Make(
            "Vi respekterer dit valg",
            "Vi bruger cookies og lignende teknologier til at få hjemmesiden til at fungere. Med dit samtykke bruger vi dem også til at huske dine indstillinger, måle trafikken og vise relevant markedsføring. Du kan sige nej lige så let som ja og ændre dit valg når som helst.",
            "Accepter alle", "Afvis alle", "Vælg selv", "Gem mine valg",
            ("necessary", "Nødvendige", "Får siden til at virke, fx sikkerhed og dit cookievalg. De kan ikke slås fra."),
            ("preferences", "Præferencer", "Husker dine indstillinger, fx sprog og region."),
            ("statistics", "Statistik", "Hjælper os med at forstå, hvordan siden bruges, så vi kan gøre den bedre."),
            ("marketing", "Marketing", "Bruges til at vise annoncer, der er relevante for dig, og til at måle kampagner.")),
        ["nb"] = Make(
            "Du bestemmer",
            "Vi bruker informasjonskapsler og lignende teknologi for at nettstedet skal fungere. Med ditt samtykke bruker vi dem også til å huske innstillingene dine, måle trafikk og vise relevant markedsføring. Det er like enkelt å si nei som ja, og du kan endre valget ditt når som helst.",
            "Godta alle", "Avvis alle", "Velg selv", "Lagre valgene",
            ("necessary", "Nødvendige", "Gjør at nettstedet virker, for eksempel sikkerhet og samtykkevalget ditt. Kan ikke slås av."),
            ("preferences", "Preferanser", "Husker innstillingene dine, for eksempel språk og region."),
            ("statistics", "Statistikk", "Hjelper oss å forstå hvordan nettstedet brukes, slik at vi kan forbedre det."),
            ("marketing", "Markedsføring", "Brukes til å vise annonser som er relevante for deg, og til å måle kampanjer.")),
        ["sv"] = Make(
            "Du väljer",
            "Vi använder kakor och liknande tekniker för att webbplatsen ska fungera. Med ditt samtycke använder vi dem också för att komma ihåg dina inställningar, mäta trafiken och visa relevant marknadsföring. Det är lika enkelt att säga nej som ja, och du kan ändra ditt val när som helst.",
            "Godkänn alla", "Neka alla", "Välj själv", "Spara mina val",
            ("necessary", "Nödvändiga", "Får webbplatsen att fungera, till exempel säkerhet och ditt samtyckesval. Kan inte stängas av."),
            ("preferences", "Inställningar", "Kommer ihåg dina val, till exempel språk och region."),
            ("statistics", "Statistik", "Hjälper oss att förstå hur webbplatsen används så att vi kan förbättra den."),
            ("marketing", "Marknadsföring", "Används för att visa annonser som är relevanta för dig och för att mäta kampanjer.")),
        ["fi"] = Make(
            "Sinä päätät",
            "Käytämme evästeitä ja vastaavia tekniikoita, jotta sivusto toimii. Suostumuksellasi käytämme niitä myös asetustesi muistamiseen, kävijäliikenteen mittaamiseen ja sinua kiinnostavaan markkinointiin. Kieltäytyminen on yhtä helppoa kuin hyväksyminen, ja voit muuttaa valintaasi milloin tahansa.",
            "Hyväksy kaikki", "Hylkää kaikki", "Valitse itse", "Tallenna valinnat",
            ("necessary", "Välttämättömät", "Pitävät sivuston toiminnassa, esimerkiksi tietoturvan ja evästevalintasi. Niitä ei voi kytkeä pois."),
            ("preferences", "Asetukset", "Muistavat valintasi, kuten kielen ja alueen."),
            ("statistics", "Tilastot", "Auttavat meitä ymmärtämään, miten sivustoa käytetään, jotta voimme parantaa sitä."),
            ("marketing", "Markkinointi", "Näyttävät sinua kiinnostavia mainoksia ja mittaavat kampanjoiden tuloksia.")),
        ["en"] = Make(
            "Your choice",
            "We use cookies and similar technologies to make this website work. With your consent we also use them to remember your settings, measure traffic and show relevant marketing. Saying no is as easy as saying yes, and you can change your mind at any time.",
            "Accept all", "Reject all", "Choose", "Save my choices",
            ("necessary", "Necessary", "Make the site work, such as security and remembering your cookie choice. They cannot be switched off."),
            ("preferences", "Preferences", "Remember your settings, such as language and region."),
            ("statistics", "Statistics", "Help us understand how the site is used so we can improve it."),
            ("marketing", "Marketing", "Show advertising that is relevant to you and measure campaigns.")),
        ["de"] = Make(
            "Sie entscheiden",
            "Wir verwenden Cookies und ähnliche Technologien, damit diese Website funktioniert. Mit Ihrer Einwilligung nutzen wir sie auch, um Ihre Einstellungen zu speichern, Besuche zu messen und passende Werbung zu zeigen. Ablehnen ist so einfach wie Zustimmen, und Sie können Ihre Wahl jederzeit ändern.",
            "Alle akzeptieren", "Alle ablehnen", "Selbst wählen", "Auswahl speichern",
            ("necessary", "Notwendig", "Sorgen dafür, dass die Website funktioniert, etwa Sicherheit und Ihre Cookie-Auswahl. Nicht abschaltbar."),
            ("preferences", "Präferenzen", "Speichern Ihre Einstellungen wie Sprache und Region."),
            ("statistics", "Statistik", "Helfen uns zu verstehen, wie die Website genutzt wird, damit wir sie verbessern können."),
            ("marketing", "Marketing", "Zeigen Ihnen relevante Werbung und messen Kampagnen.")),
    };
}
