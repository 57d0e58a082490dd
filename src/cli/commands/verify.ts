/**
 * `client-creds verify`: fetches the JWKS (from --jwks-url, or the issuer's discovery document) through core's HTTP
 * client and checks the token's signature with core's verifier and an algorithm allow-list. Exit 0 only when the
 * signature verified; 3 when it did not.
 */
import type { SigningAlg } from '../../core/algorithms';
import { parseSigningAlg, SIGNING_ALGS } from '../../core/algorithms';
import { ResponseError } from '../../core/errors';
import { createHttpClient } from '../../core/http';
import { discoverJwksUri, fetchJwks } from '../../core/jwks';
import { decodeToken, timeClaims } from '../../core/jwt';
import { privateJwkEntries } from '../../core/keySet';
import { printableText } from '../../core/printable';
import type { VerifyResult } from '../../core/verify';
import { verifyJwt } from '../../core/verify';
import { asUsage, booleanFlag, listFlag, stringFlag, UsageError } from '../args';
import type { CommandContext } from '../context';
import { EXIT, redact } from '../failure';
import { problemsAsFlags } from '../flagNames';
import { timeClaimLines } from '../format';
import { httpOptionsFrom } from '../httpOptions';
import { StepWriter, styleFor } from '../terminal';
import { tokenFrom } from '../tokenInput';

/** The algorithms from --alg (repeatable, comma-separated), or every allowed one. */
export function allowedAlgs(values: readonly string[]): SigningAlg[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (names.length === 0) return [...SIGNING_ALGS];
  return [...new Set(names.map((name) => asUsage(() => parseSigningAlg(name))))];
}

/** What each non-verified status means for the user. */
const STATUS_HINTS: Readonly<Record<Exclude<VerifyResult['status'], 'verified'>, string>> = {
  invalid: 'the signature does not match: the token was altered, or was signed by a different key',
  no_key: 'no key in the JWKS matches the token (kid/alg); check the issuer or JWKS URL',
  unsupported: 'the token uses an algorithm outside the allow-list (see --alg)',
  opaque: 'an opaque token has no signature to check; only its issuer can introspect it',
  alg_none: 'the token is unsigned (alg "none"); never accept it',
};

/** One `warning:` line on stderr when the fetched JWKS publishes private key material (never the material itself). */
function warnPrivateEntries(count: number, jwksUrl: string, io: CommandContext['io']): void {
  if (count === 0) return;
  const style = styleFor(io.stderr, io.env);
  const which = count === 1 ? '1 key' : `${count} keys`;
  io.stderr.write(
    `${style.yellow(`warning: the JWKS at ${jwksUrl} publishes private key material (${which} with d, p, q, dp, dq, qi or k): anyone can sign with it; replace the key and publish only public keys`)}\n`,
  );
}

/** Runs verify. */
export async function run(ctx: CommandContext): Promise<number> {
  const { args, io, secrets } = ctx;
  const issuer = stringFlag(args, 'issuer');
  const jwksFlag = stringFlag(args, 'jwks-url');
  if ((issuer === undefined) === (jwksFlag === undefined)) {
    throw new UsageError(
      'flag_required',
      issuer === undefined ? 'verify needs --issuer or --jwks-url' : 'give either --issuer or --jwks-url, not both',
      'add --issuer=URL (the JWKS comes from discovery) or --jwks-url=URL',
    );
  }
  const algorithms = allowedAlgs(listFlag(args, 'alg'));
  const httpOptions = httpOptionsFrom(args);
  const http = asUsage(() => createHttpClient(httpOptions), problemsAsFlags);
  const token = await tokenFrom(args, io, 'verify');
  secrets.push(token);

  let result: VerifyResult;
  let jwksUrl: string;
  try {
    if (jwksFlag !== undefined) {
      jwksUrl = jwksFlag;
    } else {
      const discovered = await discoverJwksUri(issuer as string, http);
      if (!discovered) {
        throw new ResponseError(
          'no_jwks_uri',
          `the discovery document of ${issuer} has no jwks_uri`,
          200,
          'give the JWKS URL with --jwks-url',
        );
      }
      jwksUrl = discovered;
    }
    const jwks = await fetchJwks(http, jwksUrl);
    warnPrivateEntries(privateJwkEntries(jwks), jwksUrl, io);
    result = await verifyJwt(token, jwks, { algorithms });
  } finally {
    await http.close();
  }

  const status = result.status;
  if (booleanFlag(args, 'json')) {
    io.stdout.write(`${JSON.stringify({ ...result, jwksUrl }, null, 2)}\n`);
    return status === 'verified' ? EXIT.ok : EXIT.notVerified;
  }

  const out = new StepWriter({ stream: io.stdout, style: styleFor(io.stdout, io.env) });
  if (status === 'verified') {
    out.heading('Signature verified');
    // alg and kid come from the token's header: no control or escape sequence of theirs may reach the terminal.
    const kid = result.kid ? `, kid ${printableText(result.kid)}` : '';
    out.line(`alg ${printableText(result.alg ?? '?', 40)}${kid}, key from ${jwksUrl}`);
    const decoded = decodeToken(token);
    if (decoded.kind === 'jwt') {
      const times = timeClaimLines(timeClaims(decoded.payload, io.now()));
      if (times.length > 0) {
        out.heading('Times (not checked)');
        for (const line of times) out.line(line);
      }
    }
    return EXIT.ok;
  }
  const style = styleFor(io.stderr, io.env);
  const reason = result.reason ? `: ${printableText(redact(result.reason, secrets), 300)}` : '';
  io.stderr.write(`${style.red(style.bold(`error: token not verified (${status})${reason}`))}\n`);
  io.stderr.write(`${style.dim(`hint: ${STATUS_HINTS[status]}`)}\n`);
  return EXIT.notVerified;
}
