// Reporting decisions to the ingest endpoint without blocking the click: each one waits in a small localStorage
// outbox until the server has answered, so a decision made while the endpoint (or the network) fails is sent again
// on the next page view. The server deduplicates by eventId, so sending twice is harmless.

const KEY = "cc_outbox";
const MAX = 20;
const sending = new Set<string>();

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

/** Sends every waiting decision; an answer other than a network error, 408, 429 or 5xx removes it. */
export function flush(extra?: Entry): void {
  const entries = load();
  for (const e of extra ? [...entries, extra] : entries) {
    if (sending.has(e.b)) continue;
    sending.add(e.b);
    fetch(e.u, { method: "POST", body: e.b, keepalive: true, headers: { "Content-Type": "text/plain" } })
      .then((r) => r.status < 500 && r.status != 408 && r.status != 429 && save(load().filter((x) => x.b != e.b)))
      .catch(() => 0)
      .finally(() => sending.delete(e.b));
  }
}

export function report(url: string, body: object): void {
  const entry = { u: url, b: JSON.stringify(body) };
  save([...load(), entry]);
  flush(entry);
}
