// npm run build: src/ → dist/banner.js, one minified IIFE with the CSS inside, then the size check.
// The bundle must contain the identifier __CONSENTCLOUD_CONFIG__ exactly once: the server puts the site's
// configuration JSON there (BannerScript.cs).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import * as esbuild from "esbuild";
import { minify } from "terser";
import { checkSize } from "./size.mjs";

const PLACEHOLDER = "__CONSENTCLOUD_CONFIG__";
const here = (p) => new URL(p, import.meta.url);

const css = await esbuild.transform(await readFile(here("src/styles.css"), "utf8"), { loader: "css", minify: true, target: "chrome100" });

const result = await esbuild.build({
  entryPoints: [here("src/index.ts").pathname],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  define: { __CSS__: JSON.stringify(css.code.trim()) },
  write: false,
  logLevel: "warning",
});
// esbuild bundles and minifies; terser squeezes a little more (measured on this bundle: about 90 bytes gzip, 1.3 %).
const code = (await minify(result.outputFiles[0].text, { ecma: 2020, compress: { passes: 1 }, mangle: true })).code;

const count = code.split(PLACEHOLDER).length - 1;
if (count !== 1) {
  console.error(`banner: dist/banner.js must contain ${PLACEHOLDER} exactly once, found ${count}.`);
  process.exit(1);
}
for (const forbidden of ["eval(", "new Function", "innerHTML"]) {
  if (code.includes(forbidden)) {
    console.error(`banner: dist/banner.js must not use ${forbidden} (CSP).`);
    process.exit(1);
  }
}

await mkdir(here("dist/"), { recursive: true });
await writeFile(here("dist/banner.js"), code);
if (!(await checkSize())) process.exit(1);
