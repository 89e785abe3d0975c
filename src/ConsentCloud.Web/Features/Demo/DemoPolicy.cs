using ConsentCloud.Web.Features.Policies;

namespace ConsentCloud.Web.Features.Demo;

/// <summary>
/// The demo bakery's privacy policy: the sections an agency writes (purposes, data, recipients, security, transfers),
/// in the site's five languages. The rest of the page (controller, legal basis of the banner, rights, authority, the
/// cookie list) is generated, as for every site.
/// </summary>
internal static class DemoPolicy
{
    public static PolicyDraft Draft { get; } = new()
    {
        Sections = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["purposes"] = Texts(
                da: """
                    Vi behandler personoplysninger for at kunne:

                    - **Levere dine bestillinger** fra webshoppen: modtage ordren og betalingen, bage og levere eller gøre klar til afhentning. Grundlaget er aftalen med dig (databeskyttelsesforordningens artikel 6, stk. 1, litra b).
                    - **Overholde bogføringsloven**: fakturaer og ordrebilag gemmer vi i fem år fra udgangen af regnskabsåret (artikel 6, stk. 1, litra c).
                    - **Sende vores nyhedsbrev**, hvis du har tilmeldt dig. Grundlaget er dit samtykke (artikel 6, stk. 1, litra a), og du kan framelde dig via linket i hver mail.
                    - **Besvare henvendelser** til kundeservice. Vi gemmer korrespondancen i op til 12 måneder, efter sagen er afsluttet (artikel 6, stk. 1, litra f: vores interesse i at kunne hjælpe dig).
                    - **Måle brugen af hjemmesiden og vise annoncer** med cookies, men kun hvis du har givet samtykke i cookiebanneret (se vores cookiepolitik).
                    """,
                nb: """
                    Vi behandler personopplysninger for å kunne:

                    - **Levere bestillingene dine** fra nettbutikken: ta imot bestillingen og betalingen, bake og levere eller gjøre klar for henting. Grunnlaget er avtalen med deg (personvernforordningen artikkel 6 nr. 1 bokstav b).
                    - **Oppfylle den danske bokføringsloven**: fakturaer og ordrebilag oppbevarer vi i fem år fra utgangen av regnskapsåret (artikkel 6 nr. 1 bokstav c).
                    - **Sende nyhetsbrevet vårt** hvis du har meldt deg på. Grunnlaget er samtykket ditt (artikkel 6 nr. 1 bokstav a), og du kan melde deg av via lenken i hver e-post.
                    - **Svare på henvendelser** til kundeservice. Vi oppbevarer korrespondansen i opptil 12 måneder etter at saken er avsluttet (artikkel 6 nr. 1 bokstav f: vår interesse i å kunne hjelpe deg).
                    - **Måle bruken av nettstedet og vise annonser** med informasjonskapsler, men bare hvis du har samtykket i cookiebanneret (se erklæringen om informasjonskapsler).
                    """,
                sv: """
                    Vi behandlar personuppgifter för att kunna:

                    - **Leverera dina beställningar** från webbutiken: ta emot beställningen och betalningen, baka och leverera eller ha varorna klara för avhämtning. Den rättsliga grunden är avtalet med dig (dataskyddsförordningen artikel 6.1 b).
                    - **Följa den danska bokföringslagen**: fakturor och orderunderlag sparar vi i fem år från räkenskapsårets slut (artikel 6.1 c).
                    - **Skicka vårt nyhetsbrev** om du har anmält dig. Den rättsliga grunden är ditt samtycke (artikel 6.1 a), och du kan avregistrera dig via länken i varje mejl.
                    - **Svara på frågor** till kundtjänst. Vi sparar korrespondensen i upp till 12 månader efter att ärendet har avslutats (artikel 6.1 f: vårt intresse av att kunna hjälpa dig).
                    - **Mäta hur webbplatsen används och visa annonser** med kakor, men bara om du har samtyckt i cookiebannern (se vår cookiepolicy).
                    """,
                fi: """
                    Käsittelemme henkilötietoja, jotta voimme:

                    - **Toimittaa tilauksesi** verkkokaupasta: ottaa vastaan tilauksen ja maksun, leipoa ja toimittaa tuotteet tai pitää ne noudettavina. Käsittelyperuste on kanssasi tehty sopimus (tietosuoja-asetuksen 6 artiklan 1 kohdan b alakohta).
                    - **Noudattaa Tanskan kirjanpitolakia**: säilytämme laskut ja tilausasiakirjat viisi vuotta tilikauden päättymisestä (6 artiklan 1 kohdan c alakohta).
                    - **Lähettää uutiskirjettämme**, jos olet tilannut sen. Käsittelyperuste on suostumuksesi (6 artiklan 1 kohdan a alakohta), ja voit perua tilauksen jokaisen viestin linkistä.
                    - **Vastata asiakaspalveluun lähetettyihin viesteihin**. Säilytämme viestit enintään 12 kuukautta asian päättymisestä (6 artiklan 1 kohdan f alakohta: oikeutettu etumme auttaa sinua).
                    - **Mitata sivuston käyttöä ja näyttää mainoksia** evästeiden avulla, mutta vain jos olet antanut suostumuksen evästebannerissa (katso evästekäytäntömme).
                    """,
                en: """
                    We process personal data in order to:

                    - **Deliver your orders** from the web shop: take the order and the payment, bake, and deliver or have the order ready for collection. The legal basis is our contract with you (GDPR Article 6(1)(b)).
                    - **Comply with the Danish Bookkeeping Act**: we keep invoices and order records for five years from the end of the financial year (Article 6(1)(c)).
                    - **Send our newsletter** if you have signed up. The legal basis is your consent (Article 6(1)(a)); every e-mail has a link to unsubscribe.
                    - **Answer your questions** to customer service. We keep the correspondence for up to 12 months after the matter is closed (Article 6(1)(f): our interest in being able to help you).
                    - **Measure how the site is used and show ads** with cookies, but only if you have consented in the cookie banner (see our cookie policy).
                    """),
            ["dataCollected"] = Texts(
                da: """
                    Når du handler hos os: navn, leveringsadresse, e-mailadresse, telefonnummer, hvad du har bestilt, og hvornår. Dine kortoplysninger ser vi aldrig; dem behandler betalingsudbyderen.

                    Tilmelder du dig nyhedsbrevet, gemmer vi din e-mailadresse og tidspunktet for tilmeldingen. Skriver du til os, gemmer vi din besked og dine kontaktoplysninger.

                    Når du besøger hjemmesiden, registreres tekniske oplysninger som browsertype og de sider, du ser. Cookies og lignende teknologier, som ikke er nødvendige, bruges kun med dit samtykke.
                    """,
                nb: """
                    Når du handler hos oss: navn, leveringsadresse, e-postadresse, telefonnummer, hva du har bestilt og når. Kortopplysningene dine ser vi aldri; dem behandler betalingsleverandøren.

                    Melder du deg på nyhetsbrevet, lagrer vi e-postadressen din og tidspunktet for påmeldingen. Skriver du til oss, lagrer vi meldingen og kontaktopplysningene dine.

                    Når du besøker nettstedet, registreres tekniske opplysninger som nettlesertype og hvilke sider du ser. Informasjonskapsler og lignende teknologier som ikke er nødvendige, brukes bare med samtykket ditt.
                    """,
                sv: """
                    När du handlar hos oss: namn, leveransadress, e-postadress, telefonnummer, vad du har beställt och när. Dina kortuppgifter ser vi aldrig; dem behandlar betalningsleverantören.

                    Anmäler du dig till nyhetsbrevet sparar vi din e-postadress och tidpunkten för anmälan. Skriver du till oss sparar vi ditt meddelande och dina kontaktuppgifter.

                    När du besöker webbplatsen registreras tekniska uppgifter som webbläsartyp och vilka sidor du tittar på. Kakor och liknande tekniker som inte är nödvändiga används bara med ditt samtycke.
                    """,
                fi: """
                    Kun asioit kanssamme: nimi, toimitusosoite, sähköpostiosoite, puhelinnumero sekä mitä olet tilannut ja milloin. Korttitietojasi emme näe koskaan; niitä käsittelee maksupalvelun tarjoaja.

                    Jos tilaat uutiskirjeen, tallennamme sähköpostiosoitteesi ja tilauksen ajankohdan. Jos kirjoitat meille, tallennamme viestisi ja yhteystietosi.

                    Kun vierailet sivustolla, siitä tallentuu teknisiä tietoja, kuten selaimen tyyppi ja katselemasi sivut. Muita kuin välttämättömiä evästeitä ja vastaavia tekniikoita käytetään vain suostumuksellasi.
                    """,
                en: """
                    When you shop with us: your name, delivery address, e-mail address, phone number, what you ordered and when. We never see your card details; the payment provider handles them.

                    If you sign up for the newsletter, we keep your e-mail address and when you signed up. If you write to us, we keep your message and your contact details.

                    When you visit the site, technical details such as your browser type and the pages you view are recorded. Cookies and similar technologies that are not necessary are used only with your consent.
                    """),
            ["recipients"] = Texts(
                da: """
                    Vi sælger aldrig dine oplysninger. Vi deler dem kun med:

                    - vores leverandør af webhotel og webshop, som driver hjemmesiden for os (databehandler);
                    - betalingsudbyderen, som gennemfører betalingen;
                    - fragtfirmaet, når vi leverer en ordre (navn, adresse og telefonnummer);
                    - vores revisor i forbindelse med årsregnskabet;
                    - Google og Meta, men kun hvis du har givet samtykke til statistik- eller marketingcookies.

                    Vi har indgået databehandleraftaler med alle vores databehandlere.
                    """,
                nb: """
                    Vi selger aldri opplysningene dine. Vi deler dem bare med:

                    - leverandøren av webhotellet og nettbutikken, som drifter nettstedet for oss (databehandler);
                    - betalingsleverandøren, som gjennomfører betalingen;
                    - fraktselskapet når vi leverer en bestilling (navn, adresse og telefonnummer);
                    - revisoren vår i forbindelse med årsregnskapet;
                    - Google og Meta, men bare hvis du har samtykket til informasjonskapsler for statistikk eller markedsføring.

                    Vi har inngått databehandleravtaler med alle databehandlerne våre.
                    """,
                sv: """
                    Vi säljer aldrig dina uppgifter. Vi delar dem bara med:

                    - leverantören av vårt webbhotell och vår webbutik, som driver webbplatsen åt oss (personuppgiftsbiträde);
                    - betalningsleverantören, som genomför betalningen;
                    - fraktbolaget när vi levererar en beställning (namn, adress och telefonnummer);
                    - vår revisor i samband med årsbokslutet;
                    - Google och Meta, men bara om du har samtyckt till kakor för statistik eller marknadsföring.

                    Vi har ingått personuppgiftsbiträdesavtal med alla våra personuppgiftsbiträden.
                    """,
                fi: """
                    Emme koskaan myy tietojasi. Luovutamme niitä vain:

                    - verkkohotellin ja verkkokaupan toimittajalle, joka ylläpitää sivustoa puolestamme (henkilötietojen käsittelijä);
                    - maksupalvelun tarjoajalle, joka hoitaa maksun;
                    - kuljetusyhtiölle, kun toimitamme tilauksen (nimi, osoite ja puhelinnumero);
                    - tilintarkastajallemme tilinpäätöksen yhteydessä;
                    - Googlelle ja Metalle, mutta vain jos olet antanut suostumuksen tilasto- tai markkinointievästeisiin.

                    Olemme tehneet tietojenkäsittelysopimuksen kaikkien käsittelijöidemme kanssa.
                    """,
                en: """
                    We never sell your data. We share it only with:

                    - the provider of our web hosting and web shop, who runs the site for us (a processor);
                    - the payment provider, who carries out the payment;
                    - the delivery company when we deliver an order (name, address and phone number);
                    - our auditor, for the annual accounts;
                    - Google and Meta, but only if you have consented to statistics or marketing cookies.

                    We have data processing agreements with all our processors.
                    """),
            ["security"] = Texts(
                da: "Hjemmesiden bruger krypteret forbindelse (HTTPS). Kun de medarbejdere, der skal bruge oplysningerne i deres arbejde, har adgang til dem, og adgangen er beskyttet med personligt login og totrinsbekræftelse. Vi tager sikkerhedskopier og sletter oplysninger, når vi ikke længere har brug for dem.",
                nb: "Nettstedet bruker kryptert forbindelse (HTTPS). Bare ansatte som trenger opplysningene i arbeidet sitt, har tilgang til dem, og tilgangen er beskyttet med personlig pålogging og totrinnsbekreftelse. Vi tar sikkerhetskopier og sletter opplysninger når vi ikke lenger trenger dem.",
                sv: "Webbplatsen använder krypterad anslutning (HTTPS). Bara de medarbetare som behöver uppgifterna i sitt arbete har tillgång till dem, och åtkomsten skyddas med personlig inloggning och tvåstegsverifiering. Vi tar säkerhetskopior och raderar uppgifter när vi inte längre behöver dem.",
                fi: "Sivusto käyttää salattua yhteyttä (HTTPS). Tietoihin pääsevät vain ne työntekijät, jotka tarvitsevat niitä työssään, ja pääsy on suojattu henkilökohtaisella kirjautumisella ja kaksivaiheisella tunnistautumisella. Varmuuskopioimme tiedot ja poistamme ne, kun emme enää tarvitse niitä.",
                en: "The site uses an encrypted connection (HTTPS). Only the staff who need the data for their work can reach it, behind personal sign-in with two-step verification. We keep backups and delete data once we no longer need it."),
            ["transfers"] = Texts(
                da: "Google og Meta kan overføre oplysninger til USA. Begge virksomheder er certificeret under EU-U.S. Data Privacy Framework, som EU-Kommissionen har anerkendt som et tilstrækkeligt beskyttelsesniveau (artikel 45). Alle andre oplysninger behandles inden for EU/EØS.",
                nb: "Google og Meta kan overføre opplysninger til USA. Begge selskapene er sertifisert under EU-U.S. Data Privacy Framework, som EU-kommisjonen har godkjent som et tilstrekkelig beskyttelsesnivå (artikkel 45). Alle andre opplysninger behandles innenfor EU/EØS.",
                sv: "Google och Meta kan överföra uppgifter till USA. Båda företagen är certifierade enligt EU-U.S. Data Privacy Framework, som EU-kommissionen har godkänt som en adekvat skyddsnivå (artikel 45). Alla andra uppgifter behandlas inom EU/EES.",
                fi: "Google ja Meta voivat siirtää tietoja Yhdysvaltoihin. Molemmat yritykset on sertifioitu EU:n ja Yhdysvaltojen välisen tietosuojakehyksen (EU-U.S. Data Privacy Framework) mukaisesti, ja Euroopan komissio on todennut sen tietosuojan tason riittäväksi (45 artikla). Kaikkia muita tietoja käsitellään EU:n tai ETA:n alueella.",
                en: "Google and Meta may transfer data to the United States. Both are certified under the EU-U.S. Data Privacy Framework, which the European Commission has found to give adequate protection (Article 45). All other data is processed within the EU/EEA."),
        },
    };

    private static Dictionary<string, string> Texts(string da, string nb, string sv, string fi, string en) =>
        new() { ["da"] = da, ["nb"] = nb, ["sv"] = sv, ["fi"] = fi, ["en"] = en };
}
