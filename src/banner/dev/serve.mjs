// A tiny stand-in for the app and a client website, on 127.0.0.1, for developing the banner:
//   /v1/sites/{key}/banner.js?<overrides>  dist/banner.js with sample-config.json in place of __CONSENTCLOUD_CONFIG__
//                                          (overrides: layout, position, preview=1, renewal=N, gpc=0, fab=0, font=...)
//   POST /v1/sites/{key}/consents          records the body (GET /_log lists them; /_fail?on=1 answers 503 instead)
//   /page?lang=da&csp=1&<overrides>        a client page: blocked scripts, a YouTube iframe, a [data-cc-open] link
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
    if (url.pathname.endsWith("/banner.js")) {
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
      const json = q.get("broken") ? "null" : JSON.stringify(config);
      const code = readFileSync(here("../dist/banner.js"), "utf8").replace("__CONSENTCLOUD_CONFIG__", json);
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
}
