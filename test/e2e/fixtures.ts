// Material the end-to-end cases hand to the editor: workspaces, a hostile JWT, an encrypted private key, and the
// checks a test makes on what comes back (a token the loopback server really issued, a status bar countdown).
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';

/** Writes `files` (relative path → content) under a new folder `root`. */
export function makeWorkspace(root: string, files: Record<string, string>): string {
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Claim values that would run script if a view put them into HTML. */
export const HOSTILE = {
  script: '</script><img src=x onerror=alert(1)>',
  link: 'javascript:alert(1)',
} as const;

/** A self-signed ES256 JWT whose claims carry {@link HOSTILE} strings (signature real, key thrown away). */
export function hostileJwt(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', typ: 'JWT', kid: HOSTILE.script };
  const payload = {
    iss: 'https://issuer.example/',
    sub: HOSTILE.script,
    name: HOSTILE.script,
    website: HOSTILE.link,
    profile: HOSTILE.link,
    iat: now,
    exp: now + 3600,
  };
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** An RSA key pair with the private key as encrypted PKCS#8 PEM. */
export interface EncryptedKey {
  encryptedPem: string;
  passphrase: string;
  publicKeyPem: string;
  /** The base64 body of the unencrypted PKCS#8 PEM: what must never show up in storage. */
  privateBody: string;
}

/** Generates an RSA 2048 key and encrypts its PKCS#8 PEM with AES-256-CBC under `passphrase`. */
export function encryptedRsaKey(passphrase: string): EncryptedKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encryptedPem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
  const plainPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return {
    encryptedPem,
    passphrase,
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string,
    privateBody: plainPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
  };
}

/** Checks that an encrypted PEM really needs its passphrase (so the import goes through the password prompt). */
export function assertNeedsPassphrase(pem: string): void {
  let opened = false;
  try {
    createPrivateKey(pem);
    opened = true;
  } catch {
    // expected: no passphrase given
  }
  if (opened) throw new Error('the test key opened without a passphrase');
}

/** Verifies `token` against the server's published JWKS and issuer; returns its claims. */
export async function verifyIssuedToken(token: string, jwksUrl: string, issuer: string): Promise<JWTPayload> {
  const res = await fetch(jwksUrl);
  if (!res.ok) throw new Error(`GET ${jwksUrl} answered ${res.status}`);
  const jwks = createLocalJWKSet((await res.json()) as Parameters<typeof createLocalJWKSet>[0]);
  const { payload } = await jwtVerify(token, jwks, { issuer });
  return payload;
}

/** Seconds left in a status bar text ending in "m:ss" or "h:mm:ss"; undefined when there is no countdown. */
export function countdownSeconds(text: string): number | undefined {
  const match = /(?:(\d+):)?(\d+):(\d\d)\s*$/.exec(text);
  if (!match) return undefined;
  const [, h, m, s] = match;
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
}

/** The newest `.vsix` in `dir` (what `npm run package` produced), or $CLIENT_CREDS_VSIX when set. */
export function findVsix(dir: string): string {
  const fromEnv = process.env.CLIENT_CREDS_VSIX;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CLIENT_CREDS_VSIX=${fromEnv} does not exist`);
    return fromEnv;
  }
  const candidates = readdirSync(dir)
    .filter((name) => name.endsWith('.vsix'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const newest = candidates[0];
  if (!newest) throw new Error(`no .vsix in ${dir}: run \`npm run package\` first (npm run test:e2e does)`);
  return newest;
}

/** A JWT-shaped string anywhere in `text`. */
export const JWT_PATTERN = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/;
/** A PEM block of any kind. */
export const PEM_PATTERN = /-----BEGIN [A-Z ]+-----/;
