/**
 * `client-creds jwks`: the public JWKS of any number of key files (private or public PEM, certificates, JWK, JWKS),
 * each key with `kid` = its RFC 7638 thumbprint and `use: sig`: what a client publishes at its JWKS URI. Private
 * keys are read like --private-key (passphrase prompt included); only their public half is written.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { KeyError } from '../../core/errors';
import { describeKey } from '../../core/keyDescription';
import { type PublicJwk, publicJwk } from '../../core/keyExport';
import { holdsPrivateKeyPem, importPublicKeys } from '../../core/publicKeyImport';
import { booleanFlag, stringFlag, UsageError } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../failure';
import { readLocalFile, writeNewFile } from '../files';
import { loadPrivateKey } from '../keyFile';
import { styleFor } from '../terminal';

/** Runs jwks. */
export async function run(ctx: CommandContext): Promise<number> {
  const { args, io } = ctx;
  const out = stringFlag(args, 'out');
  const overwrite = booleanFlag(args, 'force');
  // Checked before any key is read (or a passphrase asked for); the write itself still refuses a file made meanwhile.
  if (out !== undefined && !overwrite && existsSync(out)) {
    throw new UsageError(
      'file_exists',
      `${out} already exists; not overwriting it`,
      'choose another path, or add --force',
    );
  }
  const keys: PublicJwk[] = [];
  const notes: string[] = [];
  for (const path of args.positionals) {
    for (const key of await keysOf(path, ctx)) {
      const jwk = publicJwk(key);
      const seen = keys.some((k) => k.kid === jwk.kid);
      if (!seen) keys.push(jwk);
      notes.push(`${jwk.kid}  ${describeKey(key).label}  ${path}${seen ? ' (already listed)' : ''}`);
    }
  }
  const jwks = `${JSON.stringify({ keys }, null, 2)}\n`;
  const style = styleFor(io.stderr, io.env);
  if (out !== undefined) {
    writeNewFile(out, jwks, { mode: 0o644, overwrite, what: 'JWKS' });
    notes.push(`${style.green('public JWKS')} of ${keys.length} key(s) written to ${out}`);
  } else {
    io.stdout.write(jwks);
  }
  io.stderr.write(`${notes.join('\n')}\n`);
  return EXIT.ok;
}

/** The keys of one file: a private key through the --private-key reading, anything else as public keys. */
async function keysOf(path: string, ctx: CommandContext): Promise<KeyObject[]> {
  const text = readLocalFile(path, 'key file');
  if (holdsPrivateKeyPem(text)) return [(await loadPrivateKey(path, ctx.io, ctx.secrets)).key];
  try {
    return importPublicKeys(text);
  } catch (e) {
    if (e instanceof KeyError) throw new KeyError(e.code, `${path}: ${e.message}`, e.hint);
    throw e;
  }
}
