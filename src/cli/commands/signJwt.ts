/**
 * `client-creds sign-jwt`: signs a client assertion through core and prints the payload and the assertion, plus the
 * lint of what a server is likely to refuse. --quiet prints only the assertion, on one line; --json prints only
 * `{assertion, header, payload, ...}`.
 */
import { signOnly } from '../../core/flow';
import { preferFastExit } from '../../core/http';
import { prepareAssertionRun } from '../assertionRun';
import { printLint } from '../assertionSteps';
import type { CommandContext } from '../context';
import { EXIT } from '../failure';

/** Runs sign-jwt. */
export async function run(ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const { json, quiet, setup, steps, printer } = await prepareAssertionRun(ctx);

  // Discovery (with --issuer) is the only network use here.
  if (setup.profile.tokenUrl === undefined) preferFastExit();
  const { http } = setup;
  let signed: Awaited<ReturnType<typeof signOnly>>;
  try {
    signed = await signOnly({
      profile: setup.profile,
      key: setup.key,
      ...(setup.certificate ? { certificate: setup.certificate } : {}),
      http,
      observer: printer,
    });
  } finally {
    await http.close();
  }
  const { assertion, endpoints, lint } = signed;

  if (json) {
    const body = {
      assertion: assertion.jwt,
      header: assertion.header,
      payload: assertion.payload,
      tokenEndpoint: endpoints.tokenEndpoint,
      lint,
    };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else if (quiet) {
    io.stdout.write(`${assertion.jwt}\n`);
  }
  printLint(steps, lint, ['error', 'warning', 'info']);
  if (!quiet) {
    steps.line();
    steps.note(`Token endpoint: ${endpoints.tokenEndpoint} (client-creds client-assertion sends it there)`);
  }
  return EXIT.ok;
}
