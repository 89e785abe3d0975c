import { autoblock } from "./autoblock";
import { observe } from "./blocker";
import { apply, decide, gpcOn, grant, listeners } from "./consent";
import { consentDefault } from "./gcm";
import { flush } from "./report";
import { allows, config, consent, copy, granted, safe, setConsent, setup } from "./state";
import { holds, readConsent } from "./store";
import type { Api, Config } from "./types";
import { act, clicks, mount, showPreferences } from "./ui";

// The entry point. The server replaces __CONSENTCLOUD_CONFIG__ (exactly once in the bundle) with the site's published
// configuration JSON; the portal's preview puts a draft there with "preview": true.
declare const __CONSENTCLOUD_CONFIG__: Config | null | undefined;

const win = window as Window & { ConsentCloud?: Api };

/** Enough to start; anything odd deeper down throws inside start() and is caught there. */
const valid = (x: Config | null | undefined): x is Config =>
  !!(x && x.siteKey && x.categories && x.services && x.languages && x.texts && x.appearance && x.consent && x.consentMode);


function whenBody(fn: () => void): void {
  if (document.body) return fn();
  const mo = new MutationObserver(() => {
    if (document.body) {
      mo.disconnect();
      fn();
    }
  });
  mo.observe(document.documentElement, { childList: true });
}

function start(c: Config): void {
  const stored = c.preview ? null : readConsent();
  setup(c, stored);
  // Before anything else is applied (README.md, "Behaviour" 1); after setup, which knows the always-on categories.
  consentDefault(c.consentMode);
  const s = holds(stored, c) ? stored : null;
  if (s) setConsent(s);
  if (c.blocking && !c.preview) autoblock();
  // Global Privacy Control (README.md, "GPC"), decided before anything stored is applied: nobody was asked, so
  // nothing optional is granted; an earlier grant of marketing (or a marketing service) made without GPC is narrowed
  // to the rest. The visitor can still opt in from the preferences.
  if (c.consent.honourGlobalPrivacyControl && gpcOn() && (!s || (!s.gpc && (s.choices.marketing || c.services.some((x) => x.category == "marketing" && allows(x)))))) {
    decide(s ? { ...s.choices, marketing: false } : {}, "gpc", s?.services);
  } else if (s) apply();
  clicks((service) => grant(service, 1));
  whenBody(safe(mount));
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", safe(observe));
  else observe();
  if (!c.preview) {
    const send = () => flush();
    setTimeout(send, 0);
    addEventListener("online", send);
    document.addEventListener("visibilitychange", send);
  }
}

if (!win.ConsentCloud) {
  let c: Config | null | undefined;
  try {
    c = __CONSENTCLOUD_CONFIG__;
  } catch {
    // the placeholder was not replaced
  }
  win.ConsentCloud = {
    getConsent: () => copy(consent),
    isGranted: granted,
    acceptCategory: (ids) => config && grant(ids),
    acceptService: (ids) => config && grant(ids, 1),
    showPreferences: () => config && showPreferences(),
    // The same path as "reject" in the preferences: recorded as "withdraw" when the decision in force granted anything.
    withdraw: () => config && act("reject"),
    on: (event, fn) => {
      if (event == "change") listeners.push(fn);
      return () => {
        const i = listeners.indexOf(fn);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
  try {
    if (valid(c)) start(c);
    else {
      // No usable configuration: Consent Mode still starts denied, blocked content stays blocked, no banner.
      consentDefault({ mapping: {} } as Config["consentMode"]); // enabled, no wait_for_update
      console.warn("ConsentCloud: no valid configuration");
    }
  } catch (e) {
    console.error("ConsentCloud:", e);
  }
}
