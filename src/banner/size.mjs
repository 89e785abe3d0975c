// npm run size (and the end of npm run build): each bundle, code and CSS without a site's configuration, must stay
// within its budget compressed with gzip at level 9 (Node's zlib): the banner 7 KB (7,168 bytes), the cookie
// declaration embed 4 KB (4,096 bytes), the census (census.js, loaded on sampled page views only) 1 KB.
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

export const BUDGETS = { "banner.js": 7168, "declaration.js": 4096, "census.js": 1024 };
/** The banner's budget (kept for callers of the single-bundle days). */
export const BUDGET = BUDGETS["banner.js"];

export async function checkSize() {
  let ok = true;
  for (const [file, budget] of Object.entries(BUDGETS)) {
    let code;
    try {
      code = await readFile(new URL("dist/" + file, import.meta.url));
    } catch {
      console.error(`banner: dist/${file} is missing: npm run build.`);
      ok = false;
      continue;
    }
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(`banner: dist/${file} ${code.length} bytes, ${gzip} bytes gzip -9 (budget ${budget})`);
    if (gzip > budget) {
      console.error(`banner: dist/${file} is over its size budget by ${gzip - budget} bytes: make it smaller.`);
      ok = false;
    }
  }
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !(await checkSize())) process.exit(1);
