import { pickLanguage, words } from "./i18n";
import type { Config, Consent, Service, Texts } from "./types";

// What every part of the banner reads: the configuration, the shown language and the decision in force.

/** The banner's own script tag: where the API lives (its origin) and the CSP nonce it was given. */
const me = document.currentScript as HTMLScriptElement | null;
export const origin = me && me.src ? new URL(me.src).origin : "";
export const nonce = (me && me.nonce) || "";

export let config: Config;
export let lang: string;
export let t: Texts;
export let w: string[];
/** The decision in force: null until the visitor decides (or when it expired or needs renewal). */
export let consent: Consent | null = null;
/** The cookie's content even when it no longer holds (expired, renewal): its consent id is kept. */
export let prior: Consent | null = null;

export function setup(c: Config, stored: Consent | null): void {
  config = c;
  lang = pickLanguage(c);
  t = c.texts[lang];
  w = words(c, lang);
  prior = stored;
}

export function setConsent(c: Consent): void {
  consent = prior = c;
}

/** Whether a category is always on: "necessary", and any exempt from consent (published as required). */
export const req = (category: string): boolean => !!config && config.categories.some((k) => k.id == category && k.required);

export const granted = (category: string): boolean => req(category) || !!(consent && consent.choices[category]);

/** A service chosen on its own holds that choice; any other follows its category. */
export const allows = (s: Service): boolean => {
  const v = consent?.services?.[s.id];
  return typeof v == "boolean" ? v : granted(s.category);
};

export const service = (id?: string): Service | undefined => config.services.find((s) => s.id == id);

/** A text by language (a service's or a cookie's purpose): the shown language, else the site's default. */
export const tr = (r?: Record<string, string> | null): string => (r && (r[lang] || r[config.defaultLanguage])) || "";

/** Callbacks run later (observer, DOMContentLoaded, the site's change listeners) must not throw into the page. */
export const safe = (fn: () => void) => () => {
  try {
    fn();
  } catch (e) {
    console.error("ConsentCloud:", e);
  }
};

export const copy = <T>(x: T): T => x && JSON.parse(JSON.stringify(x));
