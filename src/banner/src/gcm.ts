import { granted } from "./state";
import type { Config } from "./types";

// Google Consent Mode v2: defaults before any tag, updates after each decision, through dataLayer as gtag.js and
// Google Tag Manager read it (gtag() must push the arguments object itself, not an array).

type Mode = Config["consentMode"];
type Win = Window & { dataLayer?: unknown[] };

export const dataLayer = (): unknown[] => ((window as Win).dataLayer = (window as Win).dataLayer || []);

function gtag(_command: string, _action: string, _params: object): void {
  dataLayer().push(arguments);
}

/**
 * A signal is granted when it is mapped to at least one category and every mapped category is granted (state.ts:
 * before a decision holds, only the always-on categories are). The server lists all seven signals in the mapping it
 * composes into banner.js (ConsentModeSignals.cs), those a site left out with no category: "denied".
 */
function signals(mode: Mode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s in mode.mapping) {
    const mapped = mode.mapping[s];
    out[s] = mapped && mapped.length && mapped.every(granted) ? "granted" : "denied";
  }
  return out;
}

export function consentDefault(mode: Mode): void {
  if (mode.enabled === false) return;
  const d = signals(mode);
  if (mode.waitForUpdateMs) d.wait_for_update = mode.waitForUpdateMs;
  // Only in these regions (ISO 3166-1/-2, as gtag reads them); elsewhere Consent Mode has no default.
  if (mode.region?.length) d.region = mode.region;
  gtag("consent", "default", d);
}

export function consentUpdate(mode: Mode): void {
  if (mode.enabled !== false) gtag("consent", "update", signals(mode));
}
