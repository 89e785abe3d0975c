import type { Config } from "./types";

// The few words the banner needs beyond the site's own texts come with its configuration ("words", by language,
// "|"-separated in this order; BannerWords.cs holds them): cookie policy, privacy policy, close, cookie settings,
// placeholder text ("%" = the service), allow button, session, persistent, consent id, "up to" ("%" = the duration).

export const enum W { CookiePolicy, PrivacyPolicy, Close, Settings, Blocked, Allow, Session, Persistent, ConsentId, UpTo }

/** The site's words in a language, composed into banner.js by the server (BannerWords.cs). */
export const words = (config: Config, lang: string): string[] => (config.words?.[lang] || "").split("|");

/** "da-DK" → "da"; Norwegian "no" and Nynorsk "nn" → Bokmål "nb", the Norwegian the product ships. */
export const primary = (tag: string): string => {
  const l = tag.toLowerCase().split(/[-_]/)[0];
  return l == "no" || l == "nn" ? "nb" : l;
};

/** <html lang>, else the browser's languages, among the site's languages with texts; else the site's default. */
export function pickLanguage(config: Config): string {
  for (const tag of [document.documentElement.lang, ...navigator.languages]) {
    const l = primary(tag || "");
    if (config.languages.includes(l) && config.texts[l]) return l;
  }
  return config.texts[config.defaultLanguage] ? config.defaultLanguage : Object.keys(config.texts)[0];
}

const UNITS: Record<string, string> = { min: "minute", h: "hour", d: "day", w: "week", mo: "month", y: "year" };

/** "2y" → "2 år" (da), "13mo" → "13 months" (en), "<=2y" → "up to 2 years" (en), "session" → the word for it. */
export function lifetime(value: string, lang: string, w: string[]): string {
  if (value == "session") return w[W.Session];
  if (value == "persistent") return w[W.Persistent];
  const m = /^(<=)?(\d+)([a-z]+)$/.exec(value);
  try {
    const d = new Intl.NumberFormat(lang, { style: "unit", unit: UNITS[m![3]], unitDisplay: "long" }).format(+m![2]);
    return m![1] ? fill(w[W.UpTo], d) : d;
  } catch {
    return value;
  }
}

export const fill = (text: string, value: string): string => text.replace("%", value);

// The cookie declaration embed's words (declaration.ts), "|"-separated in the order of D. Session and persistent sit
// (and "up to") at the same places as in the banner's words (BannerWords.cs) so that lifetime() reads either list.
// Not in the banner bundle (tree-shaken).
const DECLARATION: Record<string, string> = {
  da: "Tjeneste|Udbyder|Formål|Cookies|Privatlivspolitik|(uden navn)|session|vedvarende|Ingen tjenester i denne kategori.|op til %|dette websted|lokal lagring|sessionslagring|pixel|Dit samtykke|Samtykke-ID|Registreret|Gælder til|Accepteret|Afvist|Der er endnu ikke registreret noget valg.|Ændr mit valg|Træk samtykke tilbage|Skift eller træk dit samtykke tilbage i webstedets cookieindstillinger.|Dit valg er gemt.|Dit samtykke er trukket tilbage.",
  nb: "Tjeneste|Leverandør|Formål|Informasjonskapsler|Personvernerklæring|(uten navn)|økt|vedvarende|Ingen tjenester i denne kategorien.|opptil %|dette nettstedet|lokal lagring|øktlagring|piksel|Ditt samtykke|Samtykke-ID|Registrert|Gjelder til|Tillatt|Avslått|Du har ikke tatt noe valg ennå.|Endre valget mitt|Trekk tilbake samtykket|Endre eller trekk tilbake samtykket i nettstedets innstillinger for informasjonskapsler.|Valget ditt er lagret.|Samtykket ditt er trukket tilbake.",
  sv: "Tjänst|Leverantör|Ändamål|Cookies|Integritetspolicy|(utan namn)|session|beständig|Inga tjänster i den här kategorin.|upp till %|den här webbplatsen|lokal lagring|sessionslagring|pixel|Ditt samtycke|Samtyckes-ID|Registrerat|Gäller till|Tillåten|Nekad|Inget val har registrerats ännu.|Ändra mitt val|Återkalla samtycke|Ändra eller återkalla ditt samtycke i webbplatsens cookieinställningar.|Ditt val har sparats.|Ditt samtycke har återkallats.",
  fi: "Palvelu|Tarjoaja|Käyttötarkoitus|Evästeet|Tietosuojaseloste|(nimetön)|istunto|pysyvä|Tässä luokassa ei ole palveluita.|enintään %|tämä sivusto|paikallinen tallennustila|istuntotallennustila|pikseli|Suostumuksesi|Suostumustunnus|Tallennettu|Voimassa|Sallittu|Ei sallittu|Valintaa ei ole vielä tehty.|Muuta valintaani|Peruuta suostumus|Muuta tai peruuta suostumuksesi sivuston evästeasetuksissa.|Valintasi on tallennettu.|Suostumuksesi on peruutettu.",
  en: "Service|Provider|Purpose|Cookies|Privacy policy|(unnamed)|session|persistent|No services in this category.|up to %|this website|local storage|session storage|pixel|Your consent|Consent ID|Recorded|Valid until|Granted|Denied|No choice recorded yet.|Change my choice|Withdraw consent|Change or withdraw your consent in this website's cookie settings.|Your choice has been saved.|Your consent has been withdrawn.",
  de: "Dienst|Anbieter|Zweck|Cookies|Datenschutzerklärung|(ohne Namen)|Sitzung|dauerhaft|Keine Dienste in dieser Kategorie.|höchstens %|diese Website|lokaler Speicher|Sitzungsspeicher|Pixel|Ihre Einwilligung|Einwilligungs-ID|Erfasst|Gültig bis|Erteilt|Abgelehnt|Noch keine Auswahl gespeichert.|Meine Auswahl ändern|Einwilligung widerrufen|Ändern oder widerrufen Sie Ihre Einwilligung in den Cookie-Einstellungen der Website.|Ihre Auswahl wurde gespeichert.|Ihre Einwilligung wurde widerrufen.",
};

export const enum D {
  Service, Provider, Purpose, Cookies, PrivacyPolicy, Unnamed, Session, Persistent, NoServices, UpTo, ThisSite,
  LocalStorage, SessionStorage, Pixel, Heading, ConsentId, Recorded, ValidUntil, Granted, Denied, NoChoice, Change,
  Withdraw, NoBanner, Saved, Withdrawn,
}

export const declarationWords = (lang: string): string[] => (DECLARATION[lang] || DECLARATION.en).split("|");
