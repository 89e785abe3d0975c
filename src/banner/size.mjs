// npm run size (and the end of npm run build): dist/banner.js, code and CSS without a site's configuration, must stay
// within 7 KB (7,168 bytes) compressed with gzip at level 9.
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

export const BUDGET = 7168;

export async function checkSize() {
  const code = await readFile(new URL("dist/banner.js", import.meta.url));
  const gzip = gzipSync(code, { level: 9 }).length;
  const ok = gzip <= BUDGET;
  console.log(`banner: dist/banner.js ${code.length} bytes, ${gzip} bytes gzip -9 (budget ${BUDGET})`);
  if (!ok) console.error(`banner: over the size budget by ${gzip - BUDGET} bytes: make it smaller.`);
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !(await checkSize())) process.exit(1);
