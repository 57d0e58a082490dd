/**
 * How a failure leaves the CLI: an exit status from a small fixed table, one `error:` line and one `hint:` line on
 * stderr, and a stack trace only with --debug. Error text is scrubbed of anything shaped like a JWT or a PEM block,
 * so a token or key cannot reach the terminal through an error even if some layer put it there.
 */
import { isClientCredsError } from '../core/errors';
import { PEM_BLOCK } from '../core/printable';
import type { CliIo } from './terminal';
import { styleFor } from './terminal';

/** The exit statuses of `client-creds`; documented in the CLI reference. */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** A runtime failure: key, file, network, server answer, OAuth error. */
  failure: 1,
  /** A usage error: unknown option, missing or invalid value. */
  usage: 2,
  /** `verify`: the token's signature did not verify (or could not be checked). */
  notVerified: 3,
  /** Interrupted at the passphrase prompt (Ctrl-C). */
  interrupted: 130,
} as const;

/** A way to end a command with a given status after it has printed its own message. */
export class ExitStatus extends Error {
  override readonly name = 'ExitStatus';
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;

/** Removes JWT-shaped strings, PEM blocks and the given secrets from `text`. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out.replace(PEM_BLOCK, '[key material redacted]').replace(JWT_SHAPE, '[token redacted]');
}

/** {@link scrub}, then folded onto one line: an error is one line. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return scrub(text, secrets)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
}

/** The exit status for an error: usage and config mistakes are 2, the rest 1. */
export function exitStatusFor(e: unknown): number {
  if (e instanceof ExitStatus) return e.status;
  if (isClientCredsError(e)) {
    if (e.kind === 'usage') return EXIT.usage;
    if (e.code === 'interrupted') return EXIT.interrupted;
  }
  return EXIT.failure;
}

/** The `error:`/`hint:` lines for an error (without colour), already redacted. */
export function errorLines(e: unknown, secrets: readonly string[] = []): string[] {
  let message: string;
  let hint: string | undefined;
  if (isClientCredsError(e)) {
    message = e.message;
    hint = e.hint;
  } else {
    message = 'unexpected internal error';
    hint = 'run again with --debug to see where it happened';
  }
  const lines = [`error: ${redact(message, secrets)}`];
  if (hint) lines.push(`hint: ${redact(hint, secrets)}`);
  return lines;
}

/** Prints an error to stderr and returns the exit status to use. */
export function reportFailure(e: unknown, io: CliIo, opts: { debug: boolean; secrets?: readonly string[] }): number {
  const status = exitStatusFor(e);
  if (e instanceof ExitStatus) return status;
  const style = styleFor(io.stderr, io.env);
  const [first, ...rest] = errorLines(e, opts.secrets);
  io.stderr.write(`${style.red(style.bold(first ?? 'error'))}\n`);
  for (const line of rest) io.stderr.write(`${style.dim(line)}\n`);
  if (opts.debug && e instanceof Error && e.stack) {
    io.stderr.write(`${style.dim(scrub(e.stack, opts.secrets))}\n`);
  }
  return status;
}
