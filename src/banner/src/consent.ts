import { scan } from "./blocker";
import { consentUpdate, dataLayer } from "./gcm";
import { report } from "./report";
import { config, consent, copy, granted, lang, origin, prior, setConsent } from "./state";
import { deleteCookies, writeConsent } from "./store";
import type { Consent, Method } from "./types";
import { show } from "./ui";

// A decision: stored in the cookie, reported, applied (Consent Mode, blocked content, events), denied services'
// cookies deleted.

type Listener = (consent: Consent) => void;
export const listeners: Listener[] = [];

/** A version 4 UUID from crypto.getRandomValues (randomUUID needs a secure context; sites may still be on http). */
export const uuid = (): string =>
  "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));

export const gpcOn = (): boolean => !!(navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl;

const optional = (choices: Record<string, boolean>): boolean =>
  Object.keys(choices).some((c) => c != "necessary" && choices[c]);

/** Consent Mode update, the dataLayer event and the release of blocked content for the decision in force. */
export function apply(): void {
  consentUpdate(config.consentMode, granted);
  dataLayer().push({ event: "consentcloud_update", consentcloud: copy(consent) });
  scan();
}

export function decide(wanted: Record<string, boolean>, method: Method): void {
  const choices: Record<string, boolean> = {};
  for (const { id } of config.categories) choices[id] = id == "necessary" || !!wanted[id];
  const any = optional(choices);
  // Denying everything after having granted something is a withdrawal.
  if (!any && method != "gpc" && consent && optional(consent.choices)) method = "withdraw";
  const now = new Date();
  const expires = new Date(now);
  expires.setMonth(expires.getMonth() + (any ? config.consent.acceptValidityMonths : config.consent.declineValidityMonths));
  const c: Consent = {
    consentId: (prior && prior.consentId) || uuid(), revision: config.revision, choices, method,
    decidedAt: now.toISOString(), expiresAt: expires.toISOString(), gpc: gpcOn(),
  };
  setConsent(c);
  if (!config.preview) {
    writeConsent(config, c);
    if (origin) {
      report(origin + "/v1/sites/" + config.siteKey + "/consents", {
        consentId: c.consentId, eventId: uuid(), revision: c.revision, choices, method, language: lang,
        pageUrl: location.origin + location.pathname, gpc: c.gpc,
      });
    }
    deleteCookies(config.services.filter((s) => !granted(s.category)).flatMap((s) => s.cookies));
  }
  apply();
  for (const f of listeners) {
    try {
      f(copy(c));
    } catch (e) {
      console.error(e);
    }
  }
  document.dispatchEvent(new CustomEvent("consentcloud:change", { detail: copy(c) }));
  show(-1);
}
