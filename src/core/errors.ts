/**
 * The error hierarchy of Client Creds. Every error the core throws on purpose is a {@link ClientCredsError}
 * with a stable `code` (for tests, the CLI's exit status and the extension's messages) and a `hint` that says
 * what to do. Messages never contain private keys, assertions or tokens.
 */

/** What kind of thing went wrong; each front maps it to an exit code or a message style. */
export type ErrorKind = 'usage' | 'config' | 'key' | 'network' | 'response' | 'oauth' | 'jwt';

/** Base class: a one-line `message`, a stable `code`, an optional `hint` telling the user what to do next. */
export class ClientCredsError extends Error {
  override readonly name: string = 'ClientCredsError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad arguments or settings: a missing client id, an unknown option, an invalid profile. */
export class ConfigError extends ClientCredsError {
  override readonly name = 'ConfigError';
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super('config', code, message, hint, options);
  }
}

/** A key that cannot be used: unreadable, public, too small, encrypted without a passphrase, wrong for the alg. */
export class KeyError extends ClientCredsError {
  override readonly name = 'KeyError';
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super('key', code, message, hint, options);
  }
}

/** The request never got a usable HTTP answer: refused URL, DNS, TLS, timeout, redirect, oversized body. */
export class NetworkError extends ClientCredsError {
  override readonly name = 'NetworkError';
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown; status?: number }) {
    super('network', code, message, hint, options);
    this.status = options?.status;
  }
  readonly status: number | undefined;
}

/** The server answered, but not with something a client can trust: HTML, non-object JSON, missing fields. */
export class ResponseError extends ClientCredsError {
  override readonly name = 'ResponseError';
  constructor(
    code: string,
    message: string,
    readonly status: number,
    hint?: string,
    readonly excerpt?: string,
  ) {
    super('response', code, message, hint);
  }
}

/** An RFC 6749 §5.2 error answer from the token endpoint, with the likely cause in `hint`. */
export class OAuthError extends ClientCredsError {
  override readonly name = 'OAuthError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string | undefined,
    readonly errorUri: string | undefined,
    hint?: string,
  ) {
    super(
      'oauth',
      `oauth_${error}`,
      `token endpoint answered HTTP ${status} ${error}${errorDescription ? `: ${errorDescription}` : ''}`,
      hint,
    );
  }
}

/** A token that cannot be decoded or verified. */
export class JwtError extends ClientCredsError {
  override readonly name = 'JwtError';
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super('jwt', code, message, hint, options);
  }
}

/** True when `e` is one of ours. */
export function isClientCredsError(e: unknown): e is ClientCredsError {
  return e instanceof ClientCredsError;
}

/**
 * One line for a user: the message of a ClientCredsError, or a generic line for anything else
 * (an unexpected error's text is not shown, since it could carry data from a library we do not control).
 */
export function describeError(e: unknown): { message: string; hint?: string; code: string } {
  if (isClientCredsError(e)) return { message: e.message, hint: e.hint, code: e.code };
  return {
    message: 'unexpected internal error',
    hint: 'run again with --debug (CLI) or see the log',
    code: 'internal',
  };
}
