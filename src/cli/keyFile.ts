/**
 * Loads the --private-key file (and a --certificate file) through core's readKeyInput, the same reading code the
 * extension's Import Private Key uses: the file's bytes go in as they are (DER, PKCS#12 and UTF-16 files included).
 * An encrypted key or PKCS#12 file takes its passphrase from CLIENT_CREDS_PASSPHRASE or a hidden prompt.
 * File-system errors become one-line errors that name the path but never the file's content.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { certificatesForKey, readCertificates } from '../core/certificate';
import { isClientCredsError, KeyError } from '../core/errors';
import { type KeyMaterial, readKeyInput } from '../core/keyInput';
import { readLocalBytes } from './files';
import {
  canPrompt,
  PASSPHRASE_ENV,
  passphraseFromEnv,
  passphraseMissing,
  passphraseWrong,
  promptHidden,
} from './passphrase';
import type { CliIo } from './terminal';

/** How many times a terminal user may retype a wrong passphrase. */
const PROMPT_ATTEMPTS = 3;

/**
 * The private key at `path` with its certificates and JWK metadata. An encrypted key takes its passphrase from
 * CLIENT_CREDS_PASSPHRASE or a hidden prompt (up to three tries); the passphrase is added to `secrets` so no error
 * can print it. KeyErrors of readKeyInput, their message prefixed with the path.
 */
export async function loadPrivateKey(path: string, io: CliIo, secrets: string[]): Promise<KeyMaterial> {
  return withPath(path, () => loadFrom(path, io, secrets));
}

/**
 * The certificates of a --certificate file (PEM or DER), the one holding `key`'s public key first. KeyError
 * `certificate_unreadable` or `key_certificate_mismatch`, naming the path.
 */
export async function loadCertificates(path: string, key: KeyObject): Promise<X509Certificate[]> {
  return withPath(path, async () =>
    certificatesForKey(key, readCertificates(readLocalBytes(path, 'certificate file'))),
  );
}

/** A KeyError whose message starts with `path`, unless it names the path already (never prefixed twice). */
export function keyErrorAt(path: string, e: unknown): unknown {
  // Core's key errors describe the key, not where it came from; name the file so the user knows which one.
  return e instanceof KeyError && !e.message.includes(path) ? new KeyError(e.code, `${path}: ${e.message}`, e.hint) : e;
}

/** Runs `load`, naming `path` in any KeyError it throws (see {@link keyErrorAt}). */
export async function withPath<T>(path: string, load: () => Promise<T> | T): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw keyErrorAt(path, e);
  }
}

async function loadFrom(path: string, io: CliIo, secrets: string[]): Promise<KeyMaterial> {
  const bytes = readLocalBytes(path, 'private key file');
  const fromEnv = passphraseFromEnv(io);
  if (fromEnv !== undefined) {
    secrets.push(fromEnv);
    try {
      return await readKeyInput(bytes, { passphrase: fromEnv });
    } catch (e) {
      // Core's hint says to set the variable; it is set, just wrong.
      if (isClientCredsError(e) && e.code === 'key_bad_passphrase') throw passphraseWrong(path, e.message);
      throw e;
    }
  }
  const ask = async (retry: boolean): Promise<string> => {
    if (retry) io.stderr.write('wrong passphrase, try again\n');
    const passphrase = await promptHidden(io, `Passphrase for ${path}: `);
    secrets.push(passphrase);
    return passphrase;
  };
  try {
    return await readKeyInput(bytes, canPrompt(io) ? { askPassphrase: ask, attempts: PROMPT_ATTEMPTS } : {});
  } catch (e) {
    if (!isClientCredsError(e)) throw e;
    if (e.code === 'key_passphrase_required' && !canPrompt(io)) throw passphraseMissing(path, io);
    if (e.code === 'key_bad_passphrase' && canPrompt(io)) {
      throw new KeyError(
        'key_bad_passphrase',
        `wrong passphrase for ${path} (${PROMPT_ATTEMPTS} tries)`,
        `check the passphrase, or set ${PASSPHRASE_ENV}`,
      );
    }
    throw e;
  }
}
