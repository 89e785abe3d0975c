import { decide } from "./consent";
import { h } from "./dom";
import { lifetime, W } from "./i18n";
import { allows, config, consent, granted, lang, nonce, origin, t, tr, w } from "./state";
import type { Service } from "./types";

// The banner's DOM: the first layer (dialog with title, text, policy links and three equal buttons), the second layer
// (a modal dialog with a switch per category and the services in it), and the floating button that reopens it.

declare const __CSS__: string;

let root: HTMLElement | undefined;
let floating: HTMLElement | undefined;
/** -1 closed, 0 first layer, 1 preferences. */
let open = -1;
let returnTo: Element | null = null;

/** The site's colours and font as CSS variables on one of our elements (CSSOM: allowed by a strict style-src). */
export function colours(el: HTMLElement): void {
  const a = config.appearance;
  const set = (name: string, value?: string | null) => value && el.style.setProperty("--cc-" + name, value);
  for (const [k, c] of [["", a.banner], ["a", a.acceptButton], ["r", a.rejectButton], ["c", a.customiseButton]] as const) {
    set(k + "b", c.background);
    set(k + "f", c.text);
  }
  set("font", a.fontFamily);
}

const button = (action: string, cls: string, text: string) =>
  h("button", { type: "button", class: "cc-b " + cls, "data-cc": action }, text);

const policy = (page: string, text: string) =>
  h("a", { href: origin + "/p/" + config.siteKey + "/" + page + "?lang=" + lang }, text);

const safeUrl = (url?: string | null) => url && /^https?:\/\//i.test(url) ? url : null;

/** A service in the preferences: its own switch (outside required categories), provider, purpose, cookies. */
function service(s: Service, required: boolean): HTMLElement {
  const url = safeUrl(s.privacyPolicyUrl);
  return h("div", { class: "cc-s" },
    h("div", { class: "cc-kh" },
      h("p", null, h("label", { for: "cc-s-" + s.id }, h("b", null, s.name)), " · ", url ? h("a", { href: url, rel: "noopener" }, s.provider) : s.provider),
      !required && h("input", { type: "checkbox", class: "cc-sw", id: "cc-s-" + s.id, "data-cc-svc": s.id, "data-cc-in": s.category, checked: allows(s) })),
    h("p", null, tr(s.purpose)),
    h("ul", null, ...s.cookies.map((c) => h("li", null, c.name && h("code", null, c.name),
      (c.domain ? " (" + c.domain + ")" : "") + " · " + lifetime(c.lifetime, lang, w) + (c.purpose ? " · " + tr(c.purpose) : "")))));
}

function categories(): HTMLElement[] {
  return config.categories.map(({ id, required }) => {
    const text = t.categories[id] || { name: id, description: "" };
    const services = config.services.filter((s) => s.category == id);
    return h("div", { class: "cc-k" },
      h("div", { class: "cc-kh" },
        h("h3", null, h("label", { for: "cc-k-" + id }, text.name)),
        h("input", { type: "checkbox", class: "cc-sw", id: "cc-k-" + id, "data-cc-cat": id, checked: granted(id), disabled: required, "aria-describedby": "cc-kd-" + id })),
      h("p", { id: "cc-kd-" + id }, text.description),
      services.length > 0 && h("details", null, h("summary", null, services.map((s) => s.name).join(", ")), ...services.map((s) => service(s, required))));
  });
}

/**
 * The first layer (title, text, policy links, accept / reject / customise) or, with prefs, the second: the same
 * dialog centred and modal, with a close button, a switch per category and save in place of customise.
 */
function dialog(prefs: number): HTMLElement {
  const a = config.appearance;
  const id = prefs && consent && !config.preview && consent.consentId;
  return h("div", {
    class: prefs ? "cc-d cc-p" : "cc-d cc-" + a.layout + " cc-" + a.position, role: "dialog",
    "aria-modal": "" + !!(prefs || a.layout == "modal"), "aria-labelledby": "cc-title", "aria-describedby": "cc-desc", tabindex: "-1",
  },
  h("div", { class: "cc-hd" },
    h("h2", { id: "cc-title" }, t.title),
    prefs && h("button", { type: "button", class: "cc-x", "data-cc": "close", "aria-label": w[W.Close] }, "×")),
  h("div", { class: "cc-bd" },
    h("p", { id: "cc-desc" }, t.body),
    h("p", { class: "cc-ln" }, policy("cookies", w[W.CookiePolicy]), policy("privacy", w[W.PrivacyPolicy])),
    ...(prefs ? categories() : []),
    id && h("p", { class: "cc-id" }, w[W.ConsentId] + ": " + id)),
  h("div", { class: "cc-bs" },
    button("accept", "cc-a", t.acceptAll), button("reject", "cc-r", t.rejectAll),
    prefs ? button("save", "cc-c", t.save) : button("customise", "cc-c", t.customise)));
}

/** Shows the first layer (0), the preferences (1), or neither (-1: the floating button once decided). */
export function show(layer: number): void {
  if (!root) return;
  const was = open;
  if (was < 0 && layer >= 0) returnTo = document.activeElement;
  open = layer;
  for (const el of root.querySelectorAll(".cc-o,.cc-d")) el.remove();
  if (floating) floating.hidden = layer >= 0 || !consent;
  if (layer < 0) {
    const back = returnTo as HTMLElement | null;
    returnTo = null;
    // Back to what had focus before the banner opened; when that was nothing (the page had just loaded), to the
    // floating button rather than to <body>, unless focus has gone somewhere in the page meanwhile.
    if (back && back != document.body && back.isConnected) back.focus();
    else if (was >= 0 && floating && document.activeElement == document.body) floating.focus();
    return;
  }
  const d = dialog(layer);
  if (layer || config.appearance.layout == "modal") root.append(h("div", { class: "cc-o" }));
  root.append(d);
  d.focus();
}

/** Saves the preferences' switches: categories, and services chosen apart from their category. */
function save(): void {
  const choices: Record<string, boolean> = {};
  const services: Record<string, boolean> = {};
  for (const x of root!.querySelectorAll<HTMLInputElement>(".cc-sw")) {
    const d = x.dataset;
    if (d.ccCat) choices[d.ccCat] = x.checked;
    else services[d.ccSvc!] = x.checked;
  }
  decide(choices, "custom", services);
}

/** A button's action; also ConsentCloud.withdraw() ("reject"), which works before the banner is mounted. */
export function act(action: string): void {
  if (action == "accept") decide(true, "acceptAll");
  else if (action == "reject") decide(false, "rejectAll");
  else if (action == "save") save();
  else if (action == "customise") show(1);
  else show(consent ? -1 : 0);
}

/** Tab stays inside a modal dialog (preferences, or the first layer when the layout is modal); Escape closes preferences. */
function keys(e: KeyboardEvent): void {
  const dialog = root!.querySelector<HTMLElement>(".cc-d");
  if (!dialog) return;
  if (e.key == "Escape" && open == 1) act("close");
  if (e.key == "Tab" && (open == 1 || config.appearance.layout == "modal")) {
    const all = dialog.querySelectorAll<HTMLElement>("a[href],button,input:not([disabled])");
    const [firstEl, lastEl] = [all[0], all[all.length - 1]];
    const at = document.activeElement;
    if (e.shiftKey ? at == firstEl || at == dialog : at == lastEl) {
      e.preventDefault();
      (e.shiftKey ? lastEl : firstEl).focus();
    }
  }
}

/** The floating button; its cookie icon is drawn by the CSS (.cc-f::before). */
const floatingButton = (): HTMLElement =>
  h("button", { type: "button", class: "cc-f" + (config.appearance.position == "bottomRight" ? " cc-fr" : ""), "data-cc-open": true, "aria-label": w[W.Settings], title: w[W.Settings], hidden: true });

/** Adds the styles (with the banner script's CSP nonce) and the root element, first in <body>. */
export function mount(): void {
  document.head.append(h("style", { nonce: nonce || null }, __CSS__));
  root = h("div", { id: "consentcloud", class: "cc", lang });
  colours(root);
  if (config.appearance.floatingButton) root.append((floating = floatingButton()));
  root.addEventListener("keydown", keys);
  // A category's switch sets all its services' switches.
  root.addEventListener("change", (e) => {
    const x = e.target as HTMLInputElement;
    const id = x.dataset.ccCat;
    if (id) for (const s of root!.querySelectorAll<HTMLInputElement>('[data-cc-in="' + id + '"]')) s.checked = x.checked;
  });
  document.body.prepend(root);
  show(open > 0 ? 1 : consent ? -1 : 0);
}

/** One listener for the whole page: banner buttons, placeholders' allow buttons and any [data-cc-open] element. */
export function clicks(allow: (service: string) => void): void {
  document.addEventListener("click", (e) => {
    const el = (e.target as Element).closest?.("[data-cc],[data-cc-open],[data-cc-allow]") as HTMLElement | null;
    if (!el) return;
    const d = el.dataset;
    if (d.ccAllow) allow(d.ccAllow);
    else if (d.cc) root!.contains(el) && act(d.cc);
    else {
      e.preventDefault();
      showPreferences();
    }
  });
}

export function showPreferences(): void {
  if (root) show(1);
  else open = 1;
}
