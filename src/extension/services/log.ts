/**
 * The extension's log: every line goes through {@link maskSecrets} before it reaches the output channel,
 * and only formatted strings are passed on (a channel would print objects unmasked).
 */
import { isClientCredsError } from '../../core/errors';
import { MIN_EXACT_SECRET_LENGTH, maskSecrets } from './mask';

/** The part of `vscode.LogOutputChannel` the log writes to. */
export interface LogSink {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(preserveFocus?: boolean): void;
}

/** A masking logger over a {@link LogSink}; refuses to pass anything unmasked. */
export class Log {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: LogSink) {}

  /** Masks `value` by exact match from now on (for opaque tokens the pattern rules might miss). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= MIN_EXACT_SECRET_LENGTH) this.secrets.add(value);
  }

  /** Stops masking `value` by exact match (it still falls under the pattern rules). */
  removeSecret(value: string | undefined): void {
    if (value) this.secrets.delete(value);
  }

  /** `text` as it would be written. */
  mask(text: string): string {
    return maskSecrets(text, this.secrets);
  }

  trace(message: string): void {
    this.sink.trace(this.mask(message));
  }

  debug(message: string): void {
    this.sink.debug(this.mask(message));
  }

  info(message: string): void {
    this.sink.info(this.mask(message));
  }

  warn(message: string, error?: unknown): void {
    this.sink.warn(this.mask(error === undefined ? message : `${message}: ${describeForLog(error)}`));
  }

  /** Logs `message` and, when given, the error's code, message, hint and HTTP details (masked). */
  error(message: string, error?: unknown): void {
    this.sink.error(this.mask(error === undefined ? message : `${message}: ${describeForLog(error)}`));
  }

  /** Reveals the output channel. */
  show(): void {
    this.sink.show(true);
  }
}

/** A multi-line description of an error for the log (not for users): our errors in full, others with stack. */
export function describeForLog(error: unknown): string {
  if (isClientCredsError(error)) {
    const lines = [`${error.name} ${error.code}: ${error.message}`];
    if (error.hint) lines.push(`  hint: ${error.hint}`);
    const extra = error as unknown as Record<string, unknown>;
    for (const key of ['status', 'error', 'errorDescription', 'errorUri', 'excerpt'] as const) {
      const value = extra[key];
      if (value !== undefined && value !== null && value !== '') lines.push(`  ${key}: ${String(value)}`);
    }
    if (error.cause !== undefined) lines.push(`  cause: ${describeCause(error.cause)}`);
    return lines.join('\n');
  }
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${cause.name}${typeof code === 'string' ? ` ${code}` : ''}: ${cause.message}`;
  }
  return String(cause);
}
