import type { Api } from "./types";

// census.js: the live census (docs/scanning.md, "The live census"), an ES module. A site's banner.js, when its census
// is on, ends with a loader the server appends (CensusScript.cs): on the sampled share of page views (the published
// configuration's "census") it imports ./census/{version}.js, relative to banner.js and with its nonce. It reports
// once per page view, 3 s after the decision in force is applied (after the page's load), or when the page is hidden
// first. It sends the NAMES of the first-party cookies
// script can read, the localStorage and sessionStorage keys, the hosts (only) of third-party scripts, iframes and
// images the page loaded, and which categories the decision grants (null: nobody has decided yet). Never a value,
// never a path or query. It needs no configuration: the site key and the API are in its own URL
// (…/v1/sites/{siteKey}/census/{version}.js; the beacon goes to …/v1/sites/{siteKey}/census).

const src = import.meta.url;
const MAX_NAMES = 100;
const MAX_HOSTS = 50;
/** The server takes at most 8 KB; names are dropped from the longest list until the body fits. */
const MAX_BODY = 8000;
/** The banner's own storage: never reported (the server ignores them too). */
const OWN = ["cc_consent", "cc_outbox"];

const fine = (n: string): boolean => n.length > 0 && n.length <= 100 && !/[\x00-\x1f\x7f]/.test(n) && OWN.indexOf(n) < 0;
const bounded = (names: string[], max: number): string[] => [...new Set(names.map((n) => n.trim()).filter(fine))].slice(0, max);

/** Cookie names only: a cookie written without "=" has no name, and its text is a value, so it is skipped. */
const cookieNames = (): string[] =>
  document.cookie.split(/;\s*/).filter((c) => c.indexOf("=") > 0).map((c) => c.slice(0, c.indexOf("=")));

function keys(kind: "localStorage" | "sessionStorage"): string[] {
  const out: string[] = [];
  try {
    const s = window[kind];
    for (let i = 0; i < s.length; i++) out.push(s.key(i) || "");
  } catch {
    // storage blocked
  }
  return out;
}

function hosts(): string[] {
  const urls: string[] = [];
  try {
    for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
      if (/^(script|iframe|img)$/.test(e.initiatorType)) urls.push(e.name);
    }
  } catch {
    // no resource timing
  }
  // Scripts that run (not those held back as type="text/plain"), and iframes that have a source.
  for (const s of Array.from(document.scripts)) if (!s.type || /javascript|module/.test(s.type)) urls.push(s.src);
  document.querySelectorAll("iframe").forEach((f) => urls.push(f.src));
  const own = [location.hostname, new URL(src).hostname];
  const out: string[] = [];
  for (const u of urls) {
    try {
      const url = new URL(u);
      if (/^https?:$/.test(url.protocol) && own.indexOf(url.hostname) < 0) out.push(url.hostname.toLowerCase());
    } catch {
      // not a URL (an inline script)
    }
  }
  return bounded(out, MAX_HOSTS);
}

let sent = 0;

function send(): void {
  const cc = (window as Window & { ConsentCloud?: Api }).ConsentCloud;
  if (sent || !cc) return;
  sent = 1;
  const consent = cc.getConsent();
  const cookies = cookieNames();
  // A decision that lapsed (expired, or asked again) still has its cookie: neither before nor after consent, so no report.
  if (!consent && cookies.indexOf(OWN[0]) >= 0) return;
  const body: Record<string, unknown> & { [k: string]: unknown } = {
    choices: consent ? consent.choices : null,
    cookies: bounded(cookies, MAX_NAMES),
    localStorage: bounded(keys("localStorage"), MAX_NAMES),
    sessionStorage: bounded(keys("sessionStorage"), MAX_NAMES),
    hosts: hosts(),
  };
  const lists = ["cookies", "localStorage", "sessionStorage", "hosts"];
  let json = JSON.stringify(body);
  while (new TextEncoder().encode(json).length > MAX_BODY) {
    const longest = lists.reduce((a, b) => ((body[b] as string[]).length > (body[a] as string[]).length ? b : a));
    (body[longest] as string[]).pop();
    json = JSON.stringify(body);
  }
  fetch(src.replace(/\/[^/]*$/, ""), { method: "POST", body: json, keepalive: true, headers: { "Content-Type": "text/plain" } }).catch(() => 0);
}

const cc = (window as Window & { ConsentCloud?: Api }).ConsentCloud;
if (cc) {
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    if (document.readyState == "complete") timer = setTimeout(send, 3000);
    else addEventListener("load", later);
  };
  if (cc.getConsent()) later();
  cc.on("change", later);
  addEventListener("pagehide", send);
  document.addEventListener("visibilitychange", () => document.visibilityState == "hidden" && send());
}
