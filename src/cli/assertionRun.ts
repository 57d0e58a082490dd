/**
 * What `client-assertion` and `sign-jwt` share before they sign: the output flags, the key and profile from the
 * command line, and a step printer that writes to stdout (or to stderr with --json, so stdout stays machine-readable).
 */
import { booleanFlag } from './args';
import { type AssertionSetup, assertionSetup } from './assertionProfile';
import { AssertionStepPrinter, printKeyNotes } from './assertionSteps';
import type { CommandContext } from './context';
import { issuerAndTokenUrlNotice, presetNotice } from './presetNotice';
import { StepWriter, styleFor } from './terminal';

/** The prepared run of an assertion command. */
export interface AssertionRun {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly setup: AssertionSetup;
  /** Step output; silent with --quiet. */
  readonly steps: StepWriter;
  /** The flow observer that prints each step through `steps`. */
  readonly printer: AssertionStepPrinter;
}

/** Reads the flags and the key (see {@link assertionSetup}) and sets up where the steps are printed. */
export async function prepareAssertionRun(ctx: CommandContext): Promise<AssertionRun> {
  const { spec, args, io, secrets } = ctx;
  const json = booleanFlag(args, 'json');
  const quiet = booleanFlag(args, 'quiet');
  const setup = await assertionSetup(spec, args, io, secrets);
  // On stderr even with --quiet: each changes what is sent, or which flag counts.
  const errOut = new StepWriter({ stream: io.stderr, style: styleFor(io.stderr, io.env) });
  const notice = presetNotice(args, setup.profile);
  if (notice) errOut.warn(notice);
  const both = issuerAndTokenUrlNotice(args);
  if (both) errOut.note(both);
  const stepStream = json ? io.stderr : io.stdout;
  const steps = new StepWriter(quiet ? undefined : { stream: stepStream, style: styleFor(stepStream, io.env) });
  printKeyNotes(steps, setup, io.now());
  const printer = new AssertionStepPrinter(steps, {
    keyLabel: setup.keyLabel,
    privateKeyPath: setup.privateKeyPath,
    secrets,
  });
  return { json, quiet, setup, steps, printer };
}
