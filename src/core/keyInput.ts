/**
 * The one entry point for a private key a user brings, shared by the CLI (`--private-key`) and the extension
 * (Import Private Key, from a file or the clipboard): the bytes of a key file or pasted text in, a private key with
 * its certificate chain and a JWK's `kid` / `alg` out. It reads every form keyImport.ts reads plus PKCS#12
 * (`.pfx` / `.p12`), whose ASN.1 library is loaded only when such a file is seen, and it asks for a passphrase
 * when the input needs one. What the key says about itself (RFC 7517 §4.4-4.5) becomes the defaults here.
 */
import type { SigningAlg } from './algorithms';
import { type ErrorCode, isClientCredsError, KeyError } from './errors';
import { defaultAlgForKey, describeKey } from './keyDescription';
import { type KeyMaterial, parseKeyMaterial, usableMaterial } from './keyImport';

export type { KeyMaterial, KeySource } from './keyImport';

/** How a passphrase is found: given, or asked for (again after a wrong one), up to `attempts` times (default 3). */
export interface KeyInputOptions {
  passphrase?: string;
  /** Called when the input needs a passphrase; `retry` is true after a wrong one. May reject to cancel. */
  askPassphrase?: (retry: boolean) => Promise<string>;
  attempts?: number;
}

const DEFAULT_ATTEMPTS = 3;

/**
 * Reads a private key from a file's bytes or pasted text: PEM in any spelling (literal `\n` escapes, quotes, one
 * line, indented, UTF-16 or UTF-8 with BOM, CRLF), DER (PKCS#8, PKCS#1, SEC1) or bare base64 DER, PKCS#12 with its
 * passphrase, `cat cert.pem key.pem` bundles, JWK / one-private-key JWKS, service-account JSON. The certificates
 * come back with the key's own first. Throws the KeyErrors of importPrivateKey and readPkcs12 (each with a stable
 * code and a hint that names the fix), `key_unreadable` for binary data that is neither DER nor PKCS#12, and
 * `key_bad_passphrase` after the last wrong passphrase. Errors never contain key text or the passphrase.
 */
export async function readKeyInput(input: string | Uint8Array, opts: KeyInputOptions = {}): Promise<KeyMaterial> {
  try {
    return await readOnce(input, opts.passphrase);
  } catch (e) {
    if (!(opts.askPassphrase && isClientCredsError(e) && e.code === 'key_passphrase_required')) throw e;
  }
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const passphrase = await opts.askPassphrase(attempt > 1);
    try {
      return await readOnce(input, passphrase);
    } catch (e) {
      if (!(isClientCredsError(e) && e.code === 'key_bad_passphrase') || attempt >= attempts) throw e;
    }
  }
}

async function readOnce(input: string | Uint8Array, passphrase: string | undefined): Promise<KeyMaterial> {
  const material = parseKeyMaterial(input, passphrase === undefined ? {} : { passphrase });
  if (!('maybePkcs12' in material)) return material;
  const pkcs12 = await import('./pkcs12');
  const pfx = pkcs12.parsePfx(material.maybePkcs12);
  if (!pfx) {
    throw new KeyError(
      'key_unreadable',
      'the binary data is neither a DER private key (PKCS#8, PKCS#1, SEC1) nor a PKCS#12 file',
      'give the private key as PEM, DER, JWK or PKCS#12 (.pfx/.p12)',
    );
  }
  let contents: Awaited<ReturnType<typeof pkcs12.readPkcs12>>;
  try {
    contents = pkcs12.readPkcs12(pfx, passphrase);
  } catch (e) {
    throw asKeyError(e);
  }
  return usableMaterial({ ...contents, source: 'pkcs12' });
}

// pkcs12.ts is bundled apart, so its errors are recognised by name, not by class.
function asKeyError(e: unknown): unknown {
  if (!(e instanceof Error) || e.name !== 'Pkcs12Error') return e;
  const { code, hint } = e as Error & { code: ErrorCode; hint: string };
  return new KeyError(code, e.message, hint, { cause: e });
}

/**
 * The algorithm to sign with when none was chosen explicitly: the JWK's own `alg` (RFC 7517 §4.4), else
 * `preferred` (a preset's default) when the key can sign it, else the key's natural one (RSA → PS256,
 * P-256 → ES256, P-384 → ES384, P-521 → ES512, Ed25519 → EdDSA).
 */
export function defaultAlgFor(material: Pick<KeyMaterial, 'key' | 'alg'>, preferred?: SigningAlg): SigningAlg {
  if (material.alg) return material.alg;
  if (preferred && describeKey(material.key).algs.includes(preferred)) return preferred;
  return defaultAlgForKey(material.key);
}
