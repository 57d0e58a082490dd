/**
 * The error hierarchy of Client Creds. Every error the core throws on purpose is a {@link ClientCredsError}
 * with a stable `code` (for tests, the CLI's exit status and the extension's messages) and a `hint` that says
 * what to do. Messages never contain private keys, assertions or tokens.
 */

/** What kind of thing went wrong; each front maps it to an exit code or a message style. */
export type ErrorKind = 'usage' | 'config' | 'key' | 'network' | 'response' | 'oauth' | 'jwt' | 'storage';

/**
 * Every `code` an error of Client Creds can carry: a closed set, so a front can rely on it and the same failure has
 * one code everywhere. `oauth_<error>` is an RFC 6749 §5.2 error answer (`oauth_invalid_client`, …).
 */
export type ErrorCode =
  // usage: the command line itself
  | 'unknown_command'
  | 'unknown_flag'
  | 'unexpected_argument'
  | 'argument_missing'
  | 'flag_required'
  | 'flag_repeated'
  | 'flag_takes_no_value'
  | 'flag_value_missing'
  | 'flag_value_empty'
  | 'flag_bad_value'
  | 'flag_bad_choice'
  | 'flag_not_integer'
  | 'token_empty'
  | 'input_too_large'
  | 'same_output'
  | 'interrupted'
  | 'x5t_needs_certificate'
  // config: profiles, settings, files named by them
  | 'invalid_profile'
  | 'profile_not_found'
  | 'profile_exists'
  | 'no_profile'
  | 'missing_client_id'
  | 'missing_audience'
  | 'missing_endpoint'
  | 'audience_needs_issuer'
  | 'invalid_audience'
  | 'invalid_exp_unit'
  | 'invalid_lifetime'
  | 'invalid_bits'
  | 'unsupported_alg'
  | 'alg_not_supported_by_server'
  | 'private_key_jwt_not_supported'
  | 'invalid_extra_param'
  | 'invalid_tenant'
  | 'invalid_clock_skew'
  | 'server_rules'
  | 'invalid_url'
  | 'insecure_url'
  | 'invalid_proxy'
  | 'invalid_ca_path'
  | 'ca_unreadable'
  | 'ca_not_pem'
  | 'file_exists'
  | 'file_too_large'
  | 'file_unreadable'
  | 'file_unwritable'
  // key: the private key
  | 'key_empty'
  | 'key_unreadable'
  | 'key_unsupported'
  | 'key_is_public'
  | 'key_too_small'
  | 'key_alg_mismatch'
  | 'key_passphrase_required'
  | 'key_bad_passphrase'
  | 'key_file_too_large'
  | 'key_missing'
  | 'key_not_for_signing'
  | 'key_jwk_alg_unsupported'
  | 'key_pkcs12_unsupported'
  | 'key_certificate_mismatch'
  | 'certificate_unreadable'
  // key: the key set of a rotation (signing key, next key, previous key)
  | 'key_next_exists'
  | 'key_no_next'
  | 'key_no_previous'
  | 'key_retire_first'
  | 'key_not_published'
  | 'no_client_jwks_uri'
  // DPoP (RFC 9449): proofs and sender-constrained tokens
  | 'dpop_key_missing'
  | 'dpop_invalid_method'
  | 'dpop_invalid_access_token'
  | 'dpop_invalid_nonce'
  | 'dpop_not_bound'
  | 'dpop_binding_mismatch'
  // key store: named keys in the secret storage and their backups
  | 'key_not_found'
  | 'key_lost'
  | 'key_name_taken'
  | 'backup_passphrase_weak'
  // network: no usable HTTP answer
  | 'timeout'
  | 'aborted'
  | 'connect_failed'
  | 'dns'
  | 'tls'
  | 'proxy'
  | 'protocol'
  | 'redirect'
  | 'response_too_large'
  // response: an answer a client cannot trust
  | 'http_error'
  | 'not_json'
  | 'not_object'
  | 'missing_access_token'
  | 'missing_token_type'
  | 'invalid_expires_in'
  | 'metadata_invalid'
  | 'issuer_mismatch'
  | 'discovery_failed'
  | 'jwks_status'
  | 'jwks_not_json'
  | 'jwks_not_jwks'
  | 'no_jwks_uri'
  // jwt: a token that cannot be decoded
  | 'jwt_malformed'
  | 'jwt_too_large'
  | 'jwt_encrypted'
  // the extension's hand-offs: command arguments, authentication session scopes, workspace trust
  | 'invalid_argument'
  | 'session_scope_invalid'
  | 'workspace_untrusted'
  // storage: VS Code's secret storage (an OS keyring), not a setting
  | 'secret_storage_failed'
  // oauth: the server's own error code
  | `oauth_${string}`
  // anything that is not ours
  | 'internal';

/** Base class: a one-line `message`, a stable `code`, an optional `hint` telling the user what to do next. */
export class ClientCredsError extends Error {
  override readonly name: string = 'ClientCredsError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
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
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super('config', code, message, hint, options);
  }
}

/** A key that cannot be used: unreadable, public, too small, encrypted without a passphrase, wrong for the alg. */
export class KeyError extends ClientCredsError {
  override readonly name = 'KeyError';
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super('key', code, message, hint, options);
  }
}

/** The request never got a usable HTTP answer: refused URL, DNS, TLS, timeout, redirect, oversized body. */
export class NetworkError extends ClientCredsError {
  override readonly name = 'NetworkError';
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown; status?: number }) {
    super('network', code, message, hint, options);
    this.status = options?.status;
  }
  readonly status: number | undefined;
}

/** The server answered, but not with something a client can trust: HTML, non-object JSON, missing fields. */
export class ResponseError extends ClientCredsError {
  override readonly name = 'ResponseError';
  constructor(
    code: ErrorCode,
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
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
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
export function describeError(e: unknown): { message: string; hint?: string; code: ErrorCode } {
  if (isClientCredsError(e)) return { message: e.message, hint: e.hint, code: e.code };
  return {
    message: 'unexpected internal error',
    hint: 'run again with --debug (CLI) or see the log',
    code: 'internal',
  };
}
