import type { Config } from "./types";

// The few words the banner needs beyond the site's own texts, in every supported language, "|"-separated in this
// order: cookie policy, privacy policy, close, cookie settings, placeholder text ("%" = the service), allow button,
// session, persistent, consent id.
const WORDS: Record<string, string> = {
  da: "Cookiepolitik|Privatlivspolitik|Luk|Cookieindstillinger|Indhold fra % vises først, når du tillader det.|Tillad %|session|vedvarende|Samtykke-ID",
  nb: "Informasjonskapsler|Personvernerklæring|Lukk|Innstillinger for informasjonskapsler|Innhold fra % vises først når du tillater det.|Tillat %|økt|vedvarende|Samtykke-ID",
  sv: "Cookiepolicy|Integritetspolicy|Stäng|Cookieinställningar|Innehåll från % visas först när du tillåter det.|Tillåt %|session|beständig|Samtyckes-ID",
  fi: "Evästekäytäntö|Tietosuojaseloste|Sulje|Evästeasetukset|Palvelun % sisältö näytetään vasta, kun sallit sen.|Salli %|istunto|pysyvä|Suostumustunnus",
  en: "Cookie policy|Privacy policy|Close|Cookie settings|Content from % is shown only if you allow it.|Allow %|session|persistent|Consent ID",
  de: "Cookie-Richtlinie|Datenschutzerklärung|Schließen|Cookie-Einstellungen|Inhalte von % werden erst angezeigt, wenn Sie sie erlauben.|% erlauben|Sitzung|dauerhaft|Einwilligungs-ID",
};

export const enum W { CookiePolicy, PrivacyPolicy, Close, Settings, Blocked, Allow, Session, Persistent, ConsentId }

export const words = (lang: string): string[] => (WORDS[lang] || WORDS.en).split("|");

/** "da-DK" → "da"; Norwegian "no" and Nynorsk "nn" → Bokmål "nb", the Norwegian the product ships. */
const primary = (tag: string): string => {
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

/** "2y" → "2 år" (da), "13mo" → "13 months" (en), "session" → the word for it. */
export function lifetime(value: string, lang: string, w: string[]): string {
  if (value == "session") return w[W.Session];
  if (value == "persistent") return w[W.Persistent];
  const m = /^(\d+)([a-z]+)$/.exec(value);
  try {
    return new Intl.NumberFormat(lang, { style: "unit", unit: UNITS[m![2]], unitDisplay: "long" }).format(+m![1]);
  } catch {
    return value;
  }
}

export const fill = (text: string, value: string): string => text.replace("%", value);
