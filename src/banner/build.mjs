// npm run build: src/ → dist/banner.js (the banner, entry src/index.ts) and dist/declaration.js (the cookie declaration
// embed, entry src/declaration.ts), each one minified IIFE with its CSS inside, then the size check (size.mjs).
// Each bundle must contain the identifier __CONSENTCLOUD_CONFIG__ exactly once: the server puts the site's
// configuration JSON there (ScriptBundle.cs).
// dist/census.js (the live census, entry src/census.ts) is an ES module of its own, without CSS or configuration: the
// server appends a one-line loader to a site's banner.js when its census is on (CensusScript.cs), so the banner
// bundle pays nothing for it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import * as esbuild from "esbuild";
import { minify } from "terser";
import { checkSize } from "./size.mjs";

const PLACEHOLDER = "__CONSENTCLOUD_CONFIG__";
const here = (p) => new URL(p, import.meta.url);

export const BUNDLES = [
  { file: "banner.js", entry: "src/index.ts", css: "src/styles.css" },
  { file: "declaration.js", entry: "src/declaration.ts", css: "src/declaration.css" },
  { file: "census.js", entry: "src/census.ts", module: true },
];

async function bundle({ file, entry, css, module = false }) {
  const style = css ? await esbuild.transform(await readFile(here(css), "utf8"), { loader: "css", minify: true, target: "chrome100" }) : { code: "" };
  const result = await esbuild.build({
    entryPoints: [here(entry).pathname],
    bundle: true,
    format: module ? "esm" : "iife",
    target: "es2020",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    define: { __CSS__: JSON.stringify(style.code.trim()) },
    write: false,
    logLevel: "warning",
  });
  // esbuild bundles and minifies; terser squeezes a little more (measured on the banner: about 110 bytes gzip, 1.5 %;
  // three passes with unsafe, unsafe_arrows and pure_getters about 20 of them: the code reads no getter with effects).
  const code = (await minify(result.outputFiles[0].text, { ecma: 2020, compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true }, mangle: true, module })).code;

  const count = code.split(PLACEHOLDER).length - 1;
  if (count !== (module ? 0 : 1)) throw new Error(`dist/${file} must contain ${PLACEHOLDER} ${module ? "nowhere" : "exactly once"}, found ${count}.`);
  for (const forbidden of ["eval(", "new Function"]) {
    if (code.includes(forbidden)) throw new Error(`dist/${file} must not use ${forbidden} (CSP).`);
  }
  // The banner never writes HTML of its own: "innerHTML" may appear once, in banner.js, as the name of the property
  // automatic blocking wraps (autoblock.ts), which forwards the page's own markup. Any other use is refused.
  const html = code.split("innerHTML").length - 1;
  if (html !== code.split('"innerHTML"').length - 1 || html > (file === "banner.js" ? 1 : 0)) {
    throw new Error(`dist/${file} must not use innerHTML beyond automatic blocking's wrapper.`);
  }
  return code;
}

try {
  // All are checked before any is written: a failed build leaves no half-new set behind.
  const codes = await Promise.all(BUNDLES.map(bundle));
  await mkdir(here("dist/"), { recursive: true });
  await Promise.all(BUNDLES.map((b, i) => writeFile(here("dist/" + b.file), codes[i])));
} catch (e) {
  console.error("banner:", e.message);
  process.exit(1);
}
if (!(await checkSize())) process.exit(1);
