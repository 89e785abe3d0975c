import { h } from "./dom";
import { D, declarationWords, lifetime, pickLanguage, primary } from "./i18n";
import { holds, readConsent } from "./store";
import type { Api, Config, Consent, CookieInfo, Service } from "./types";

// The cookie declaration embed (GET /v1/sites/{siteKey}/declaration.js): on the site's own cookie page it renders, into
// <div id="consentcloud-declaration">, every category with a table of its services and cookies, and the visitor's
// current consent with buttons to change or withdraw it (through window.ConsentCloud when the banner is on the page;
// without it the decision is read from the cc_consent cookie and no buttons are offered).
// README.md, "Cookie declaration embed".
// Like the banner, the server puts the site's published configuration in place of __CONSENTCLOUD_CONFIG__ (once).
declare const __CONSENTCLOUD_CONFIG__: Config | null | undefined;
declare const __CSS__: string;

const ID = "consentcloud-declaration";
/** The script's own tag: its CSP nonce goes on the <style> (document.currentScript is null later). */
const me = document.currentScript as HTMLScriptElement | null;
const nonce = (me && me.nonce) || "";

const api = (): Api | undefined => (window as Window & { ConsentCloud?: Api }).ConsentCloud;

/** The words for what a cookie entry is when it is not an HTTP cookie. */
const KINDS: Record<string, D> = { localStorage: D.LocalStorage, sessionStorage: D.SessionStorage, pixel: D.Pixel };

const safeUrl = (url?: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

function render(root: HTMLElement, config: Config): void {
  const lang = pickLanguage(config);
  const t = config.texts[lang];
  const w = declarationWords(lang);
  const name = (id: string) => (t.categories[id] || { name: id }).name;
  // Headings start at <h2> (under the page's own <h1>); data-level="3" on the container puts them one deeper.
  const level = "h" + (/^[2-6]$/.test(root.dataset.level!) ? root.dataset.level : 2);
  // Dates in the page's own variant of that language when it has one (<html lang="en-GB">: "2 March 2026").
  const page = document.documentElement.lang.replace("_", "-");
  const locale = primary(page) == lang ? page : lang;
  const date = (iso: string, time?: boolean) => {
    let text = iso;
    try {
      text = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: time ? "short" : undefined }).format(new Date(iso));
    } catch {
      // not a date (a cookie edited by hand): shown as it is
    }
    return h("time", { datetime: iso }, text);
  };

  const text = (t?: Record<string, string> | null) => (t && (t[lang] || t[config.defaultLanguage])) || "";
  const cookie = (c: CookieInfo) => {
    const kind = KINDS[c.kind!];
    const p = text(c.purpose);
    // lifetime() takes its "session", "persistent", "up to" from w[W.Session], ...: D keeps them at those places.
    return h("li", null, c.name ? h("code", null, c.name) : w[D.Unnamed],
      " · " + lifetime(c.lifetime, lang, w) + " · " + (c.domain || w[D.ThisSite]) + (kind ? " · " + w[kind] : "") + (p && " – " + p));
  };
  const cell = (label: D, ...content: (Node | string)[]) => h("td", { "data-l": w[label] }, ...content);
  const row = (s: Service) => {
    const url = safeUrl(s.privacyPolicyUrl);
    return h("tr", { "data-service": s.id },
      h("th", { scope: "row" }, s.name),
      cell(D.Provider, s.provider),
      cell(D.Purpose, text(s.purpose)),
      cell(D.Cookies, s.cookies.length ? h("ul", null, ...s.cookies.map(cookie)) : "—"),
      cell(D.PrivacyPolicy, url ? h("a", { href: url }, new URL(url).hostname) : "—"));
  };

  root.lang = lang;
  for (const { id, legalReason } of config.categories) {
    const services = config.services.filter((s) => s.category == id);
    const k = t.categories[id];
    root.append(h("div", { class: "ccd-k", "data-category": id },
      h(level, null, name(id)),
      k && k.description && h("p", null, k.description),
      // An exempt category (required, not "necessary") says why it needs no consent.
      legalReason && h("p", null, text(legalReason)),
      services.length
        ? h("table", { class: "ccd-t", "aria-label": name(id) },
          h("thead", null, h("tr", null, ...[D.Service, D.Provider, D.Purpose, D.Cookies, D.PrivacyPolicy].map((k) => h("th", { scope: "col" }, w[k])))),
          h("tbody", null, ...services.map(row)))
        : h("p", { class: "ccd-e" }, w[D.NoServices])));
  }

  // The visitor's decision: rebuilt after every change; the status line outside it says what happened.
  const now = h("div", { class: "ccd-now" });
  const live = h("p", { class: "ccd-live", role: "status", "aria-live": "polite" });
  root.append(h("div", { class: "ccd-c" }, h(level, null, w[D.Heading]), now, live));

  const update = () => {
    const a = api();
    const stored = a ? null : readConsent();
    const c: Consent | null = a ? a.getConsent() : holds(stored, config) ? stored : null;
    const focused = now.contains(document.activeElement) && (document.activeElement as HTMLElement).dataset.ccd;
    const optional = !!c && config.categories.some(({ id, required }) => !required && c.choices[id]);
    const button = (action: string, text: string) =>
      h("button", { type: "button", class: "ccd-b", "data-ccd": action }, text);
    now.replaceChildren(
      c
        ? h("dl", { class: "ccd-state" },
          ...config.categories.flatMap(({ id, required }) => {
            const on = required || !!c.choices[id];
            return [h("dt", null, name(id)), h("dd", { "data-category": id, "data-granted": "" + on }, w[on ? D.Granted : D.Denied])];
          }),
          h("dt", null, w[D.ConsentId]), h("dd", { class: "ccd-id" }, h("code", null, c.consentId)),
          h("dt", null, w[D.Recorded]), h("dd", { class: "ccd-at" }, date(c.decidedAt, true)),
          h("dt", null, w[D.ValidUntil]), h("dd", { class: "ccd-exp" }, date(c.expiresAt)))
        : h("p", { class: "ccd-no" }, w[D.NoChoice]),
      a
        ? h("p", { class: "ccd-bs" }, button("change", w[D.Change]), optional && "withdraw" in a && button("withdraw", w[D.Withdraw]))
        : h("p", { class: "ccd-nb" }, w[D.NoBanner]));
    // Keep the keyboard where it was: the same button, else "change" (withdraw is gone once nothing is granted).
    if (focused) (now.querySelector<HTMLElement>('[data-ccd="' + focused + '"]') || now.querySelector<HTMLElement>(".ccd-b"))?.focus();
  };

  now.addEventListener("click", (e) => {
    const action = ((e.target as Element).closest("[data-ccd]") as HTMLElement | null)?.dataset.ccd;
    const a = api();
    if (!a || !action) return;
    if (action == "change") a.showPreferences();
    else a.withdraw();
  });
  document.addEventListener("consentcloud:change", (e) => {
    update();
    live.textContent = "";
    // A fresh text node a moment later, so that the same message twice is announced twice.
    setTimeout(() => (live.textContent = w[(e as CustomEvent<Consent>).detail.method == "withdraw" ? D.Withdrawn : D.Saved]), 100);
  });
  // The banner's script may come later in the page (async, or after this one): show its buttons once it is there.
  if (!api()) addEventListener("load", update);
  update();
}

function start(): void {
  let config: Config | null | undefined;
  try {
    config = __CONSENTCLOUD_CONFIG__;
  } catch {
    // the placeholder was not replaced
  }
  const root = document.getElementById(ID);
  // A second copy of the script, or no container: nothing to do.
  if (!root || root.classList.contains("ccd")) return;
  if (!(config && config.categories && config.services && config.texts && config.languages)) {
    console.warn("ConsentCloud: no valid configuration");
    return;
  }
  root.classList.add("ccd");
  document.head.append(h("style", { nonce: nonce || null }, __CSS__));
  render(root, config);
}

const safeStart = () => {
  try {
    start();
  } catch (e) {
    console.error("ConsentCloud:", e);
  }
};
if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", safeStart);
else safeStart();
