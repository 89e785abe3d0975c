// A tiny stand-in for the app and a client website, on 127.0.0.1, for developing the banner:
//   /v1/sites/{key}/banner.js?<overrides>  dist/banner.js with sample-config.json in place of __CONSENTCLOUD_CONFIG__
//                                          (overrides: layout, position, preview=1, renewal=N, gpc=0, fab=0, font=...)
//   POST /v1/sites/{key}/consents          records the body (GET /_log lists them; /_fail?on=1 answers 503 instead)
//   /page?lang=da&csp=1&<overrides>        a client page: blocked scripts, a YouTube iframe, a [data-cc-open] link
//   /v1/sites/{key}/declaration.js?<overrides>  dist/declaration.js composed the same way (also xss=1: hostile tenant strings)
//   /cookies?lang=da&csp=1&banner=0|late&<overrides>  a client's cookie page with the declaration embed: the banner in
//                                          <head> (banner=0: none; banner=late: async at the end of <body>) and the
//                                          declaration script (defer) after <div id="consentcloud-declaration">;
//                                          theme=dark: the site's own styles dark
// Run alone: node serve.mjs [port]  (prints the page URL).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export function start(port = 0) {
  const log = [];
  let failing = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const q = url.searchParams;
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      res.end(body);
    };
    const bundle = /\/(banner|declaration)\.js$/.exec(url.pathname);
    if (bundle) {
      const config = JSON.parse(readFileSync(here("sample-config.json"), "utf8"));
      if (q.get("layout")) config.appearance.layout = q.get("layout");
      if (q.get("position")) config.appearance.position = q.get("position");
      if (q.get("font")) config.appearance.fontFamily = q.get("font");
      if (q.get("fab") === "0") config.appearance.floatingButton = false;
      if (q.get("gpc") === "0") config.consent.honourGlobalPrivacyControl = false;
      if (q.get("renewal")) config.renewalRevision = config.revision = +q.get("renewal");
      if (q.get("dark")) Object.assign(config.appearance, {
        banner: { background: "#111827", text: "#f9fafb" },
        acceptButton: { background: "#facc15", text: "#111827" }, rejectButton: { background: "#facc15", text: "#111827" },
        customiseButton: { background: "#374151", text: "#f9fafb" },
      });
      if (q.get("preview")) Object.assign(config, { preview: true, siteKey: "preview" });
      if (q.get("xss")) {
        // What a careless or hostile tenant could type: it must come out as text, and the link must not be made.
        const evil = '<img src=x onerror="window.pwned=1">"><script>window.pwned=1</script>';
        const s = config.services[0];
        Object.assign(s, { name: s.name + evil, provider: evil, privacyPolicyUrl: "javascript:window.pwned=1" });
        s.purpose[q.get("lang") || "da"] = s.purpose.da = evil;
        s.cookies[0].name = evil;
        config.texts.da.categories.statistics = { name: "Statistik" + evil, description: evil };
      }
      const json = q.get("broken") ? "null" : JSON.stringify(config);
      const code = readFileSync(here(`../dist/${bundle[1]}.js`), "utf8").replace("__CONSENTCLOUD_CONFIG__", () => json);
      return send(200, "text/javascript; charset=utf-8", code);
    }
    if (url.pathname.endsWith("/consents") && req.method === "POST") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (failing) return send(503, "application/json", "{}", { "Access-Control-Allow-Origin": "*" });
        log.push({ contentType: req.headers["content-type"], origin: req.headers.origin, body: JSON.parse(body) });
        send(201, "application/json", "{}", { "Access-Control-Allow-Origin": "*" });
      });
      return;
    }
    if (url.pathname === "/_log") return send(200, "application/json", JSON.stringify(log));
    if (url.pathname === "/_fail") {
      failing = q.get("on") === "1";
      return send(200, "text/plain", String(failing));
    }
    if (url.pathname === "/page") {
      const overrides = new URLSearchParams(q);
      overrides.delete("lang");
      overrides.delete("csp");
      const nonce = q.get("csp") ? "n0nce" : "";
      const n = nonce ? ` nonce="${nonce}"` : "";
      const headers = nonce ? { "Content-Security-Policy": `script-src 'nonce-${nonce}' http://127.0.0.1:*; style-src 'nonce-${nonce}'; frame-src https:` } : {};
      return send(200, "text/html; charset=utf-8", `<!doctype html>
<html lang="${q.get("lang") ?? "da"}"><head>
<script src="/v1/sites/demositebageriethansen2222/banner.js?${overrides}"${n}></script>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banner harness</title>
${nonce ? "" : `<style>body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
p,h2{margin:2em 0} button{font-size:2em;color:red} a{color:green}
iframe{border:0;width:100%;aspect-ratio:16/9;background:#ddd} .filler{height:60vh}</style>`}
</head><body>
<h1>Bageriet Hansen</h1>
<p>Some page text. <a href="#x">A link in the page</a></p>
<p id="stat">statistics: not run</p><p id="mkt">marketing: not run</p><p id="ext">external: not run</p>
<script type="text/plain" data-category="statistics" data-service="google-analytics"${n}>
  window.ran = (window.ran || []).concat('stat'); document.getElementById('stat').textContent = 'statistics: ran';
</script>
<script type="text/plain" data-category="statistics" src="/ext.js"${n}></script>
<script type="text/plain" data-category="statistics"${n}>window.ran = (window.ran || []).concat('after-ext:' + !!window.extRan);</script>
<script type="text/plain" data-category="marketing" data-service="meta-pixel"${n}>
  window.ran = (window.ran || []).concat('mkt'); document.getElementById('mkt').textContent = 'marketing: ran';
</script>
<h2>Video</h2>
<iframe data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" data-category="marketing" data-service="youtube" title="Baking video"></iframe>
<p><a href="#" data-cc-open>Cookie settings (page link)</a></p>
<p class="filler">filler</p>
</body></html>`, headers);
    }
    if (url.pathname === "/cookies") {
      const overrides = new URLSearchParams(q);
      for (const k of ["lang", "csp", "banner"]) overrides.delete(k);
      const nonce = q.get("csp") ? "n0nce" : "";
      const n = nonce ? ` nonce="${nonce}"` : "";
      const headers = nonce ? { "Content-Security-Policy": `script-src 'nonce-${nonce}' http://127.0.0.1:*; style-src 'nonce-${nonce}'` } : {};
      const banner = `<script src="/v1/sites/demositebageriethansen2222/banner.js?${overrides}"${n}${q.get("banner") === "late" ? " async" : ""}></script>`;
      return send(200, "text/html; charset=utf-8", `<!doctype html>
<html lang="${q.get("lang") ?? "da"}"><head>
${q.get("banner") ? "" : banner}
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cookies – Bageriet Hansen</title>
<style${n}>${q.get("theme") === "dark"
  ? `body{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#e8e6e3;background:#17181c}
h1,h2{color:#fff} a{color:#8ab4f8}`
  : `body{font:17px/1.6 Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#2b2118;background:#fbf7f0}
h1,h2{font-family:"Trebuchet MS",sans-serif;color:#7a3b12} a{color:#9a4a16}`}</style>
</head><body>
<h1>Cookies på Bageriet Hansen</h1>
<p>Her kan du se, hvilke cookies vi bruger, og hvad du har sagt ja eller nej til.</p>
<div id="consentcloud-declaration"></div>
<script src="/v1/sites/demositebageriethansen2222/declaration.js?${overrides}"${n} defer></script>
<p>Spørgsmål? Skriv til <a href="mailto:hej@bageriet-hansen.dk">hej@bageriet-hansen.dk</a>.</p>
${q.get("banner") === "late" ? banner : ""}
</body></html>`, headers);
    }
    if (url.pathname === "/ext.js") {
      return setTimeout(() => send(200, "text/javascript", "window.extRan = true; window.ran = (window.ran || []).concat('ext');"), 150);
    }
    if (url.pathname.startsWith("/p/")) return send(200, "text/html; charset=utf-8", "<!doctype html><title>policy</title><h1>Policy</h1>");
    send(404, "text/plain", "not found");
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { base } = await start(+(process.argv[2] || 0));
  console.log(`banner harness page: ${base}/page?lang=da  (layouts: &layout=bar|box|modal&position=top|bottom|bottomLeft|bottomRight|center)`);
  console.log(`cookie declaration page: ${base}/cookies?lang=da  (&banner=0 | &banner=late, &csp=1, &xss=1)`);
}
