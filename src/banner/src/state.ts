import { pickLanguage, words } from "./i18n";
import type { Config, Consent, Texts } from "./types";

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
/** Services the visitor allowed from a placeholder, for this page view. */
export const allowed = new Set<string>();

export function setup(c: Config, stored: Consent | null): void {
  config = c;
  lang = pickLanguage(c);
  t = c.texts[lang];
  w = words(lang);
  prior = stored;
}

export function setConsent(c: Consent): void {
  consent = prior = c;
}

export const granted = (category: string): boolean => category == "necessary" || !!(consent && consent.choices[category]);

export const copy = <T>(x: T): T => x && JSON.parse(JSON.stringify(x));
