import { allows, config, service } from "./state";

// Automatic blocking (docs/scanning.md): with the site's "blocking" patterns ([pattern, service id], Catalogue's
// UrlPatterns.cs grammar: host on a label boundary, optional path prefix, optional ?name=value-prefix; the longest
// match wins, services tied at that length must all be allowed), a script or iframe from a declared service is turned
// into the manual markup (type="text/plain" / data-src, data-category, data-service) before it can load, and
// blocker.ts releases it like any other. Scripts and iframes created by other scripts are caught when their src is
// set; those in the HTML by the observer, before the parser runs them.

/** The ids of the services a URL belongs to ("" when none). */
function owners(u: string): string {
  let url: URL, best = 0, ids: string[] = [];
  try {
    url = new URL(u, location.href);
  } catch {
    return "";
  }
  for (const [p, id] of config.blocking!) {
    const [a, q] = p.split("?"), i = a.indexOf("/"), host = i < 0 ? a : a.slice(0, i), h = url.hostname;
    const [k, v] = (q || "").split("=");
    if ((h == host || h.endsWith("." + host)) && url.pathname.startsWith(i < 0 ? "" : a.slice(i)) &&
      (!q || url.searchParams.get(k)?.startsWith(v))) {
      if (p.length > best) (best = p.length), (ids = [id]);
      else if (p.length == best) ids.push(id);
    }
  }
  return ids.join(" ");
}

/**
 * Marks a script or iframe whose src belongs to a service not allowed yet. True when the caller must not set the src:
 * an iframe held keeps it in data-src; a script keeps its src, inert under type="text/plain", for blocker.ts to copy.
 */
function hold(el: HTMLScriptElement | HTMLIFrameElement, src: string): boolean {
  const ids = owners(src), s = ids && ids.split(" ").map(service);
  if (!s || s.every((x) => x && allows(x)) || el.dataset.category) return false;
  el.dataset.service = ids;
  el.dataset.category = s.map((x) => x!.category).join(" ");
  if (el.tagName == "SCRIPT") {
    if ((el as HTMLScriptElement).type) el.dataset.type = (el as HTMLScriptElement).type;
    (el as HTMLScriptElement).type = "text/plain";
    return false;
  }
  el.removeAttribute("src");
  el.dataset.src = src;
  return true;
}

const TAGS = /^(SCRIPT|IFRAME)$/;

/** Replaces a property's setter with f, which gets the element, the value and the original setter. */
function wrap(o: object, name: string, f: (el: Element, v: string, set: (el: Element, v: string) => unknown) => unknown): void {
  const d = Object.getOwnPropertyDescriptor(o, name)!;
  Object.defineProperty(o, name, {
    configurable: true,
    get: d.get,
    set(v: string) {
      f(this, v, (el, x) => d.set!.call(el, x));
    },
  });
}

export function autoblock(): void {
  // Set before the element is connected, so it never starts loading: src through the property or setAttribute.
  for (const P of [HTMLScriptElement, HTMLIFrameElement]) wrap(P.prototype, "src", (el, v, set) => hold(el as HTMLScriptElement, v) || set(el, v));
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (this: Element, n: string, v: string) {
    if (!(TAGS.test(this.tagName) && n.toLowerCase() == "src" && hold(this as HTMLScriptElement, v))) set.call(this, n, v);
  };
  // The HTML after the banner: caught when the parser inserts the node, before it prepares the script (it runs
  // pending observers first).
  const check = (n: Node) => {
    if (TAGS.test(n.nodeName)) {
      const el = n as HTMLScriptElement, src = el.getAttribute("src");
      if (src && el.type != "text/plain") hold(el, src);
    }
  };
  const all = (n: Node) => (n as Element).querySelectorAll?.("script[src],iframe[src]").forEach(check);
  // Markup with an iframe set through innerHTML: parsed in an inert template and checked there first, so a held
  // iframe is never connected with its src (it would start loading at once). A script in such markup never runs
  // anyway; markup without an iframe goes straight through, in the browser's own parsing context (SVG, tables), and
  // so does a template's (its markup goes to its inert content, which frameworks clone later; the observer sees that).
  wrap(Element.prototype, "innerHTML", (el, v, set) => {
    if (/<iframe/i.test(v) && el.tagName != "TEMPLATE") {
      const t = document.createElement("template");
      set(t, v);
      all(t.content);
      el.replaceChildren(t.content);
    } else set(el, v);
  });
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        check(n);
        all(n);
      }
  }).observe(document.documentElement, { childList: true, subtree: true });
}
