/**
 * `client-creds jwks`: the public JWKS of any number of key files (public key PEM, certificates, JWK, JWKS, and every
 * private key input --private-key reads: PEM, DER, PKCS#12, bundles, JWK), each key with `kid` = its RFC 7638
 * thumbprint and `use: sig`: what a client publishes at its JWKS URI. Private keys are read like --private-key
 * (passphrase included); only their public half is written.
 */
import type { KeyObject } from 'node:crypto';
import { isClientCredsError, KeyError } from '../../core/errors';
import { describeKey } from '../../core/keyDescription';
import { type PublicJwk, publicJwk } from '../../core/keyExport';
import { holdsPrivateKeyPem, importPublicKeys } from '../../core/publicKeyImport';
import { booleanFlag, stringFlag } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../failure';
import { checkOutputs, readLocalBytes, writeOutputs } from '../files';
import { keyErrorAt, loadPrivateKey } from '../keyFile';
import { styleFor } from '../terminal';

/** Runs jwks. */
export async function run(ctx: CommandContext): Promise<number> {
  const { args, io } = ctx;
  const out = stringFlag(args, 'out');
  const overwrite = booleanFlag(args, 'force');
  // Checked before any key is read (or a passphrase asked for); the write itself still refuses a file made meanwhile.
  if (out !== undefined) checkOutputs([{ path: out, content: '', mode: 0o644, what: 'JWKS' }], overwrite);
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
    writeOutputs([{ path: out, content: jwks, mode: 0o644, what: 'JWKS' }], overwrite);
    notes.push(`${style.green('public JWKS')} of ${keys.length} key(s) written to ${out}`);
  } else {
    io.stdout.write(jwks);
  }
  io.stderr.write(`${notes.join('\n')}\n`);
  return EXIT.ok;
}

/**
 * The keys of one file: public key PEM, certificates, JWK and JWKS through the public-key reading; anything else
 * (private PEM, DER, PKCS#12, bundles, a private JWK) through the --private-key reading. When neither reads it, the
 * error of the reading that fits the file: the private one for binary data or a passphrase problem.
 */
async function keysOf(path: string, ctx: CommandContext): Promise<KeyObject[]> {
  const bytes = readLocalBytes(path, 'key file');
  const text = bytes.toString('utf8');
  const binary = bytes.includes(0) || !Buffer.from(text, 'utf8').equals(bytes);
  let publicError: unknown;
  if (!binary && !holdsPrivateKeyPem(text)) {
    try {
      return importPublicKeys(text);
    } catch (e) {
      if (!(e instanceof KeyError)) throw e;
      publicError = e;
    }
  }
  try {
    return [(await loadPrivateKey(path, ctx.io, ctx.secrets)).key];
  } catch (e) {
    const passphraseTrouble = isClientCredsError(e) && /passphrase|interrupted/.test(e.code);
    throw keyErrorAt(path, publicError !== undefined && !passphraseTrouble ? publicError : e);
  }
}
