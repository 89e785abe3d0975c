import type { Config, Consent, CookieInfo } from "./types";

// The first-party cookie that holds the visitor's decision, and the deletion of denied services' cookies.

export const COOKIE = "cc_consent";

const host = location.hostname;

function readCookies(): [string, string][] {
  return document.cookie.split(/;\s*/).map((c) => {
    const i = c.indexOf("=");
    return [c.slice(0, i), c.slice(i + 1)];
  });
}

export function readConsent(): Consent | null {
  try {
    const raw = readCookies().find((c) => c[0] == COOKIE);
    const c = raw && (JSON.parse(decodeURIComponent(raw[1])) as Consent);
    return c && c.consentId && c.choices ? c : null;
  } catch {
    return null;
  }
}

/** Whether a stored decision is in force: not older than the renewal revision, not expired. */
export const holds = (c: Consent | null, config: Config): c is Consent =>
  !!c && c.revision >= config.renewalRevision && Date.parse(c.expiresAt) > Date.now();

/** The configured cookie domain when the page is on it (or under it); otherwise a host-only cookie. */
function domainAttr(config: Config): string {
  const d = config.cookieDomain;
  return d && (host == d || host.endsWith("." + d)) ? ";domain=" + d : "";
}

export function writeConsent(config: Config, consent: Consent): void {
  document.cookie = COOKIE + "=" + encodeURIComponent(JSON.stringify(consent)) + ";path=/;expires=" +
    new Date(consent.expiresAt).toUTCString() + domainAttr(config) + ";SameSite=Lax" +
    (location.protocol == "https:" ? ";Secure" : "");
}

/** "_ga_*" → /^_ga_.*$/: a cookie name may hold regex characters, so escape all but the '*'. */
const pattern = (name: string): RegExp =>
  RegExp("^" + name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$");

/**
 * Deletes what the listed cookies left where script can reach it: first-party cookies (on this host and each parent
 * domain, path /) and localStorage/sessionStorage keys. Third parties' cookies (a domain of their own) and pixels
 * cannot be reached from the page and are left alone.
 */
export function deleteCookies(cookies: CookieInfo[]): void {
  const parts = host.split(".");
  for (const c of cookies) {
    // A cookie the provider does not name cannot be found by name: it is left alone.
    if (!c.name) continue;
    const re = pattern(c.name);
    const kind = c.kind || "httpCookie";
    if (kind == "httpCookie" && (!c.domain || host.endsWith(c.domain.replace(/^\./, "")))) {
      for (const [name] of readCookies()) {
        if (!re.test(name)) continue;
        const base = name + "=;path=/;max-age=0";
        document.cookie = base;
        for (let i = 0; i < parts.length - 1; i++) document.cookie = base + ";domain=" + parts.slice(i).join(".");
      }
    } else if (kind != "pixel") {
      try {
        const store = kind == "localStorage" ? localStorage : sessionStorage;
        for (const key of Object.keys(store)) if (re.test(key)) store.removeItem(key);
      } catch {
        // storage blocked: nothing to delete
      }
    }
  }
}
