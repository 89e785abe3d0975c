// Drives Debian's Chromium through the banner and the cookie declaration embed on the pages serve.mjs makes: behaviour
// checks, an axe-core scan per layout, and screenshots (written to $SHOTS, default /tmp/consentcloud-banner-shots) to look at.
// Needs `npm run build` in src/banner and `npm install` here. Run: node harness.mjs [filter]
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { start } from "./serve.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SHOTS = process.env.SHOTS || "/tmp/consentcloud-banner-shots";
mkdirSync(SHOTS, { recursive: true });
const only = process.argv[2];

const { server, base } = await start();
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let passed = 0, failed = 0;
const check = (name, ok, detail = "") => {
  ok ? passed++ : failed++;
  console.log(`${ok ? "  ok  " : "  FAIL"} ${name}${ok ? "" : " " + JSON.stringify(detail)}`);
};
const log = async () => (await (await fetch(base + "/_log")).json()).map((e) => e.body);
const consentCookie = async (ctx) => {
  const c = (await ctx.cookies()).find((c) => c.name === "cc_consent");
  return c && { ...c, value: JSON.parse(decodeURIComponent(c.value)) };
};
async function fresh(opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => check("no page error", false, e.message));
  return { ctx, page };
}
const shot = (page, name) => page.screenshot({ path: `${SHOTS}/${name}.png` });
async function axe(page, name, scope) {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate((scope) => window.axe.run(scope || (document.getElementById("consentcloud") ? "#consentcloud" : document), { resultTypes: ["violations"] }), scope);
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(`axe ${name}: no serious or critical`, bad.length === 0, bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`));
}

const scenarios = {
  async firstVisitAccept() {
    const { ctx, page } = await fresh();
    await page.goto(base + "/page?lang=da");
    const dialog = page.locator('#consentcloud [role="dialog"]');
    await dialog.waitFor();
    check("banner shown", await dialog.isVisible());
    check("title in Danish", (await page.locator("#cc-title").textContent()) === "Vi respekterer dit valg");
    check("focus in banner", await page.evaluate(() => document.activeElement.closest("#consentcloud") != null));
    check("nothing ran before consent", await page.evaluate(() => !window.ran && !window.extRan));
    const dl = await page.evaluate(() => (window.dataLayer || []).map((a) => JSON.parse(JSON.stringify(Array.from(a.length !== undefined ? a : [a])))));
    check("dataLayer starts with consent default", dl[0][0] === "consent" && dl[0][1] === "default" && dl[0][2].analytics_storage === "denied" && dl[0][2].security_storage === "granted" && dl[0][2].wait_for_update === 500, dl[0]);
    check("iframe has no src", await page.evaluate(() => !document.querySelector("iframe").src));
    check("placeholder shown", await page.locator(".cc-ph").isVisible());
    const a = await page.locator(".cc-d .cc-a").boundingBox(), r = await page.locator(".cc-d .cc-r").boundingBox();
    check("accept and reject same size", a.width === r.width && a.height === r.height, [a, r]);
    await shot(page, "box-first-da");
    await axe(page, "box first layer");
    await page.click('.cc-d [data-cc="accept"]');
    await page.waitForFunction(() => (window.ran || []).length >= 4);
    const ran = await page.evaluate(() => window.ran);
    check("scripts ran in document order after accept", JSON.stringify(ran) === JSON.stringify(["stat", "ext", "after-ext:true", "mkt"]), ran);
    check("iframe loaded", await page.evaluate(() => document.querySelector("iframe").src.includes("youtube")));
    check("banner closed", (await page.locator(".cc-d").count()) === 0);
    check("floating button shown", await page.locator(".cc-f").isVisible());
    const c = await consentCookie(ctx);
    check("cookie written", c && c.value.method === "acceptAll" && c.value.choices.marketing === true && c.sameSite === "Lax" && c.path === "/", c);
    const months = c && (new Date(c.value.expiresAt) - new Date(c.value.decidedAt)) / 864e5;
    check("accept validity ~12 months", months > 360 && months < 370, months);
    const dl2 = await page.evaluate(() => window.dataLayer.map((a) => JSON.parse(JSON.stringify(a.length !== undefined ? Array.from(a) : a))));
    check("gtag update granted", dl2.some((a) => a[1] === "update" && a[2].ad_storage === "granted" && a[2].analytics_storage === "granted"), dl2);
    check("consentcloud_update event", dl2.some((a) => a.event === "consentcloud_update" && a.consentcloud.method === "acceptAll"));
    await page.waitForTimeout(300);
    const posted = (await log()).filter((b) => b.consentId === c.value.consentId);
    check("decision reported", posted.length === 1 && posted[0].method === "acceptAll" && posted[0].revision === 1 && posted[0].language === "da" && posted[0].pageUrl === base + "/page", posted);
    check("outbox emptied", await page.evaluate(() => !localStorage.getItem("cc_outbox")));
    await shot(page, "box-after-accept");
    await page.reload();
    await page.waitForFunction(() => (window.ran || []).length >= 4);
    check("no banner on return, scripts run", (await page.locator(".cc-d").count()) === 0);
    check("api", await page.evaluate(() => ConsentCloud.isGranted("statistics") && ConsentCloud.getConsent().method === "acceptAll"));
    // Withdraw through the floating button; the listed first-party cookies go.
    await page.evaluate(() => { document.cookie = "_ga=1;path=/"; document.cookie = "_ga_XYZ=1;path=/"; document.cookie = "other=1;path=/"; });
    const events = page.evaluate(() => new Promise((r) => document.addEventListener("consentcloud:change", (e) => r(e.detail.method))));
    await page.click(".cc-f");
    await page.locator(".cc-p").waitFor();
    check("preferences reflect choices", await page.locator('[data-cc-cat="statistics"]').isChecked());
    check("consent id shown", (await page.locator(".cc-id").textContent()).includes(c.value.consentId));
    await page.click('.cc-p [data-cc="reject"]');
    check("change event says withdraw", (await events) === "withdraw");
    const c2 = await consentCookie(ctx);
    check("same consent id after withdraw", c2.value.consentId === c.value.consentId && c2.value.method === "withdraw");
    const names = (await ctx.cookies()).map((c) => c.name);
    check("denied services' cookies deleted", !names.includes("_ga") && !names.includes("_ga_XYZ") && names.includes("other"), names);
    check("focus returned to floating button", await page.evaluate(() => document.activeElement.classList.contains("cc-f")));
    await ctx.close();
  },

  async rejectAndCustomise() {
    const { ctx, page } = await fresh();
    await page.goto(base + "/page?lang=en");
    await page.click('.cc-d [data-cc="reject"]');
    await page.waitForTimeout(200);
    check("reject keeps scripts blocked", await page.evaluate(() => !window.ran));
    const c = await consentCookie(ctx);
    const months = (new Date(c.value.expiresAt) - new Date(c.value.decidedAt)) / 864e5;
    check("reject: decline validity ~6 months", c.value.method === "rejectAll" && months > 180 && months < 186, c.value);
    // Dynamically added script stays blocked, then runs after a later grant.
    await page.evaluate(() => { const s = document.createElement("script"); s.type = "text/plain"; s.dataset.category = "statistics"; s.text = "window.dyn = true"; document.body.append(s); });
    await page.waitForTimeout(50);
    check("dynamic script blocked", await page.evaluate(() => !window.dyn));
    await page.click("[data-cc-open]");
    await page.locator(".cc-p").waitFor();
    await shot(page, "prefs-en");
    await page.click('label[for="cc-k-statistics"]');
    await page.click('.cc-p [data-cc="save"]');
    await page.waitForFunction(() => window.dyn && (window.ran || []).includes("stat"));
    check("custom: statistics ran, marketing not", await page.evaluate(() => !window.ran.includes("mkt")));
    check("custom method", (await consentCookie(ctx)).value.method === "custom");
    // A script added after the grant runs at once.
    await page.evaluate(() => { const s = document.createElement("script"); s.type = "text/plain"; s.dataset.category = "statistics"; s.text = "window.dyn2 = true"; document.body.append(s); });
    await page.waitForFunction(() => window.dyn2);
    check("dynamic script after grant runs", true);
    // Per-service allow from the placeholder.
    await page.click('[data-cc-allow="youtube"]');
    check("youtube allowed from placeholder", await page.evaluate(() => document.querySelector("iframe").src.includes("youtube")) && !(await page.evaluate(() => window.ran.includes("mkt"))));
    await ctx.close();
  },

  async gpc() {
    const { ctx, page } = await fresh();
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
    await page.goto(base + "/page?lang=sv");
    await page.waitForTimeout(300);
    check("gpc: no banner", (await page.locator(".cc-d").count()) === 0);
    const c = await consentCookie(ctx);
    check("gpc recorded", c && c.value.method === "gpc" && c.value.gpc === true && !c.value.choices.marketing && !c.value.choices.statistics, c && c.value);
    const posted = (await log()).find((b) => b.consentId === c.value.consentId);
    check("gpc reported", posted && posted.method === "gpc" && posted.gpc === true);
    check("gpc: floating button to opt in", await page.locator(".cc-f").isVisible());
    await page.click(".cc-f");
    await page.click('.cc-p [data-cc="accept"]');
    await page.reload();
    await page.waitForFunction(() => (window.ran || []).includes("mkt"));
    check("explicit opt-in under gpc holds", (await consentCookie(ctx)).value.method === "acceptAll");
    await ctx.close();
  },

  async renewalAndExpiry() {
    for (const [name, patch, expectBanner] of [
      ["older revision than renewal", { revision: 0 }, true],
      ["expired", { expiresAt: new Date(Date.now() - 1000).toISOString() }, true],
      ["older revision, no renewal needed", { revision: 0 }, false],
    ]) {
      const { ctx, page } = await fresh();
      const value = { consentId: "11111111-2222-4333-8444-555555555555", revision: 1, choices: { necessary: true, preferences: false, statistics: true, marketing: false }, method: "custom", decidedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 864e5).toISOString(), gpc: false, ...patch };
      await ctx.addCookies([{ name: "cc_consent", value: encodeURIComponent(JSON.stringify(value)), url: base }]);
      const q = expectBanner || name !== "older revision, no renewal needed" ? "" : "&renewal=0";
      await page.goto(base + "/page?lang=en" + (name.includes("no renewal") ? "" : ""));
      if (name.includes("no renewal")) {
        // The stored revision 0 is not older than renewalRevision 0: no re-prompt.
        await page.goto(base + "/page?lang=en&renewal=0" + q);
      }
      await page.waitForTimeout(200);
      const shown = (await page.locator(".cc-d").count()) === 1;
      check(`${name}: banner ${expectBanner ? "shown" : "not shown"}`, shown === expectBanner);
      if (expectBanner) {
        await page.click('.cc-d [data-cc="accept"]');
        check(`${name}: consent id kept`, (await consentCookie(ctx)).value.consentId === value.consentId);
      }
      await ctx.close();
    }
  },

  async outbox() {
    const { ctx, page } = await fresh();
    await fetch(base + "/_fail?on=1");
    await page.goto(base + "/page?lang=fi");
    await page.click('.cc-d [data-cc="accept"]');
    await page.waitForTimeout(300);
    const box = await page.evaluate(() => JSON.parse(localStorage.getItem("cc_outbox") || "[]"));
    check("failed report waits in outbox", box.length === 1, box);
    await fetch(base + "/_fail?on=0");
    const id = (await consentCookie(ctx)).value.consentId;
    await page.goto(base + "/page?lang=fi");
    await page.waitForTimeout(400);
    check("outbox delivered on next page view", (await log()).some((b) => b.consentId === id) && await page.evaluate(() => !localStorage.getItem("cc_outbox")));
    await ctx.close();
  },

  async keyboard() {
    const { ctx, page } = await fresh();
    await page.goto(base + "/page?lang=nb");
    await page.locator(".cc-d").waitFor();
    const seen = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      seen.push(await page.evaluate(() => document.activeElement.dataset.cc || document.activeElement.textContent));
    }
    check("tab order: links, accept, reject, customise", seen.slice(2, 5).join() === "accept,reject,customise", seen);
    await page.keyboard.press("Tab");
    check("first layer (box) does not trap focus", await page.evaluate(() => !document.activeElement.closest("#consentcloud")));
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.locator(".cc-p").waitFor();
    await shot(page, "prefs-keyboard-nb");
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement.dataset.ccCat === "statistics")) break;
    }
    await page.keyboard.press("Space");
    await shot(page, "prefs-focus-toggle");
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (!(await page.evaluate(() => !!document.activeElement.closest(".cc-p")))) { check("preferences trap focus", false); break; }
      if (await page.evaluate(() => document.activeElement.dataset.cc === "save")) break;
    }
    await page.keyboard.press("Tab");
    check("tab wraps to close button", await page.evaluate(() => document.activeElement.dataset.cc === "close"));
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    check("keyboard save: statistics only", (await consentCookie(ctx)).value.choices.statistics === true && (await consentCookie(ctx)).value.choices.marketing === false);
    // A page element with data-cc-open gets focus back when the preferences close.
    await page.focus("a[data-cc-open]");
    await page.keyboard.press("Enter");
    await page.locator(".cc-p").waitFor();
    await page.keyboard.press("Escape");
    check("focus back on the data-cc-open element", await page.evaluate(() => document.activeElement.hasAttribute("data-cc-open")));
    // Escape closes preferences.
    await page.evaluate(() => ConsentCloud.showPreferences());
    await page.keyboard.press("Escape");
    check("escape closes preferences", (await page.locator(".cc-p").count()) === 0);
    await ctx.close();
  },

  async modalKeyboard() {
    const { ctx, page } = await fresh();
    await page.goto(base + "/page?lang=en&layout=modal");
    await page.locator(".cc-d").waitFor();
    check("modal first layer is aria-modal", (await page.getAttribute(".cc-d", "aria-modal")) === "true");
    let inside = true;
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      inside = inside && await page.evaluate(() => !!document.activeElement.closest(".cc-d"));
    }
    check("modal first layer traps focus", inside);
    const sizes = await page.evaluate(() => ["a", "r"].map((k) => { const b = document.querySelector(".cc-d .cc-" + k), s = getComputedStyle(b); return [b.offsetWidth, b.offsetHeight, s.fontSize, s.fontWeight, s.padding, s.borderRadius].join(); }));
    check("accept and reject render identically", sizes[0] === sizes[1], sizes);
    await ctx.close();
  },

  async languages() {
    for (const [htmlLang, locale, title] of [["no", "en-US", "Du bestemmer"], ["sv-SE", "en-US", "Du väljer"], ["", "fi-FI", "Sinä päätät"], ["fr", "de-DE", "Vi respekterer dit valg"], ["en", "da", "Your choice"]]) {
      const { ctx, page } = await fresh({ locale });
      await page.goto(base + "/page?lang=" + htmlLang);
      const t = await page.locator("#cc-title").textContent();
      check(`language html=${htmlLang} browser=${locale}`, t === title, t);
      await ctx.close();
    }
    const { ctx, page } = await fresh({ locale: "en" });
    await page.goto(base + "/page?lang=da");
    await page.click('[data-cc="customise"]');
    const life = await page.locator(".cc-s li").first().textContent({ timeout: 2000 }).catch(() => null);
    await page.locator(".cc-p summary").nth(1).click();
    const lifetimes = await page.locator(".cc-s li").allTextContents();
    check("lifetimes readable in Danish", lifetimes.some((l) => l.includes("2 år")), lifetimes);
    void life;
    await ctx.close();
  },

  async layouts() {
    const cases = [
      ["box-bottomLeft", "", { width: 1280, height: 800 }],
      ["box-bottomRight", "&position=bottomRight", { width: 1280, height: 800 }],
      ["box-center", "&position=center", { width: 1280, height: 800 }],
      ["bar-bottom", "&layout=bar&position=bottom", { width: 1280, height: 800 }],
      ["bar-top", "&layout=bar&position=top", { width: 1280, height: 800 }],
      ["modal", "&layout=modal", { width: 1280, height: 800 }],
      ["dark-bar", "&layout=bar&dark=1", { width: 1280, height: 800 }],
      ["phone-box", "", { width: 375, height: 667 }],
      ["phone-bar", "&layout=bar", { width: 375, height: 667 }],
      ["zoom200-box", "", { width: 640, height: 400 }, 2],
      ["zoom200-bar", "&layout=bar", { width: 640, height: 400 }, 2],
      ["zoom200-modal", "&layout=modal", { width: 640, height: 400 }, 2],
    ];
    for (const [name, q, viewport, scale] of cases) {
      if (only && only !== "layouts" && !name.includes(only)) continue;
      const { ctx, page } = await fresh({ viewport, deviceScaleFactor: scale || 1 });
      await page.goto(base + "/page?lang=da" + q);
      await page.locator(".cc-d").waitFor();
      await page.waitForTimeout(300);
      await shot(page, name);
      const inView = await page.evaluate(() => { const r = document.querySelector(".cc-d").getBoundingClientRect(); return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; });
      check(`${name}: banner within viewport`, inView);
      await axe(page, name);
      await page.click('.cc-d [data-cc="customise"]');
      await page.locator(".cc-p").waitFor();
      await page.waitForTimeout(300);
      await shot(page, name + "-prefs");
      await axe(page, name + " preferences");
      if (name === "modal") {
        await page.locator(".cc-p summary").first().click();
        await shot(page, name + "-prefs-open");
      }
      await ctx.close();
    }
  },

  // The cookie declaration embed (declaration.js) on the site's cookie page, with and without the banner.
  async declaration() {
    const { ctx, page } = await fresh();
    await page.goto(base + "/cookies?lang=da");
    const decl = page.locator("#consentcloud-declaration");
    await decl.locator(".ccd-c").waitFor();
    check("declaration: in the page language", (await decl.getAttribute("lang")) === "da" && (await decl.getAttribute("class")) === "ccd");
    const cats = await decl.locator(".ccd-k").evaluateAll((els) => els.map((e) => e.dataset.category));
    check("declaration: categories in config order", cats.join() === "necessary,preferences,statistics,marketing", cats);
    check("declaration: category name as heading", (await decl.locator('.ccd-k[data-category="statistics"] h2').textContent()) === "Statistik");
    const table = decl.locator('.ccd-k[data-category="marketing"] table');
    check("declaration: a real table labelled by its category, with column headers",
      (await table.getAttribute("aria-label")) === "Marketing" &&
      (await table.locator('thead th[scope="col"]').allTextContents()).join() === "Tjeneste,Udbyder,Formål,Cookies,Privatlivspolitik",
      await table.locator("thead").textContent());
    const rows = await table.locator("tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.service + ":" + r.querySelector('th[scope="row"]').textContent));
    check("declaration: services as rows, name as row header", rows.join() === "youtube:YouTube,meta-pixel:Meta Pixel", rows);
    const cookies = await table.locator("li").allTextContents();
    check("declaration: cookies with readable lifetime, domain and kind",
      cookies.includes("VISITOR_INFO1_LIVE · 6 måneder · dette websted") && cookies.includes("tr · session · facebook.com · pixel"), cookies);
    const ga = decl.locator('tr[data-service="google-analytics"]');
    check("declaration: purpose in Danish", (await ga.locator("td").nth(1).textContent()).startsWith("Måler, hvordan"));
    check("declaration: lifetime 2 år", (await ga.locator("li").first().textContent()).includes("2 år"));
    const link = ga.locator("a");
    check("declaration: privacy policy link", (await link.getAttribute("href")) === "https://policies.google.com/privacy" && (await link.textContent()) === "policies.google.com");
    check("declaration: empty category says so", (await decl.locator('.ccd-k[data-category="preferences"] .ccd-e').textContent()) === "Ingen tjenester i denne kategori.");
    check("declaration: no choice yet", (await decl.locator(".ccd-no").textContent()) === "Der er endnu ikke registreret noget valg.");
    check("declaration: change button, no withdraw before a choice",
      (await decl.locator('button[data-ccd="change"]').count()) === 1 && (await decl.locator('[data-ccd="withdraw"]').count()) === 0);
    await page.screenshot({ path: `${SHOTS}/declaration-da-before.png`, fullPage: true });
    await axe(page, "declaration before a choice", "#consentcloud-declaration");

    // A decision in the banner shows up at once.
    await page.click('.cc-d [data-cc="accept"]');
    await decl.locator(".ccd-id").waitFor();
    const c = await consentCookie(ctx);
    check("declaration: shows the consent id", (await decl.locator(".ccd-id").textContent()) === c.value.consentId, await decl.locator(".ccd-id").textContent());
    const states = await decl.locator("dd[data-category]").evaluateAll((els) => els.map((e) => e.dataset.category + "=" + e.dataset.granted + ":" + e.textContent));
    check("declaration: every category granted", states.join() === "necessary=true:Accepteret,preferences=true:Accepteret,statistics=true:Accepteret,marketing=true:Accepteret", states);
    const when = await page.evaluate(() => [...document.querySelectorAll(".ccd time")].map((t) => [t.getAttribute("datetime"), t.textContent]));
    check("declaration: decision date and expiry, formatted in Danish", when.length === 2 && when[0][0] === c.value.decidedAt && when[1][0] === c.value.expiresAt &&
      new RegExp(String(new Date(c.value.expiresAt).getFullYear())).test(when[1][1]) && /\. \w+ \d{4}/.test(when[1][1]), when);
    await page.waitForTimeout(150);
    check("declaration: status announced", (await decl.locator('[role="status"][aria-live="polite"]').textContent()) === "Dit valg er gemt.");
    check("declaration: withdraw offered", await decl.locator('button[data-ccd="withdraw"]').isVisible());
    await page.screenshot({ path: `${SHOTS}/declaration-da-accepted.png`, fullPage: true });
    await axe(page, "declaration after a choice", "#consentcloud-declaration");

    // Withdraw from the declaration (keyboard): the banner records it, the declaration follows.
    const before = (await log()).length;
    await page.focus('[data-ccd="withdraw"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector('.ccd dd[data-category="statistics"]').dataset.granted === "false");
    const c2 = await consentCookie(ctx);
    check("withdraw: recorded as withdraw, same consent id", c2.value.method === "withdraw" && c2.value.consentId === c.value.consentId &&
      Object.entries(c2.value.choices).every(([k, v]) => v === (k === "necessary")), c2.value);
    await page.waitForTimeout(300);
    const posted = (await log()).slice(before);
    check("withdraw: reported", posted.length === 1 && posted[0].method === "withdraw" && posted[0].consentId === c.value.consentId, posted);
    check("withdraw: declaration shows denied", (await decl.locator('dd[data-category="marketing"]').textContent()) === "Afvist" &&
      (await decl.locator('dd[data-category="necessary"]').getAttribute("data-granted")) === "true");
    check("withdraw: button gone, focus on change", (await decl.locator('[data-ccd="withdraw"]').count()) === 0 &&
      await page.evaluate(() => document.activeElement.dataset.ccd === "change"));
    check("withdraw: announced", (await decl.locator('[role="status"]').textContent()) === "Dit samtykke er trukket tilbage.");
    check("withdraw: banner stays closed, api agrees", (await page.locator(".cc-d").count()) === 0 && await page.evaluate(() => !ConsentCloud.isGranted("statistics")));
    await page.screenshot({ path: `${SHOTS}/declaration-da-withdrawn.png`, fullPage: true });

    // Change my choice opens the banner's preferences; a custom choice comes back into the declaration.
    await page.click('[data-ccd="change"]');
    await page.locator(".cc-p").waitFor();
    check("change: preferences open", await page.locator(".cc-p").isVisible());
    await page.click('label[for="cc-k-statistics"]');
    await page.click('.cc-p [data-cc="save"]');
    await page.waitForFunction(() => document.querySelector('.ccd dd[data-category="statistics"]').dataset.granted === "true");
    check("change: statistics granted, marketing denied, withdraw back",
      (await decl.locator('dd[data-category="marketing"]').getAttribute("data-granted")) === "false" && (await decl.locator('[data-ccd="withdraw"]').count()) === 1);
    // ConsentCloud.withdraw() from the page itself (what the button calls).
    await page.evaluate(() => ConsentCloud.withdraw());
    check("api withdraw()", (await consentCookie(ctx)).value.method === "withdraw");
    // A second copy of the script renders nothing more.
    await page.addScriptTag({ url: base + "/v1/sites/demositebageriethansen2222/declaration.js" });
    check("declaration: a second copy does nothing", (await decl.locator(".ccd-k").count()) === 4);
    await ctx.close();
  },

  async declarationWithoutBanner() {
    const value = { consentId: "11111111-2222-4333-8444-555555555555", revision: 1, choices: { necessary: true, preferences: false, statistics: true, marketing: false }, method: "custom", decidedAt: "2026-03-02T09:15:00.000Z", expiresAt: new Date(Date.now() + 30 * 864e5).toISOString(), gpc: false };
    {
      const { ctx, page } = await fresh({ locale: "fr-FR" });
      await ctx.addCookies([{ name: "cc_consent", value: encodeURIComponent(JSON.stringify(value)), url: base }]);
      await page.goto(base + "/cookies?lang=en-GB&banner=0");
      const decl = page.locator("#consentcloud-declaration");
      await decl.locator(".ccd-id").waitFor();
      check("no banner: no api on the page", await page.evaluate(() => !window.ConsentCloud));
      check("no banner: reads the cookie", (await decl.locator(".ccd-id").textContent()) === value.consentId &&
        (await decl.locator('dd[data-category="statistics"]').textContent()) === "Granted" && (await decl.locator('dd[data-category="marketing"]').textContent()) === "Denied");
      check("no banner: date in English", (await decl.locator(".ccd-at").textContent()).startsWith("2 March 2026"), await decl.locator(".ccd-at").textContent());
      check("no banner: no buttons, says where the settings are", (await decl.locator("button").count()) === 0 &&
        (await decl.locator(".ccd-nb").textContent()).includes("cookie settings on this website"));
      check("no banner: English table", (await decl.locator("thead th").first().textContent()) === "Service");
      await page.screenshot({ path: `${SHOTS}/declaration-en-no-banner.png`, fullPage: true });
      await axe(page, "declaration without banner", "#consentcloud-declaration");
      await ctx.close();
    }
    for (const [name, patch] of [["expired", { expiresAt: new Date(Date.now() - 1000).toISOString() }], ["older than renewal", { revision: 0 }]]) {
      const { ctx, page } = await fresh();
      await ctx.addCookies([{ name: "cc_consent", value: encodeURIComponent(JSON.stringify({ ...value, ...patch })), url: base }]);
      await page.goto(base + "/cookies?lang=sv&banner=0");
      await page.locator(".ccd-c").waitFor();
      check(`no banner, ${name}: no choice in force`, (await page.locator(".ccd-no").textContent()) === "Inget val har registrerats ännu." && (await page.locator(".ccd-id").count()) === 0);
      await ctx.close();
    }
    {
      // The html lang is not among the site's languages and neither is the browser's: the site's default (da).
      const { ctx, page } = await fresh({ locale: "fr-FR" });
      await page.goto(base + "/cookies?lang=de&banner=0");
      await page.locator(".ccd-c").waitFor();
      check("language fallback: site default", (await page.getAttribute("#consentcloud-declaration", "lang")) === "da" && (await page.locator(".ccd-nb").textContent()).startsWith("Du kan ændre"));
      await page.goto(base + "/cookies?lang=no&banner=0");
      await page.locator(".ccd-c").waitFor();
      check("language: no → nb", (await page.getAttribute("#consentcloud-declaration", "lang")) === "nb" && (await page.locator("thead th").first().textContent()) === "Tjeneste");
      await ctx.close();
    }
    {
      // The banner arrives after the declaration (async at the end of the page): its buttons appear.
      const { ctx, page } = await fresh();
      await page.goto(base + "/cookies?lang=fi&banner=late");
      await page.waitForFunction(() => document.querySelector('.ccd [data-ccd="change"]'));
      check("late banner: buttons appear", (await page.locator(".ccd-b").textContent()) === "Muuta valintaani");
      await ctx.close();
    }
    {
      // No container: nothing happens, nothing throws.
      const { ctx, page } = await fresh();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(base + "/page?lang=da");
      await page.addScriptTag({ url: base + "/v1/sites/demositebageriethansen2222/declaration.js" });
      check("no container: nothing rendered", errors.length === 0 && (await page.locator(".ccd").count()) === 0);
      await ctx.close();
    }
  },

  async declarationSafety() {
    {
      const { ctx, page } = await fresh();
      await page.goto(base + "/cookies?lang=da&xss=1");
      const decl = page.locator("#consentcloud-declaration");
      await decl.locator(".ccd-c").waitFor();
      await page.click('.cc-d [data-cc="customise"]');
      await page.waitForTimeout(300);
      check("xss: nothing ran", await page.evaluate(() => !window.pwned));
      check("xss: no element made from tenant text", (await decl.locator("img, script").count()) === 0 && (await page.locator("#consentcloud img").count()) === 0);
      check("xss: shown as text", (await decl.locator('tr[data-service="google-analytics"] th').textContent()).includes('<img src=x onerror="window.pwned=1">'));
      check("xss: long tenant strings wrap, no horizontal scrolling", await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
      check("xss: javascript: link not made", (await decl.locator('tr[data-service="google-analytics"] a').count()) === 0 && (await page.locator('a[href^="javascript"]').count()) === 0);
      await page.keyboard.press("Escape");
      await page.screenshot({ path: `${SHOTS}/declaration-xss.png`, fullPage: true });
      await ctx.close();
    }
    {
      const { ctx, page } = await fresh();
      const violations = [];
      page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
      await page.goto(base + "/cookies?lang=da&csp=1");
      await page.locator(".ccd-c").waitFor();
      check("csp: declaration styles applied via nonce", await page.evaluate(() => getComputedStyle(document.querySelector(".ccd table")).borderCollapse === "collapse"));
      await page.click('.cc-d [data-cc="accept"]');
      await page.locator(".ccd-id").waitFor();
      check("csp: no violations", violations.length === 0, violations);
      await ctx.close();
    }
    for (const [name, q, viewport, scale] of [
      ["declaration-dark", "&theme=dark&dark=1", { width: 1280, height: 900 }],
      ["declaration-phone", "", { width: 375, height: 740 }],
      ["declaration-zoom200", "", { width: 640, height: 450 }, 2],
    ]) {
      const { ctx, page } = await fresh({ viewport, deviceScaleFactor: scale || 1 });
      await page.goto(base + "/cookies?lang=da" + q);
      await page.click('.cc-d [data-cc="accept"]');
      await page.locator(".ccd-id").waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
      check(`${name}: no horizontal scrolling`, wide);
      check(`${name}: font and colour from the page`, await page.evaluate(() => {
        const b = getComputedStyle(document.body), d = getComputedStyle(document.querySelector(".ccd td")), btn = getComputedStyle(document.querySelector(".ccd-b"));
        return d.fontFamily === b.fontFamily && d.color === b.color && btn.fontFamily === b.fontFamily && btn.color === b.color;
      }));
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
      await axe(page, name, "#consentcloud-declaration");
      await ctx.close();
    }
  },

  async cspAndPreview() {
    {
      const { ctx, page } = await fresh();
      const violations = [];
      page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
      await page.goto(base + "/page?lang=en&csp=1");
      await page.locator(".cc-d").waitFor();
      check("csp: styles applied via nonce", await page.evaluate(() => getComputedStyle(document.querySelector(".cc-d")).position === "fixed"));
      await page.click('.cc-d [data-cc="accept"]');
      await page.waitForFunction(() => (window.ran || []).length >= 4);
      check("csp: blocked scripts with their own nonce run", true);
      check("csp: no violations from the banner", violations.length === 0, violations);
      await shot(page, "csp");
      await ctx.close();
    }
    {
      const { ctx, page } = await fresh();
      const before = (await log()).length;
      await page.goto(base + "/page?lang=en&preview=1");
      await page.click('.cc-d [data-cc="accept"]');
      await page.waitForTimeout(300);
      check("preview: no cookie, no report", !(await consentCookie(ctx)) && (await log()).length === before);
      check("preview: still applies in the page", await page.evaluate(() => ConsentCloud.isGranted("marketing")));
      await ctx.close();
    }
    {
      const { ctx, page } = await fresh();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(base + "/page?lang=en&broken=1");
      await page.waitForTimeout(200);
      check("broken config: no banner, no throw, nothing runs", (await page.locator(".cc-d").count()) === 0 && errors.length === 0 && await page.evaluate(() => !window.ran));
      const dl = await page.evaluate(() => window.dataLayer.map((a) => Array.from(a)));
      check("broken config: consent mode still defaults to denied", dl[0][1] === "default" && dl[0][2].ad_storage === "denied");
      await ctx.close();
    }
  },
};

for (const [name, fn] of Object.entries(scenarios)) {
  if (only && name !== only && !(name === "layouts")) continue;
  console.log(name);
  try {
    await fn();
  } catch (e) {
    check(name + " threw", false, e.message.split("\n")[0]);
  }
}
await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
