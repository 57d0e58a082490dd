/**
 * `client-creds keygen`: generates a key pair through core, writes the private key to a new 0600 file (never over an
 * existing one without --force), and prints the public key PEM to stdout, ready for Banno's Users & Groups.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSigningAlg } from '../../core/algorithms';
import { describeKey } from '../../core/keyDescription';
import { jwkThumbprint, publicJwks } from '../../core/keyExport';
import { generateKeyPair, type KeyGenOptions } from '../../core/keyGeneration';
import { asUsage, booleanFlag, integerFlag, requireFlag, stringFlag, UsageError } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../failure';
import { writeNewFile } from '../files';
import { styleFor } from '../terminal';

/** The outputs keygen was asked to write, checked to be distinct and (without --force) not present yet. */
function plannedOutputs(ctx: CommandContext): { out: string; publicOut?: string; jwksOut?: string } {
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
  if (!booleanFlag(args, 'force')) {
    // Checked before generating, so a refusal never leaves a new private key behind without its public half.
    for (const path of paths) {
      if (existsSync(path)) {
        throw new UsageError(
          'file_exists',
          `${path} already exists; not overwriting it`,
          'choose another path, or add --force to replace it',
        );
      }
    }
  }
  return { out, publicOut, jwksOut };
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
  const { out, publicOut, jwksOut } = plannedOutputs(ctx);
  const overwrite = booleanFlag(args, 'force');

  const options: KeyGenOptions = bits === undefined ? { alg } : { alg, bits };
  const pair = await generateKeyPair(options);
  const label = describeKey(pair.privateKey).label;
  const kid = jwkThumbprint(pair.privateKey);

  writeNewFile(out, pair.privateKeyPem, { mode: 0o600, overwrite, what: 'private key' });
  if (publicOut) writeNewFile(publicOut, pair.publicKeyPem, { mode: 0o644, overwrite, what: 'public key' });
  if (jwksOut) {
    const jwks = `${JSON.stringify(publicJwks(pair.privateKey, alg), null, 2)}\n`;
    writeNewFile(jwksOut, jwks, { mode: 0o644, overwrite, what: 'JWKS' });
  }

  const style = styleFor(io.stderr, io.env);
  const notes = [
    `${style.green('private key')} ${label}, for ${alg}, written to ${out} (mode 0600; keep it secret)`,
    ...(publicOut ? [`${style.green('public key')} written to ${publicOut}`] : []),
    ...(jwksOut ? [`${style.green('public JWKS')} written to ${jwksOut}`] : []),
    `${style.green('thumbprint')} ${kid} (RFC 7638; use it with --kid=thumbprint if the server registered a JWKS)`,
    style.dim(
      "Paste the public key below into Banno's Users & Groups (the external application's public key); the admin gives you back its client id.",
    ),
  ];
  io.stderr.write(`${notes.join('\n')}\n`);
  io.stdout.write(pair.publicKeyPem.endsWith('\n') ? pair.publicKeyPem : `${pair.publicKeyPem}\n`);
  return EXIT.ok;
}
