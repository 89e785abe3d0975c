// Reporting decisions to the ingest endpoint without blocking the click: each one waits in a small localStorage
// outbox until the server has answered. A failed send is tried again within the page view (after 1 s, 2 s, 4 s, …
// up to about 4 min; at once when the browser comes back online or the page is hidden or shown) and on the next
// page view. The server deduplicates by eventId, so sending twice is harmless.

const KEY = "cc_outbox";
const MAX = 20;
const sending = new Set<string>();
let failures = 0;
let timer = 0;

interface Entry { u: string; b: string }

function load(): Entry[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) || "[]") as Entry[];
  } catch {
    return [];
  }
}

function save(entries: Entry[]): void {
  try {
    if (entries.length) localStorage.setItem(KEY, JSON.stringify(entries.slice(-MAX)));
    else localStorage.removeItem(KEY);
  } catch {
    // storage blocked or full: the decision is still sent once, below
  }
}

/**
 * Sends every waiting decision; an answer other than a network error, 408, 429 or 5xx removes it (a 400, e.g. a
 * decision time the server will not accept, is final). A failure schedules the next try with a doubled delay.
 */
export function flush(extra?: Entry): void {
  clearTimeout(timer);
  timer = 0;
  const entries = load();
  for (const e of extra ? [...entries, extra] : entries) {
    if (sending.has(e.b)) continue;
    sending.add(e.b);
    fetch(e.u, { method: "POST", body: e.b, keepalive: true, headers: { "Content-Type": "text/plain" } })
      .then((r) => {
        if (r.status > 499 || r.status == 408 || r.status == 429) throw 0;
        failures = 0;
        save(load().filter((x) => x.b != e.b));
      })
      .catch(() => {
        if (!timer) timer = setTimeout(flush, 1000 << Math.min(failures++, 8));
      })
      .finally(() => sending.delete(e.b));
  }
}

export function report(url: string, body: object): void {
  const entry = { u: url, b: JSON.stringify(body) };
  save([...load(), entry]);
  flush(entry);
}
