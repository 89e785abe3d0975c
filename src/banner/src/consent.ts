import { scan } from "./blocker";
import { consentUpdate, dataLayer } from "./gcm";
import { report } from "./report";
import { allows, config, consent, copy, lang, origin, prior, req, safe, setConsent } from "./state";
import { deleteCookies, writeConsent } from "./store";
import type { Consent, Method } from "./types";
import { show } from "./ui";

// A decision: stored in the cookie, reported, applied (Consent Mode, blocked content, events), denied services'
// cookies deleted.

type Listener = (consent: Consent) => void;
export const listeners: Listener[] = [];
type Choices = Record<string, boolean>;

/** A version 4 UUID from crypto.getRandomValues (randomUUID needs a secure context; sites may still be on http). */
export const uuid = (): string =>
  "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));

export const gpcOn = (): boolean => !!(navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl;

/** Whether a decision grants anything optional: a category that is not always on, or a service chosen on its own. */
const grants = (c: Consent): boolean =>
  Object.keys(c.choices).some((k) => !req(k) && c.choices[k]) || Object.values(c.services || {}).some(Boolean);

/** Consent Mode update, the dataLayer event and the release of blocked content for the decision in force. */
export function apply(): void {
  consentUpdate(config.consentMode);
  dataLayer().push({ event: "consentcloud_update", consentcloud: copy(consent) });
  scan();
}

/**
 * Records a decision: a choice per category (absent = denied) and, in picked, per service; only services whose choice
 * differs from their category's are kept (the cookie stays small). Under GPC no marketing service is kept.
 */
export function decide(wanted: Choices | boolean, method: Method, picked: Choices = {}): void {
  const choices: Choices = {};
  const services: Choices = {};
  // true / false: every category (accept all, reject all)
  for (const { id, required } of config.categories) choices[id] = required || wanted === true || !!(wanted as Choices)[id];
  for (const s of config.services) {
    if (picked[s.id] === !choices[s.category] && (method != "gpc" || s.category != "marketing")) services[s.id] = picked[s.id];
  }
  const now = new Date();
  const c: Consent = {
    consentId: (prior && prior.consentId) || uuid(), revision: config.revision, choices, services, method,
    decidedAt: now.toISOString(), expiresAt: "", gpc: gpcOn(),
  };
  const any = grants(c);
  // Denying everything after having granted something is a withdrawal.
  if (!any && method != "gpc" && consent && grants(consent)) c.method = "withdraw";
  now.setMonth(now.getMonth() + (any ? config.consent.acceptValidityMonths : config.consent.declineValidityMonths));
  c.expiresAt = now.toISOString();
  setConsent(c);
  if (!config.preview) {
    writeConsent(config, c);
    if (origin) {
      // The decision as the cookie holds it, but its expiry (the server computes it from decidedAt), plus the event.
      const body: Partial<Consent> & Record<string, unknown> = { ...c, eventId: uuid(), language: lang, pageUrl: location.origin + location.pathname };
      delete body.expiresAt;
      report(origin + "/v1/sites/" + config.siteKey + "/consents", body);
    }
    deleteCookies(config.services.filter((s) => !allows(s)).flatMap((s) => s.cookies));
  }
  apply();
  for (const f of listeners) safe(() => f(copy(c)))();
  document.dispatchEvent(new CustomEvent("consentcloud:change", { detail: copy(c) }));
  show(-1);
}

/**
 * Grants categories (each with all its services) or services on top of the decision in force, as a "custom"
 * decision: ConsentCloud.acceptCategory / acceptService and a placeholder's allow button.
 */
export function grant(ids: string | string[], asService?: 1): void {
  const list = ([] as string[]).concat(ids);
  const choices: Choices = { ...consent?.choices };
  const picked: Choices = { ...consent?.services };
  // A granted category grants all its services (an individual denial in it goes).
  for (const s of config.services) if (list.includes(asService ? s.id : s.category)) picked[s.id] = true;
  if (!asService) for (const id of list) choices[id] = true;
  decide(choices, "custom", picked);
}
