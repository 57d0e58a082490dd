/**
 * Loads the --private-key file through core's importPrivateKey, asking for a passphrase when the key is encrypted.
 * File-system errors become one-line errors that name the path but never the file's content.
 */
import type { KeyObject } from 'node:crypto';
import { isClientCredsError, KeyError } from '../core/errors';
import { importPrivateKey, isEncryptedPrivateKey } from '../core/keyImport';
import { readLocalFile } from './files';
import { canPrompt, PASSPHRASE_ENV, passphraseFromEnv, passphraseMissing, promptHidden } from './passphrase';
import type { CliIo } from './terminal';

/** How many times a terminal user may retype a wrong passphrase. */
const PROMPT_ATTEMPTS = 3;

/**
 * The private key at `path`. An encrypted key takes its passphrase from CLIENT_CREDS_PASSPHRASE or a hidden prompt
 * (up to three tries); the passphrase is added to `secrets` so no error can print it.
 */
export async function loadPrivateKey(path: string, io: CliIo, secrets: string[]): Promise<KeyObject> {
  try {
    return await loadFrom(path, io, secrets);
  } catch (e) {
    // Core's key errors describe the key, not where it came from; name the file so the user knows which one.
    if (e instanceof KeyError && !e.message.includes(path)) throw new KeyError(e.code, `${path}: ${e.message}`, e.hint);
    throw e;
  }
}

async function loadFrom(path: string, io: CliIo, secrets: string[]): Promise<KeyObject> {
  const text = readLocalFile(path, 'private key file');
  if (!isEncryptedPrivateKey(text)) {
    try {
      return importPrivateKey(text);
    } catch (e) {
      // Some encrypted formats are only recognised by the import itself.
      if (!(isClientCredsError(e) && e.code === 'key_passphrase_required')) throw e;
    }
  }

  const fromEnv = passphraseFromEnv(io);
  if (fromEnv !== undefined) {
    secrets.push(fromEnv);
    return importPrivateKey(text, { passphrase: fromEnv });
  }
  if (!canPrompt(io)) throw passphraseMissing(path);

  for (let attempt = 1; ; attempt++) {
    const passphrase = await promptHidden(io, `Passphrase for ${path}: `);
    secrets.push(passphrase);
    try {
      return importPrivateKey(text, { passphrase });
    } catch (e) {
      const wrong = isClientCredsError(e) && e.code === 'key_bad_passphrase';
      if (!wrong || attempt >= PROMPT_ATTEMPTS) {
        if (wrong) {
          throw new KeyError(
            'key_bad_passphrase',
            `wrong passphrase for ${path} (${PROMPT_ATTEMPTS} tries)`,
            `check the passphrase, or set ${PASSPHRASE_ENV}`,
          );
        }
        throw e;
      }
      io.stderr.write('wrong passphrase, try again\n');
    }
  }
}
