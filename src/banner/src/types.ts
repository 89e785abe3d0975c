// The published configuration (GET /v1/sites/{siteKey}/config.json, PublishedConfig.cs), as the server composes it
// into banner.js in place of __CONSENTCLOUD_CONFIG__. Only the fields the banner reads are typed.

export interface Colours { background: string; text: string }

export interface CookieInfo {
  /** Absent for cookies the provider does not name: then purpose describes them, and nothing is deleted by name. */
  name?: string | null;
  /** Set for a third party's cookie (e.g. "facebook.com"): script on the site cannot reach it. */
  domain?: string | null;
  /** session, persistent, or a number with min, h, d, w, mo or y, after "<=" for "up to" (e.g. "<=2y"). */
  lifetime: string;
  kind?: "httpCookie" | "localStorage" | "sessionStorage" | "pixel";
  /** What this cookie is for, by language (same shape as the service's purpose). */
  purpose?: Record<string, string> | null;
}

export interface Service {
  id: string;
  name: string;
  provider: string;
  /** The provider's address; country is an ISO 3166 code, named in the reader's language. */
  providerAddress?: { street: string; postalCode?: string | null; city: string; country: string } | null;
  category: string;
  privacyPolicyUrl?: string | null;
  purpose: Record<string, string>;
  cookies: CookieInfo[];
}

export interface Texts {
  title: string;
  body: string;
  acceptAll: string;
  rejectAll: string;
  customise: string;
  save: string;
  categories: Record<string, { name: string; description: string }>;
}

export interface Config {
  siteKey: string;
  revision: number;
  renewalRevision: number;
  defaultLanguage: string;
  languages: string[];
  consent: { acceptValidityMonths: number; declineValidityMonths: number; honourGlobalPrivacyControl: boolean };
  cookieDomain?: string | null;
  /** required: always on, never asked ("necessary", and exempt categories, which give their legalReason by language). */
  categories: { id: string; required: boolean; legalReason?: Record<string, string> | null }[];
  services: Service[];
  texts: Record<string, Texts>;
  appearance: {
    layout: "bar" | "box" | "modal";
    position: "bottom" | "top" | "bottomLeft" | "bottomRight" | "center";
    banner: Colours;
    acceptButton: Colours;
    rejectButton: Colours;
    customiseButton: Colours;
    fontFamily?: string | null;
    floatingButton: boolean;
  };
  /** region: ISO 3166-1/-2 codes ("DK", "US-CA") the default command is limited to; absent or empty = everywhere. */
  consentMode: { enabled: boolean; waitForUpdateMs: number; mapping: Record<string, string[]>; region?: string[] | null };
  /** The banner's own words in the site's languages (added by the server when it composes banner.js). */
  words?: Record<string, string>;
  /** Automatic blocking (autoblock.ts): [URL pattern, service id] pairs; absent when the site has it off. */
  blocking?: [string, string][] | null;
  /** Set by the portal's live preview: nothing is stored or reported. */
  preview?: boolean;
}

export type Method = "acceptAll" | "rejectAll" | "custom" | "gpc" | "withdraw";

/** One decision: what getConsent() answers and what the cc_consent cookie holds (as URI-encoded JSON). */
export interface Consent {
  consentId: string;
  revision: number;
  choices: Record<string, boolean>;
  /** Services chosen apart from their category (service id → granted); absent in cookies written before. */
  services?: Record<string, boolean>;
  method: Method;
  /** ISO 8601 (UTC). */
  decidedAt: string;
  expiresAt: string;
  /** Whether Global Privacy Control was on when the decision was made. */
  gpc: boolean;
}

/** window.ConsentCloud: the banner's runtime API (README.md, "Runtime API"); the declaration embed uses it too. */
export interface Api {
  getConsent(): Consent | null;
  isGranted(category: string): boolean;
  /** Grant categories (each with all its services) or services on top of the decision in force, and record it. */
  acceptCategory(ids: string | string[]): void;
  acceptService(ids: string | string[]): void;
  showPreferences(): void;
  /** Denies every optional category and records it (method "withdraw" after a decision that granted any). */
  withdraw(): void;
  on(event: "change", fn: (consent: Consent) => void): () => void;
}
