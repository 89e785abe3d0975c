// The banner benchmark (issue 4, "Budgets and benchmark"): ConsentCloud's banner against vanilla-cookieconsent 3.1.0.
//
//   1. Size: gzip -9 (Node's zlib, level 9) of src/banner/dist/banner.js with the placeholder (code + CSS, no site
//      configuration) against vanilla-cookieconsent's npm dist JS + CSS; the budget is 7,168 bytes.
//   2. Speed, in headless Chromium (playwright-core driving /usr/bin/chromium), alternating runs (ConsentCloud, peer,
//      ConsentCloud, peer, ...), a fresh browser context each run, both pages served by one local Node http server on
//      127.0.0.1 with the same body and the same two blocked scripts:
//        show   navigation start -> the banner's dialog visible (connected, non-zero box, display != none,
//               visibility visible, opacity > 0), checked in every requestAnimationFrame callback from the start of the
//               page (an init script, the same for both); also when the dialog entered the DOM (MutationObserver).
//        click  the accept button, clicked with a real mouse press/release (CDP input); from the click event's
//               timeStamp to the moment the blocked statistics script ran (it sets window.__released =
//               performance.now()), the click's synchronous dispatch (window capture -> window bubble listener), the
//               time to the next painted frame, and the renderer main thread's busy time over the whole interval
//               (CDP Performance.getMetrics TaskDuration in thread time, before the press -> after the next paint).
//        trace  TRACE_RUNS more page views each under a Chromium trace: the banner's own main-thread CPU until shown
//               (its files' top-level EvaluateScript/FunctionCall thread time) and the click dispatch's CPU. Thread
//               time is what other load on the machine inflates least.
//        baseline  the same page without any banner, in the same rotation: the page's own first paint and
//               DOMContentLoaded, to see what each banner adds.
//   3. Median, p90, min and max per metric for both, and the goals: ConsentCloud no slower to show than the peer,
//      accept click <= 50 ms.
//
// Environment: AUTOBLOCK=1 (the site has automatic blocking on: "blocking" patterns in its configuration), RUNS (per banner, default 30), WARMUP (alternating rounds not counted, default 2), TRACE_RUNS (default
// 10, at most RUNS), CPU_THROTTLE (CDP
// Emulation.setCPUThrottlingRate, default 1 = none), CHROMIUM (default /usr/bin/chromium), OUT (raw per-run JSON,
// default bench/banner/out/latest.json), SERVE=1 (only serve the two pages and print their URLs).
// Run through run.sh, which builds the banner and installs this folder's pinned packages first.
import { createServer } from "node:http";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const RUNS = +(process.env.RUNS || 30);
const WARMUP = +(process.env.WARMUP ?? 2);
const THROTTLE = +(process.env.CPU_THROTTLE || 1);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUT = process.env.OUT || join(here, "out/latest.json");
const BUDGET = 7168;
const PLACEHOLDER = "__CONSENTCLOUD_CONFIG__";

// ---------------------------------------------------------------------------------------------------------------
// The files under test.

const bannerCode = readFileSync(join(root, "src/banner/dist/banner.js"), "utf8");
if (bannerCode.split(PLACEHOLDER).length !== 2) throw new Error(`dist/banner.js must hold ${PLACEHOLDER} exactly once`);
const config = JSON.parse(readFileSync(join(root, "src/banner/dev/sample-config.json"), "utf8"));
// The banner's own words, which the server adds to the published JSON in the site's languages
// (src/ConsentCloud.Web/Features/Banners/BannerWords.cs, read here so the two never drift apart).
const wordsSource = readFileSync(join(root, "src/ConsentCloud.Web/Features/Banners/BannerWords.cs"), "utf8");
const allWords = Object.fromEntries([...wordsSource.matchAll(/\["([a-z]{2})"\] = "([^"]+)"/g)].map((m) => [m[1], m[2]]));
config.words = Object.fromEntries(config.languages.filter((l) => allWords[l]).map((l) => [l, allWords[l]]));
if (Object.keys(config.words).length !== config.languages.length) throw new Error("BannerWords.cs: a language of the sample configuration has no words");
// AUTOBLOCK=1: the site has automatic blocking on, so the published JSON carries "blocking" exactly as
// PublishedConfig.cs builds it: every declared service that is not strictly necessary, with its catalogue URL patterns.
const AUTOBLOCK = process.env.AUTOBLOCK === "1";
if (AUTOBLOCK) {
  const catalogue = JSON.parse(readFileSync(join(root, "src/ConsentCloud.Web/Features/Catalogue/catalogue.json"), "utf8"));
  const necessary = new Set(config.categories.filter((c) => c.required).map((c) => c.id));
  config.blocking = config.services.filter((s) => !s.strictlyNecessary && !necessary.has(s.category))
    .flatMap((s) => (s.urlPatterns?.length ? s.urlPatterns : catalogue.find((c) => c.id === s.id)?.urlPatterns ?? []).map((p) => [p, s.id]));
  if (!config.blocking.length) throw new Error("AUTOBLOCK=1: no URL patterns for the sample configuration's services");
}
const configJson = JSON.stringify(config);
// Composed exactly as the server does (src/ConsentCloud.Web/Features/Banners, BannerScript / ScriptBundle): the code before the placeholder, the published JSON, the code after.
const [before, after] = bannerCode.split(PLACEHOLDER);
const composedBanner = before + configJson + after;
const bannerSha = createHash("sha256").update(bannerCode).digest("hex").slice(0, 12);
const git = (...a) => { try { return execFileSync("git", ["-C", root, ...a], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim(); } catch { return "?"; } };
const commit = git("rev-parse", "--short", "HEAD");
const dirty = git("status", "--porcelain", "--", "src/banner").split("\n").filter(Boolean).length;

const vccDir = join(here, "node_modules/vanilla-cookieconsent");
const vccVersion = JSON.parse(readFileSync(join(vccDir, "package.json"), "utf8")).version;
if (vccVersion !== "3.1.0") throw new Error(`vanilla-cookieconsent ${vccVersion} installed, 3.1.0 expected (npm ci)`);
const vccJs = readFileSync(join(vccDir, "dist/cookieconsent.umd.js"));
const vccEsm = readFileSync(join(vccDir, "dist/cookieconsent.esm.js"));
const vccCss = readFileSync(join(vccDir, "dist/cookieconsent.css"));
const vccConfigJs = peerConfig(config);

// ---------------------------------------------------------------------------------------------------------------
// 1. Size.

const gz = (b) => gzipSync(b, { level: 9 }).length;
const size = {
  consentcloud: { bytes: Buffer.byteLength(bannerCode), gzip: gz(bannerCode) },
  consentcloudComposed: { bytes: Buffer.byteLength(composedBanner), gzip: gz(composedBanner) },
  peerJs: { bytes: vccJs.length, gzip: gz(vccJs) },
  peerEsm: { bytes: vccEsm.length, gzip: gz(vccEsm) },
  peerCss: { bytes: vccCss.length, gzip: gz(vccCss) },
  peerConfig: { bytes: Buffer.byteLength(vccConfigJs), gzip: gz(vccConfigJs) },
};
size.peer = { bytes: size.peerJs.bytes + size.peerCss.bytes, gzip: size.peerJs.gzip + size.peerCss.gzip };

const n = (x) => x.toLocaleString("en-US");
console.log(`banner under test: src/banner/dist/banner.js sha256 ${bannerSha}, built from commit ${commit}${dirty ? ` + ${dirty} uncommitted change(s) in src/banner` : ""}`);
console.log(`automatic blocking: ${AUTOBLOCK ? `ON (AUTOBLOCK=1; ${config.blocking.length} patterns of ${new Set(config.blocking.map((b) => b[1])).size} services in the configuration)` : "off (AUTOBLOCK=1 turns it on)"}`);
console.log("== Size: gzip -9 (Node zlib level 9), code + CSS without a site configuration ==");
console.log(`ConsentCloud  src/banner/dist/banner.js (placeholder)    ${n(size.consentcloud.bytes).padStart(7)} B  -> ${n(size.consentcloud.gzip).padStart(6)} B gzip   budget ${n(BUDGET)} B: ${size.consentcloud.gzip <= BUDGET ? "within" : "OVER"} (${n(BUDGET - size.consentcloud.gzip)} B to spare)`);
console.log(`vanilla-cookieconsent ${vccVersion} cookieconsent.umd.js + cookieconsent.css  ${n(size.peer.bytes).padStart(7)} B  -> ${n(size.peer.gzip).padStart(6)} B gzip   (JS ${n(size.peerJs.gzip)} + CSS ${n(size.peerCss.gzip)}, each file gzipped as it is served; with the ESM build instead: ${n(size.peerEsm.gzip + size.peerCss.gzip)})`);
console.log(`ratio peer / ConsentCloud: ${(size.peer.gzip / size.consentcloud.gzip).toFixed(2)}x`);
console.log(`(what a visitor downloads, for information: ConsentCloud banner.js with the demo site's configuration (5 languages) ${n(size.consentcloudComposed.gzip)} B gzip, one request; the peer's JS + CSS + its configuration script for the same site ${n(size.peer.gzip + size.peerConfig.gzip)} B gzip, three requests)`);
console.log();

// ---------------------------------------------------------------------------------------------------------------
// The vanilla-cookieconsent configuration equivalent to the demo site's published configuration: the same
// categories (necessary read-only, preferences, statistics, marketing; none pre-enabled), the same services, the same
// texts in the same five languages, the same box layout at the bottom left with equal-weight buttons, and its script
// blocking (manageScriptTags, on by default: <script type="text/plain" data-category=...>). The policy-link words are
// the ones ConsentCloud's banner uses (src/banner/src/i18n.ts).

function peerConfig(c) {
  const words = {
    da: ["Cookiepolitik", "Privatlivspolitik", "Luk", "Tjeneste", "Varighed"],
    en: ["Cookie policy", "Privacy policy", "Close", "Service", "Lifetime"],
    sv: ["Cookiepolicy", "Integritetspolicy", "Stäng", "Tjänst", "Livslängd"],
    nb: ["Informasjonskapsler", "Personvernerklæring", "Lukk", "Tjeneste", "Varighet"],
    fi: ["Evästekäytäntö", "Tietosuojaseloste", "Sulje", "Palvelu", "Kesto"],
  };
  const esc = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]);
  const translations = {};
  for (const lang of c.languages) {
    const t = c.texts[lang];
    const [cookiePolicy, privacyPolicy, close, serviceWord, lifetimeWord] = words[lang] || words.en;
    const links = `<a href="/p/${c.siteKey}/cookies?lang=${lang}">${esc(cookiePolicy)}</a> <a href="/p/${c.siteKey}/privacy?lang=${lang}">${esc(privacyPolicy)}</a>`;
    translations[lang] = {
      consentModal: {
        title: t.title, description: esc(t.body),
        acceptAllBtn: t.acceptAll, acceptNecessaryBtn: t.rejectAll, showPreferencesBtn: t.customise,
        footer: links,
      },
      preferencesModal: {
        title: t.title, acceptAllBtn: t.acceptAll, acceptNecessaryBtn: t.rejectAll, savePreferencesBtn: t.save,
        closeIconLabel: close,
        sections: [
          { description: esc(t.body) + "<br>" + links },
          ...c.categories.map(({ id }) => {
            const services = c.services.filter((s) => s.category === id);
            return {
              title: t.categories[id].name, description: esc(t.categories[id].description), linkedCategory: id,
              ...(services.length && {
                cookieTable: {
                  headers: { name: "Cookie", service: serviceWord, lifetime: lifetimeWord },
                  body: services.flatMap((s) => s.cookies.map((k) => ({
                    name: k.name, service: `${esc(s.name)} (${esc(s.provider)}): ${esc(s.purpose[lang] || s.purpose[c.defaultLanguage])}`, lifetime: k.lifetime,
                  }))),
                },
              }),
            };
          }),
        ],
      },
    };
  }
  // Cookie names with '*' become regular expressions (autoClear takes a string or a RegExp).
  const clear = (cookies) => cookies.filter((k) => (k.kind || "httpCookie") === "httpCookie" && !k.domain).map((k) => ({ name: k.name }));
  const categories = {};
  for (const { id, required } of c.categories) {
    const services = c.services.filter((s) => s.category === id);
    categories[id] = required ? { enabled: true, readOnly: true } : {};
    if (services.length) {
      categories[id].services = Object.fromEntries(services.map((s) => [s.id, { label: s.name, cookies: clear(s.cookies) }]));
      categories[id].autoClear = { cookies: services.flatMap((s) => clear(s.cookies)) };
    }
  }
  const position = { bottomLeft: "bottom left", bottomRight: "bottom right", bottom: "bottom center", top: "top center", center: "middle center" };
  const options = {
    revision: c.revision,
    cookie: { name: "cc_cookie" }, // expiresAfterDays: a function, set in the generated script below
    guiOptions: {
      consentModal: { layout: c.appearance.layout === "modal" ? "box" : c.appearance.layout, position: position[c.appearance.position] || "bottom left", equalWeightButtons: true, flipButtons: false },
      preferencesModal: { layout: "box", equalWeightButtons: true, flipButtons: false },
    },
    disablePageInteraction: c.appearance.layout === "modal",
    // On by default: it hides the banner when navigator.webdriver is true, as under any automated browser, this
    // benchmark included. Off, so the banner shows here as it does for visitors (it changes nothing else).
    hideFromBots: false,
    categories,
    language: { default: c.defaultLanguage, autoDetect: "document", translations },
  };
  return `// vanilla-cookieconsent ${"3.1.0"} set up like the demo site's ConsentCloud configuration (generated by bench/banner/run.mjs)
(function () {
  var o = ${JSON.stringify(options)};
  o.cookie.expiresAfterDays = function (a) { return 30 * (a === "all" || a === "custom" ? ${c.consent.acceptValidityMonths} : ${c.consent.declineValidityMonths}); };
  var re = function (k) { return k.name.indexOf("*") < 0 ? k : { name: new RegExp("^" + k.name.replace(/[.+?^$\\{\\}()|[\\]\\\\]/g, "\\\\$&").replace(/\\*/g, ".*") + "$") }; };
  for (var id in o.categories) {
    var cat = o.categories[id];
    if (cat.autoClear) cat.autoClear.cookies = cat.autoClear.cookies.map(re);
    for (var s in cat.services || {}) cat.services[s].cookies = cat.services[s].cookies.map(re);
  }
  CookieConsent.run(o);
})();
`;
}

// ---------------------------------------------------------------------------------------------------------------
// The local server: the same page body for both; only the head's first tags differ.

const SITE = config.siteKey;
const BANNER_URL = `/v1/sites/${SITE}/banner.js`;
const heads = {
  // ConsentCloud: the one script tag, first in <head>, as the issue prescribes.
  consentcloud: `<script src="${BANNER_URL}"></script>`,
  // vanilla-cookieconsent as its documentation sets it up: the stylesheet in <head>, the script and the configuration
  // after the document is parsed (it appends to document.body, so it cannot run synchronously in <head>; `defer`
  // in <head> runs at the same point as the documented type="module" script at the end of <body>, and is fetched
  // as early as ConsentCloud's script).
  peer: `<link rel="stylesheet" href="/vcc/cookieconsent.css"><script defer src="/vcc/cookieconsent.umd.js"></script><script defer src="/vcc/config.js"></script>`,
};
// The baseline: the same page with no banner at all (its blocked scripts simply never run), for the page's own timings.
const page = (head) => `<!doctype html>
<html lang="da"><head>
${head}
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bageriet Hansen</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}</style>
</head><body>
<h1>Bageriet Hansen</h1>
<p>Friskbagt brød hver morgen fra klokken seks. Vi bager med økologisk mel fra Fyn og surdej, der er holdt i live siden 1987.</p>
<p>Bestil til afhentning inden klokken 18, så står det klar næste morgen. <a href="#bestil">Bestil her</a>.</p>
<script type="text/plain" data-category="statistics">window.__released = performance.now();</script>
<script type="text/plain" data-category="marketing">window.__marketing = performance.now();</script>
<p>Åbent alle dage 6–18. Nørregade 12, 5000 Odense C.</p>
</body></html>`;

const reports = [];
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const send = (status, type, body, headers = {}) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
    res.end(body);
  };
  switch (url.pathname) {
    case "/consentcloud": return send(200, "text/html; charset=utf-8", page(heads.consentcloud));
    case "/peer": return send(200, "text/html; charset=utf-8", page(heads.peer));
    case "/baseline": return send(200, "text/html; charset=utf-8", page(""));
    case BANNER_URL: return send(200, "text/javascript; charset=utf-8", composedBanner);
    case "/vcc/cookieconsent.umd.js": return send(200, "text/javascript; charset=utf-8", vccJs);
    case "/vcc/cookieconsent.css": return send(200, "text/css; charset=utf-8", vccCss);
    case "/vcc/config.js": return send(200, "text/javascript; charset=utf-8", vccConfigJs);
    case `/v1/sites/${SITE}/consents`: {
      // The banner's report (fetch keepalive, text/plain): answered like the app's ingest endpoint, 201.
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        reports.push(body.length);
        send(201, "application/json", "{}", { "Access-Control-Allow-Origin": "*" });
      });
      return;
    }
    case "/favicon.ico": return send(204, "image/x-icon", "");
    default: return send(404, "text/plain", "not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
if (process.env.SERVE) {
  // SERVE=1: only serve the two pages (to look at them in a browser), no measurement.
  console.log(`ConsentCloud page ${base}/consentcloud\nvanilla-cookieconsent page ${base}/peer`);
  await new Promise(() => {});
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Speed.

const subjects = {
  consentcloud: { url: `${base}/consentcloud`, dialog: "#consentcloud .cc-d", accept: '#consentcloud [data-cc="accept"]', files: [BANNER_URL] },
  peer: { url: `${base}/peer`, dialog: "#cc-main .cm", accept: '#cc-main .cm [data-role="all"]', files: ["/vcc/cookieconsent.umd.js", "/vcc/config.js"] },
};

/** Runs in the page before any of its scripts (the same for both): the show and click probes. */
function probe(dialogSelector) {
  const m = (window.__bench = { inserted: null, visible: null, opaque: null, click: null });
  let el = null;
  const find = () => (el && el.isConnected ? el : (el = document.querySelector(dialogSelector)));
  const mo = new MutationObserver(() => {
    if (m.inserted == null && find()) {
      m.inserted = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  const tick = () => {
    const e = find();
    if (e) {
      const now = performance.now();
      if (m.inserted == null) m.inserted = now;
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      const shown = r.width > 0 && r.height > 0 && cs.display != "none" && cs.visibility == "visible" && +cs.opacity > 0;
      if (m.visible == null && shown) m.visible = now;
      if (m.opaque == null && shown && +cs.opacity >= 1) m.opaque = now;
    }
    if (m.opaque == null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  let done;
  m.done = new Promise((r) => (done = r));
  addEventListener("click", (e) => {
    if (m.click) return;
    const c = (m.click = { ts: e.timeStamp, start: performance.now(), end: null, frame: null, paint: null, releasedBefore: window.__released != null });
    requestAnimationFrame(() => {
      c.frame = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        c.paint = performance.now();
        done();
      };
      ch.port2.postMessage(0);
    });
  }, true);
  addEventListener("click", () => {
    if (m.click && m.click.end == null) m.click.end = performance.now();
  }, false);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const browserVersion = browser.version();

/** The page without a banner: what the page's own first paint and DOMContentLoaded are. */
async function baselineOnce() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK", deviceScaleFactor: 1 });
  try {
    await context.addInitScript(probe, "#none");
    const tab = await context.newPage();
    if (THROTTLE > 1) await (await context.newCDPSession(tab)).send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
    await tab.goto(`${base}/baseline`, { waitUntil: "load" });
    await tab.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 10000, polling: 50 });
    return await tab.evaluate(() => {
      const e = performance.getEntriesByType("navigation")[0];
      return { fcp: performance.getEntriesByName("first-contentful-paint")[0].startTime, dcl: e.domContentLoadedEventStart, responseStart: e.responseStart };
    });
  } finally {
    await context.close();
  }
}

async function once(name) {
  const s = subjects[name];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK", deviceScaleFactor: 1 });
  try {
    await context.addInitScript(probe, s.dialog);
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    const cdp = await context.newCDPSession(tab);
    if (THROTTLE > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    await tab.goto(s.url, { waitUntil: "load" });
    await tab.waitForFunction(() => window.__bench.opaque != null, null, { timeout: 10000, polling: 50 });
    const shown = metrics(await cdp.send("Performance.getMetrics"));
    const nav = await tab.evaluate(() => {
      const e = performance.getEntriesByType("navigation")[0];
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      return { responseStart: e.responseStart, dcl: e.domContentLoadedEventStart, load: e.loadEventStart, fcp: fcp ? fcp.startTime : null, releasedEarly: window.__released != null || window.__marketing != null };
    });
    if (nav.releasedEarly) throw new Error(`${name}: a blocked script ran before consent`);
    // Hover the accept button (a visitor's pointer is there before the press), let the page settle, then press.
    const box = await tab.locator(s.accept).boundingBox();
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    await tab.mouse.move(x, y);
    await tab.waitForTimeout(150);
    const m0 = metrics(await cdp.send("Performance.getMetrics"));
    await tab.mouse.down();
    await tab.mouse.up();
    const r = await tab.evaluate(async () => {
      await window.__bench.done;
      for (let i = 0; i < 200 && window.__released == null; i++) await new Promise((ok) => setTimeout(ok, 10));
      const b = window.__bench;
      return { ...b, done: undefined, released: window.__released ?? null, marketing: window.__marketing ?? null };
    });
    const m1 = metrics(await cdp.send("Performance.getMetrics"));
    if (r.released == null) throw new Error(`${name}: the statistics script did not run after accept`);
    if (r.marketing == null) throw new Error(`${name}: the marketing script did not run after accept`);
    if (r.click.releasedBefore) throw new Error(`${name}: released before the click`);
    if (errors.length) throw new Error(`${name}: page errors: ${errors.join("; ")}`);
    const c = r.click;
    return {
      inserted: r.inserted, visible: r.visible, opaque: r.opaque, fcp: nav.fcp, dcl: nav.dcl, responseStart: nav.responseStart,
      visibleAfterResponse: r.visible - nav.responseStart,
      loadMainThread: shown.TaskDuration * 1000,
      loadScript: shown.ScriptDuration * 1000,
      clickToReleased: r.released - c.ts,
      inputDelay: c.start - c.ts,
      dispatch: c.end - c.start,
      clickToPaint: c.paint - c.ts,
      mainThread: (m1.TaskDuration - m0.TaskDuration) * 1000,
      script: (m1.ScriptDuration - m0.ScriptDuration) * 1000,
      style: (m1.RecalcStyleDuration - m0.RecalcStyleDuration) * 1000,
      layout: (m1.LayoutDuration - m0.LayoutDuration) * 1000,
    };
  } finally {
    await context.close();
  }
}

/**
 * The same page view under a Chromium trace (devtools.timeline), for CPU figures that other load on the machine does
 * not inflate (thread time, "tdur"): the banner's own main-thread work until it is shown (top-level EvaluateScript
 * and FunctionCall events of its script files, forced style and layout inside them included), and the accept click's
 * dispatch (the click EventDispatch: every listener, the release of the blocked scripts included).
 */
async function traced(name) {
  const s = subjects[name];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK", deviceScaleFactor: 1 });
  try {
    await context.addInitScript(probe, s.dialog);
    const tab = await context.newPage();
    if (THROTTLE > 1) await (await context.newCDPSession(tab)).send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
    await browser.startTracing(tab, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
    await tab.goto(s.url, { waitUntil: "load" });
    await tab.waitForFunction(() => window.__bench.opaque != null, null, { timeout: 10000, polling: 50 });
    const box = await tab.locator(s.accept).boundingBox();
    await tab.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await tab.waitForTimeout(150);
    await tab.mouse.down();
    await tab.mouse.up();
    await tab.evaluate(() => window.__bench.done);
    await tab.waitForTimeout(100);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    const mine = (e) => e.args && e.args.data && typeof e.args.data.url == "string" && s.files.some((f) => e.args.data.url.endsWith(f));
    const threads = new Set(events.filter((e) => e.name == "EvaluateScript" && mine(e)).map((e) => e.pid + ":" + e.tid));
    const xs = events.filter((e) => e.ph == "X" && threads.has(e.pid + ":" + e.tid)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const click = xs.find((e) => e.name == "EventDispatch" && e.args.data && e.args.data.type == "click");
    if (!click) throw new Error(`${name}: no click in the trace`);
    let load = 0, end = -1;
    for (const e of xs) {
      if ((e.name != "EvaluateScript" && e.name != "FunctionCall") || !mine(e) || e.ts < end) continue; // top-level only
      end = e.ts + e.dur;
      if (e.ts < click.ts) load += e.tdur || 0;
    }
    return { cpuShow: load / 1000, cpuClick: click.tdur / 1000 };
  } finally {
    await context.close();
  }
}

const metrics = (r) => Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));

const load0 = loadavg();
console.log(`== Speed: ${browserVersion} headless (${CHROMIUM}), ${RUNS} runs each, alternating, ${WARMUP} warm-up pair(s) not counted, CPU throttling ${THROTTLE}x, server ${base} ==`);
const results = { consentcloud: [], peer: [], baseline: [] };
for (let i = 0; i < WARMUP + RUNS; i++) {
  for (const name of ["consentcloud", "peer", "baseline"]) {
    const r = name == "baseline" ? await baselineOnce() : await once(name);
    if (i >= WARMUP) results[name].push(r);
  }
  if ((i + 1) % 10 === 0) process.stdout.write(`  ${i + 1 - WARMUP} runs each done\n`);
}
const TRACE_RUNS = Math.min(RUNS, +(process.env.TRACE_RUNS ?? 10));
console.log(`  traced runs (CPU): ${TRACE_RUNS} each, alternating`);
for (let i = 0; i < TRACE_RUNS; i++) {
  for (const name of ["consentcloud", "peer"]) Object.assign(results[name][i % RUNS], await traced(name));
}
await browser.close();
server.close();
const load1 = loadavg();
const la = (l) => l.map((x) => x.toFixed(2)).join(" ");
console.log(`load average before ${la(load0)}, after ${la(load1)} (on ${execFileSync("nproc").toString().trim()} cores: the machine was ${Math.max(load0[0], load1[0]) > 2.5 ? "BUSY with other work, absolute times are inflated" : "quiet"})`);

// ---------------------------------------------------------------------------------------------------------------
// 3. Statistics and goals.

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const quantile = (xs, q) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]; // nearest rank
};
const median = (xs) => {
  const s = sorted(xs), k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};
const stats = (xs) => ({ median: median(xs), p90: quantile(xs, 0.9), min: Math.min(...xs), max: Math.max(...xs) });

const rows = [
  ["visible", "show: navigation start -> dialog visible (rAF check)"],
  ["inserted", "show: navigation start -> dialog in the DOM"],
  ["visibleAfterResponse", "show: page's first response byte -> dialog visible"],
  ["opaque", "show: navigation start -> entrance animation done (opacity 1)"],
  ["responseStart", "page: first response byte (responseStart)"],
  ["fcp", "page: first contentful paint"],
  ["dcl", "page: DOMContentLoaded"],
  ["loadMainThread", "page: main-thread busy until banner fully shown (CDP TaskDuration)"],
  ["loadScript", "  of which script (CDP ScriptDuration)"],
  ["cpuShow", `trace (${"n=" + Math.min(RUNS, +(process.env.TRACE_RUNS ?? 10))}): banner's own main-thread CPU until shown`],
  ["cpuClick", "trace: accept click dispatch, main-thread CPU"],
  ["clickToReleased", "click: event timeStamp -> statistics script ran"],
  ["inputDelay", "click: event timeStamp -> first listener"],
  ["dispatch", "click: synchronous dispatch (all listeners)"],
  ["clickToPaint", "click: event timeStamp -> after next paint"],
  ["mainThread", "click: main-thread busy, press -> after paint (CDP TaskDuration)"],
  ["script", "  of which script (CDP ScriptDuration)"],
  ["style", "  of which style recalc (CDP RecalcStyleDuration)"],
  ["layout", "  of which layout (CDP LayoutDuration)"],
];
const table = {};
const f = (x) => x.toFixed(1).padStart(6);
console.log();
console.log(`${"metric (ms)".padEnd(64)} ${"ConsentCloud: median    p90    min    max".padEnd(44)} | vanilla-cookieconsent: median    p90    min    max`);
for (const [key, label] of rows) {
  const values = (name) => results[name].map((r) => r[key]).filter((x) => x != null);
  if (!values("consentcloud").length) continue;
  const a = stats(values("consentcloud"));
  const b = stats(values("peer"));
  table[key] = { label, consentcloud: a, peer: b };
  console.log(`${label.padEnd(64)} ${" ".repeat(14)}${f(a.median)} ${f(a.p90)} ${f(a.min)} ${f(a.max)}  | ${" ".repeat(22)}${f(b.median)} ${f(b.p90)} ${f(b.min)} ${f(b.max)}`);
}

// Paired by round (the runs alternate, so round i of each ran back to back under much the same conditions).
console.log();
console.log("paired by round (ConsentCloud run i against the peer's run i):");
for (const key of ["visible", "inserted", "fcp", "clickToReleased", "mainThread", "cpuShow", "cpuClick"]) {
  if (!table[key]) continue;
  const d = [];
  let wins = 0;
  results.consentcloud.forEach((r, i) => {
    const p = results.peer[i];
    if (r[key] == null || p[key] == null) return;
    d.push(r[key] - p[key]);
    if (r[key] < p[key]) wins++;
  });
  table[key].paired = { consentcloudLower: wins, of: d.length, medianDifference: median(d) };
  console.log(`  ${table[key].label.padEnd(62)} ConsentCloud lower in ${String(wins).padStart(2)} of ${d.length}, median difference (ConsentCloud - peer) ${median(d).toFixed(1).padStart(7)} ms`);
}

const baseline = {};
for (const key of ["responseStart", "fcp", "dcl"]) baseline[key] = stats(results.baseline.map((r) => r[key]));
console.log(`the same page with no banner (baseline, ${results.baseline.length} runs in the same rotation): ` +
  `first response byte median ${baseline.responseStart.median.toFixed(1)} (p90 ${baseline.responseStart.p90.toFixed(1)}), ` +
  `first contentful paint median ${baseline.fcp.median.toFixed(1)} (p90 ${baseline.fcp.p90.toFixed(1)}), ` +
  `DOMContentLoaded median ${baseline.dcl.median.toFixed(1)} (p90 ${baseline.dcl.p90.toFixed(1)})`);

const showOk = table.visible.consentcloud.median <= table.visible.peer.median;
const clickWorst = Math.max(table.clickToReleased.consentcloud.p90, table.mainThread.consentcloud.p90);
const clickOk = clickWorst <= 50;
console.log();
console.log(`Goal: ConsentCloud no slower than the peer to show: median ${table.visible.consentcloud.median.toFixed(1)} ms vs ${table.visible.peer.median.toFixed(1)} ms -> ${showOk ? "MET" : "NOT MET"}`);
console.log(`Goal: accept click <= 50 ms: ConsentCloud p90 click -> released ${table.clickToReleased.consentcloud.p90.toFixed(1)} ms, p90 main-thread busy ${table.mainThread.consentcloud.p90.toFixed(1)} ms (max ${table.clickToReleased.consentcloud.max.toFixed(1)} / ${table.mainThread.consentcloud.max.toFixed(1)}) -> ${clickOk ? "MET" : "NOT MET"}`);
console.log(`(reports received by the local ingest stand-in: ${reports.length}; the peer sends none)`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({
  when: new Date().toISOString(), banner: { sha256: bannerSha, commit, uncommittedInSrcBanner: dirty }, loadavg: { before: load0, after: load1 }, browser: browserVersion, runs: RUNS, warmup: WARMUP, throttle: THROTTLE,
  node: process.version, cpus: execFileSync("nproc").toString().trim(), size, table, baseline, goals: { showOk, clickOk }, results,
}, null, 1));
console.log(`raw per-run figures: ${OUT}`);
