/**
 * `client-creds keygen`: generates a key pair through core, writes the private key to a new 0600 file (never over an
 * existing one without --force), and prints the public key PEM to stdout, ready to give to the authorization server's admin.
 */
import { resolve } from 'node:path';
import { parseSigningAlg } from '../../core/algorithms';
import { describeKey } from '../../core/keyDescription';
import { jwkThumbprint, publicJwks } from '../../core/keyExport';
import { generateKeyPair, type KeyGenOptions } from '../../core/keyGeneration';
import { asUsage, booleanFlag, integerFlag, requireFlag, stringFlag, UsageError } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../failure';
import { checkOutputs, writeOutputs } from '../files';
import { styleFor } from '../terminal';

/** The outputs keygen was asked to write, checked to be distinct. */
function plannedPaths(ctx: CommandContext): { out: string; publicOut?: string; jwksOut?: string } {
  const { args, spec } = ctx;
  const out = requireFlag(args, spec, 'out');
  const publicOut = stringFlag(args, 'public-out');
  const jwksOut = stringFlag(args, 'jwks-out');
  const paths = [out, publicOut, jwksOut].filter((p): p is string => p !== undefined);
  if (new Set(paths.map((p) => resolve(p))).size !== paths.length) {
    throw new UsageError(
      'same_output',
      '--out, --public-out and --jwks-out must name different files',
      'give each output its own path',
    );
  }
  return { out, publicOut, jwksOut };
}

/** What to tell the user about handing over the public key; Jack Henry takes RSA and EC keys, not EdDSA. */
export function publicKeyAdvice(alg: string): string {
  const base =
    "Give the public key below to your authorization server's admin (Jack Henry: Users & Groups, the external application's public key); the admin gives you back its client id.";
  return alg === 'EdDSA' ? `${base} Jack Henry does not accept EdDSA keys: use PS256 or ES256 there.` : base;
}

/** Runs keygen. */
export async function run(ctx: CommandContext): Promise<number> {
  const { args, io } = ctx;
  const alg = asUsage(() => parseSigningAlg(stringFlag(args, 'alg') ?? 'PS256'));
  const bits = integerFlag(args, 'bits');
  const isRsa = alg.startsWith('RS') || alg.startsWith('PS');
  if (bits !== undefined && !isRsa) {
    throw new UsageError(
      'flag_bad_value',
      `--bits applies to RSA keys only, not ${alg}`,
      'leave out --bits; the curve follows from the alg',
    );
  }
  if (bits !== undefined && bits !== 2048 && bits !== 3072 && bits !== 4096) {
    throw new UsageError('flag_bad_value', `--bits must be 2048, 3072 or 4096 (got ${bits})`, 'leave it out for 2048');
  }
  const { out, publicOut, jwksOut } = plannedPaths(ctx);
  const overwrite = booleanFlag(args, 'force');
  const paths = [
    { path: out, what: 'private key' },
    ...(publicOut ? [{ path: publicOut, what: 'public key' }] : []),
    ...(jwksOut ? [{ path: jwksOut, what: 'JWKS' }] : []),
  ];
  // Checked before generating, so a bad path never leaves a new private key behind without its public half.
  checkOutputs(
    paths.map((p) => ({ ...p, content: '', mode: 0o600 })),
    overwrite,
  );

  const options: KeyGenOptions = bits === undefined ? { alg } : { alg, bits };
  const pair = await generateKeyPair(options);
  const label = describeKey(pair.privateKey).label;
  const kid = jwkThumbprint(pair.privateKey);

  const contents: Record<string, { content: string; mode: number }> = {
    'private key': { content: pair.privateKeyPem, mode: 0o600 },
    'public key': { content: pair.publicKeyPem, mode: 0o644 },
    JWKS: { content: `${JSON.stringify(publicJwks(pair.privateKey, alg), null, 2)}\n`, mode: 0o644 },
  };
  writeOutputs(
    paths.map((p) => ({ ...p, ...(contents[p.what] as { content: string; mode: number }) })),
    overwrite,
  );

  const style = styleFor(io.stderr, io.env);
  const notes = [
    `${style.green('private key')} ${label}, for ${alg}, written to ${out} (mode 0600; keep it secret)`,
    ...(publicOut ? [`${style.green('public key')} written to ${publicOut}`] : []),
    ...(jwksOut ? [`${style.green('public JWKS')} written to ${jwksOut}`] : []),
    `${style.green('thumbprint')} ${kid} (RFC 7638; use it with --kid=thumbprint if the server registered a JWKS)`,
    style.dim(publicKeyAdvice(alg)),
  ];
  io.stderr.write(`${notes.join('\n')}\n`);
  io.stdout.write(pair.publicKeyPem.endsWith('\n') ? pair.publicKeyPem : `${pair.publicKeyPem}\n`);
  return EXIT.ok;
}
