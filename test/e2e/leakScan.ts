// Looks for secrets where they must never be: files under a folder (settings, state databases, logs) and the
// browser-side storage of the workbench (localStorage, IndexedDB), which in code-server holds globalState and
// webview state. A secret is a private key (PEM, PKCS#8 DER in base64, or a JWK with "d") or a JWT the loopback
// authorization server issued.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';

/** One place a secret was found. */
export interface Leak {
  source: string;
  what: string;
  excerpt: string;
}

/** Some text to search, named by where it came from. */
export interface StoredText {
  source: string;
  text: string;
}

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/g;

/** Patterns that mean "a private key is here", whatever the key. */
const PRIVATE_KEY_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: 'PEM private key', pattern: /PRIVATE KEY-----/ },
  // PKCS#8 DER starts SEQUENCE, INTEGER 0, SEQUENCE: "MII..IBADAN" once base64-encoded (RSA and larger keys).
  { what: 'PKCS#8 key (base64 DER)', pattern: /MII[\w+/]{2}[A-Za-z]IBADAN/ },
  { what: 'private JWK', pattern: /"d"\s*:\s*"[\w-]{30,}"/ },
];

function payloadOf(jwt: string): Record<string, unknown> | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function excerptAround(text: string, index: number): string {
  // Enough to find the spot, too little to be a usable key or token in the CI output.
  return JSON.stringify(text.slice(Math.max(0, index - 30), index + 24));
}

/**
 * Finds secrets in `items`: any private key; any JWT whose `iss` is `issuer` (a token the server issued); any of
 * `exact` (secrets the test knows, e.g. an imported key's PEM body).
 */
export function findSecrets(items: StoredText[], issuer: string, exact: { what: string; value: string }[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { source, text } of items) {
    for (const { what, pattern } of PRIVATE_KEY_PATTERNS) {
      const match = pattern.exec(text);
      if (match) leaks.push({ source, what, excerpt: excerptAround(text, match.index) });
    }
    for (const match of text.matchAll(JWT)) {
      if (payloadOf(match[0])?.iss === issuer) {
        leaks.push({ source, what: 'access token from the server', excerpt: excerptAround(text, match.index ?? 0) });
      }
    }
    for (const { what, value } of exact) {
      const index = text.indexOf(value);
      if (index >= 0) leaks.push({ source, what, excerpt: excerptAround(text, index) });
    }
  }
  return leaks;
}

/**
 * Every regular file under `dir` as text (UTF-8, and UTF-16LE when the file looks like it), skipping paths for
 * which `skip` returns true. Binary files are included: their ASCII runs (SQLite TEXT values, say) survive decoding.
 */
export function filesAsText(dir: string, skip: (relPath: string) => boolean = () => false): StoredText[] {
  const out: StoredText[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      const rel = relative(dir, full);
      if (skip(rel)) continue;
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) {
        const bytes = readFileSync(full);
        out.push({ source: full, text: bytes.toString('utf8') });
        if (bytes.includes(Buffer.from('\0{\0', 'latin1')) || bytes.includes(Buffer.from('e\0y\0J\0', 'latin1'))) {
          out.push({ source: `${full} (utf-16)`, text: bytes.toString('utf16le') });
        }
      }
    }
  };
  walk(dir);
  return out;
}

// Plain JavaScript source, evaluated in the page as a string: a function compiled by this test's TypeScript
// loader could carry helper calls that do not exist in the browser.
const DUMP_BROWSER_STORAGE = `(async () => {
  const out = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    out.push({ source: 'localStorage:' + key, text: String(localStorage.getItem(key)) });
  }
  const asText = (v) =>
    typeof v === 'string' ? v : v instanceof Uint8Array || v instanceof ArrayBuffer ? new TextDecoder().decode(v) : JSON.stringify(v);
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await done(indexedDB.open(info.name));
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const keys = await done(store.getAllKeys());
      const values = await done(store.getAll());
      values.forEach((value, i) => {
        out.push({ source: 'indexedDB:' + info.name + '/' + storeName + '/' + String(keys[i]), text: asText(value) });
      });
    }
    db.close();
  }
  return out;
})()`;

/** The workbench page's localStorage and every IndexedDB record, as text. */
export async function browserStorageAsText(page: Page): Promise<StoredText[]> {
  return (await page.evaluate(DUMP_BROWSER_STORAGE)) as StoredText[];
}

/**
 * Where code-server keeps VS Code's SecretStorage: localStorage "secrets.provider", encrypted with a key half from the
 * server (serve-web-key-half). It is where keys and tokens belong, so a scan leaves it out.
 */
const SECRET_STORE = 'localStorage:secrets.provider';

/**
 * The browser storage of every page in `pages`, less the secret store. Throws when no page has a secret store, since
 * then the storage read is not the one the extension wrote to and a clean scan would mean nothing.
 */
export async function browserStorageBesideSecrets(pages: readonly Page[]): Promise<StoredText[]> {
  const all: StoredText[] = [];
  for (const page of pages) all.push(...(await browserStorageAsText(page)));
  if (!all.some((s) => s.source === SECRET_STORE)) throw new Error(`no ${SECRET_STORE} in the browser storage`);
  return all.filter((s) => s.source !== SECRET_STORE);
}

/** Formats leaks for an assertion message. */
export function describeLeaks(leaks: Leak[]): string {
  return leaks.map((l) => `  ${l.what} in ${l.source}: ${l.excerpt}`).join('\n');
}
