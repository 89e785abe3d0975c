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

export function autoblock(): void {
  // Set before the element is connected, so it never starts loading: src through the property or setAttribute.
  for (const P of [HTMLScriptElement, HTMLIFrameElement]) {
    const d = Object.getOwnPropertyDescriptor(P.prototype, "src")!;
    Object.defineProperty(P.prototype, "src", {
      configurable: true,
      get: d.get,
      set(v: string) {
        if (!hold(this, v)) d.set!.call(this, v);
      },
    });
  }
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (this: Element, n: string, v: string) {
    if (!(TAGS.test(this.tagName) && n.toLowerCase() == "src" && hold(this as HTMLScriptElement, v))) set.call(this, n, v);
  };
  // The HTML after the banner: caught when the parser inserts the node, before it prepares the script (it runs
  // pending observers first). Markup set through innerHTML is caught the same way, once inserted: a script in it
  // never runs anyway, an iframe in it has started to load and is stopped (docs/scanning.md, "Limits").
  const check = (n: Node) => {
    if (TAGS.test(n.nodeName)) {
      const el = n as HTMLScriptElement, src = el.getAttribute("src");
      if (src && el.type != "text/plain") hold(el, src);
    }
  };
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        check(n);
        if (n.nodeType == 1) (n as Element).querySelectorAll("script[src],iframe[src]").forEach(check);
      }
  }).observe(document.documentElement, { childList: true, subtree: true });
}
