import { h } from "./dom";
import { fill, W } from "./i18n";
import { allows, granted, lang, service, t, w } from "./state";
import { colours } from "./ui";

// Blocked content: <script type="text/plain" data-category> (inline or src) and <iframe data-src data-category> stay
// inert until every category they name is granted, or, when their data-service names a service of the configuration,
// until that service is (README.md, "Markup"); then the scripts run one after another in document order, waiting for
// each external script that is not marked async.

const SELECTOR = 'script[type="text/plain"][data-category],iframe[data-src][data-category]';
const released = new WeakSet<Element>();
const placeholders = new WeakMap<Element, HTMLElement>();
const queue: HTMLScriptElement[] = [];
let waiting = false;

const allowedNow = (el: HTMLElement): boolean => {
  const s = service(el.dataset.service);
  return s ? allows(s) : el.dataset.category!.split(/[\s,]+/).every(granted);
};

function handle(el: HTMLElement): void {
  if (released.has(el)) return;
  if (allowedNow(el)) {
    released.add(el);
    if (el.tagName == "SCRIPT") {
      queue.push(el as HTMLScriptElement);
      run();
    } else show(el as HTMLIFrameElement);
  } else if (el.tagName == "IFRAME" && !placeholders.has(el)) block(el as HTMLIFrameElement);
}

/**
 * A blocked script is replaced by a live copy: same attributes (data-type gives the real type, e.g. "module"), same
 * text, and its own nonce only (never the banner's: that would let injected markup run under the site's CSP).
 */
function run(): void {
  while (!waiting && queue.length) {
    const old = queue.shift()!;
    if (!old.isConnected) continue;
    const s = document.createElement("script");
    s.dataset.category = old.dataset.category; // first: automatic blocking leaves marked scripts alone
    for (const a of old.attributes) if (a.name != "type") s.setAttribute(a.name, a.value);
    if (old.dataset.type) s.type = old.dataset.type;
    s.nonce = old.nonce;
    s.text = old.text;
    if (old.src && !old.hasAttribute("async")) {
      waiting = true;
      s.onload = s.onerror = () => {
        waiting = false;
        run();
      };
    }
    old.replaceWith(s);
  }
}

function show(frame: HTMLIFrameElement): void {
  frame.src = frame.dataset.src!;
  const ph = placeholders.get(frame);
  if (ph) {
    frame.style.display = "";
    const focused = ph.contains(document.activeElement);
    ph.remove();
    if (focused) frame.focus();
  }
}

/** A placeholder in the iframe's place: what would load, from whom, and a button to allow that service. */
function block(frame: HTMLIFrameElement): void {
  const s = service(frame.dataset.service);
  const category = t.categories[frame.dataset.category!];
  const ph = h("div", { class: "cc cc-ph", lang },
    h("p", null, fill(w[W.Blocked], s ? s.name + " (" + s.provider + ")" : category ? category.name : "")),
    s && h("button", { type: "button", class: "cc-b cc-a", "data-cc-allow": s.id }, fill(w[W.Allow], s.name)),
    h("button", { type: "button", class: "cc-b", "data-cc-open": true }, t.customise));
  colours(ph);
  for (const dim of ["width", "height"] as const) {
    const v = frame.getAttribute(dim);
    if (v) ph.style[dim] = /^\d+$/.test(v) ? v + "px" : v;
  }
  placeholders.set(frame, ph);
  frame.style.display = "none";
  frame.before(ph);
}

export function scan(): void {
  document.querySelectorAll<HTMLElement>(SELECTOR).forEach(handle);
}

/** From DOMContentLoaded on: the page's blocked elements, then every one added later. */
export function observe(): void {
  scan();
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes)
        if (n.nodeType == 1) {
          if ((n as Element).matches(SELECTOR)) handle(n as HTMLElement);
          (n as Element).querySelectorAll<HTMLElement>(SELECTOR).forEach(handle);
        }
  }).observe(document.documentElement, { childList: true, subtree: true });
}
