/**
 * `client-creds client-assertion`: the Jack Henry helper's command. Signs an assertion, posts the client credentials
 * grant through core's flow and prints every step, the token answer, the decoded access token and its expiry.
 * --json puts only the answer JSON on stdout (steps to stderr); --quiet prints only the result.
 */
import { lintAssertion } from '../../core/assertion';
import { DpopNonceCache } from '../../core/dpopNonces';
import type { DpopSession } from '../../core/dpopToken';
import { isClientCredsError } from '../../core/errors';
import type { FetchTokenResult } from '../../core/flow';
import { fetchToken } from '../../core/flow';
import { preferFastExit } from '../../core/http';
import { stringFlag, UsageError } from '../args';
import { prepareAssertionRun } from '../assertionRun';
import { printAccessToken, printDpopBinding, printLint, printTokenResponse } from '../assertionSteps';
import type { CommandContext } from '../context';
import { loadDpopKey } from '../dpopKeyFile';
import { EXIT } from '../failure';
import { StepWriter, styleFor } from '../terminal';

/** Runs client-assertion. */
export async function run(ctx: CommandContext): Promise<number> {
  const { io, secrets } = ctx;
  const { json, quiet, setup, steps, printer } = await prepareAssertionRun(ctx);

  preferFastExit();
  const { http } = setup;
  let result: FetchTokenResult;
  try {
    const dpop = await dpopSession(ctx);
    const profile = dpop ? { ...setup.profile, dpop: true } : setup.profile;
    result = await fetchToken({
      profile,
      key: setup.key,
      ...(setup.certificate ? { certificate: setup.certificate } : {}),
      http,
      observer: printer,
      now: io.now,
      ...(dpop ? { dpop } : {}),
    });
  } catch (e) {
    // A refusal by the server: say what the assertion looked like that a server is likely to refuse.
    if (!quiet && isClientCredsError(e) && e.kind === 'oauth' && printer.header && printer.payload) {
      const errStream = new StepWriter({ stream: io.stderr, style: styleFor(io.stderr, io.env) }, { value: false });
      const issuer = printer.issuer ?? setup.profile.issuer;
      const context = {
        expUnit: setup.profile.expUnit,
        ...(printer.tokenEndpoint ? { tokenEndpoint: printer.tokenEndpoint } : {}),
        ...(issuer ? { issuer } : {}),
      };
      printLint(errStream, lintAssertion(printer.header, printer.payload, context), ['error', 'warning']);
    }
    throw e;
  } finally {
    await http.close();
  }
  const { response } = result;
  secrets.push(response.accessToken);

  if (json) {
    io.stdout.write(`${JSON.stringify(response.raw, null, 2)}\n`);
  } else if (quiet) {
    io.stdout.write(`${response.accessToken}\n`);
  }
  printTokenResponse(steps, response, { showJson: !json });
  printAccessToken(steps, response, result.expiresAt, io.now());
  printDpopBinding(steps, result.dpop);
  return EXIT.ok;
}

/** The DPoP key and a fresh nonce cache with --dpop-key; undefined without it (--dpop-alg alone is a usage error). */
async function dpopSession(ctx: CommandContext): Promise<DpopSession | undefined> {
  const path = stringFlag(ctx.args, 'dpop-key');
  const alg = stringFlag(ctx.args, 'dpop-alg');
  if (path === undefined) {
    if (alg !== undefined) throw new UsageError('flag_required', '--dpop-alg needs --dpop-key', 'add --dpop-key=PATH');
    return undefined;
  }
  const key = await loadDpopKey(path, alg, 'dpop-alg', ctx.io, ctx.secrets);
  return { key, nonces: new DpopNonceCache() };
}
