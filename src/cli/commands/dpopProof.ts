/**
 * `client-creds dpop-proof`: prints one DPoP proof (RFC 9449 §4.2) for one API request, so a script can send
 * `Authorization: DPoP <token>` with `DPoP: <proof>`. Nothing goes over the network.
 */
import { accessTokenHash, checkDpopNonce, createDpopProof, dpopHtm, dpopHtu } from '../../core/dpopProof';
import { asUsage, booleanFlag, requireFlag, stringFlag, UsageError } from '../args';
import type { CommandContext } from '../context';
import { loadDpopKey } from '../dpopKeyFile';
import { EXIT } from '../failure';
import { extractToken, readStdin } from '../tokenInput';

/** Runs dpop-proof. */
export async function run(ctx: CommandContext): Promise<number> {
  const { args, spec, io, secrets } = ctx;
  const keyPath = requireFlag(args, spec, 'dpop-key');
  const url = requireFlag(args, spec, 'url');
  const method = stringFlag(args, 'method') ?? 'GET';
  const nonce = stringFlag(args, 'nonce');
  const accessToken = await accessTokenFrom(stringFlag(args, 'access-token'), ctx);
  if (accessToken !== undefined) secrets.push(accessToken);
  // Everything typed is checked before the key file is read (or a passphrase asked for).
  asUsage(() => {
    dpopHtm(method);
    dpopHtu(url);
    if (nonce !== undefined) checkDpopNonce(nonce);
    if (accessToken !== undefined) accessTokenHash(accessToken);
  });

  const key = await loadDpopKey(keyPath, ...dpopAlgFlag(ctx), io, secrets);
  const proof = asUsage(() =>
    createDpopProof(key, {
      method,
      url,
      now: io.now,
      ...(accessToken !== undefined ? { accessToken } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
    }),
  );
  if (booleanFlag(args, 'json')) {
    const body = { proof: proof.jwt, header: proof.header, payload: proof.payload, thumbprint: key.thumbprint };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    io.stdout.write(`${proof.jwt}\n`);
  }
  return EXIT.ok;
}

/** --alg, or --dpop-alg (its name on client-assertion), with the flag name for messages; both is a usage error. */
function dpopAlgFlag(ctx: CommandContext): [string | undefined, string] {
  const alg = stringFlag(ctx.args, 'alg');
  const dpopAlg = stringFlag(ctx.args, 'dpop-alg');
  if (alg !== undefined && dpopAlg !== undefined) {
    throw new UsageError('flag_repeated', '--alg and --dpop-alg both give the proof alg', 'give one of them');
  }
  return dpopAlg !== undefined ? [dpopAlg, 'dpop-alg'] : [alg, 'alg'];
}

async function accessTokenFrom(flag: string | undefined, ctx: CommandContext): Promise<string | undefined> {
  if (flag === undefined) return undefined;
  // As pasted from a request: "Authorization: DPoP <token>" gives the token too.
  const token = extractToken(flag === '-' ? await readStdin(ctx.io) : flag)
    .replace(/^dpop\s+/i, '')
    .trim();
  if (token === '') {
    throw new UsageError(
      'token_empty',
      '--access-token is empty',
      'give the access token, or - with the token (or the token response JSON) on stdin',
    );
  }
  return token;
}
