/**
 * `clientCreds.dpopProof` (hidden from the palette), for other extensions and tasks: given `{ method, url, profile?,
 * nonce? }` it returns `{ Authorization, DPoP }`, the headers of that one request with the profile's DPoP-bound token
 * (fetched when none is valid) and a fresh proof (RFC 9449 §7.1). The active profile is used when `profile` is absent.
 * `nonce` is the `DPoP-Nonce` a resource answered with (RFC 9449 §9): it is remembered for the URL's origin, so this
 * proof and the next ones to that origin carry it.
 */
import { ConfigError } from '../../core/errors';
import { authorizeRequest } from '../services/dpopAuthorization';
import type { DpopRequestHeaders } from '../services/dpopHeaders';
import type { Services } from '../services/services';

/** The command's argument, checked: ConfigError `argument_missing` for anything but `{ method, url, profile?, nonce? }` strings. */
export function parseDpopProofArgs(arg: unknown): { method: string; url: string; profile?: string; nonce?: string } {
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as Record<string, unknown>;
  const { method, url, profile, nonce } = a;
  const optional = (x: unknown) => x === undefined || typeof x === 'string';
  if (typeof method !== 'string' || typeof url !== 'string' || !optional(profile) || !optional(nonce)) {
    throw new ConfigError(
      'argument_missing',
      'clientCreds.dpopProof takes { method, url, profile?, nonce? } with string values',
      `call it as executeCommand('clientCreds.dpopProof', { method: 'GET', url: 'https://api.example.com/v1/x' })`,
    );
  }
  return {
    method,
    url,
    ...(typeof profile === 'string' ? { profile } : {}),
    ...(typeof nonce === 'string' ? { nonce } : {}),
  };
}

/** The command handler: the headers for the request, or an error (no token or key in the error text). */
export function dpopProof(s: Services) {
  return async (arg?: unknown): Promise<DpopRequestHeaders> => {
    const { method, url, profile, nonce } = parseDpopProofArgs(arg);
    // ConfigError dpop_invalid_nonce for a value that is not an RFC 9449 §8.1 nonce (never echoed).
    if (nonce !== undefined) (await s.dpop.nonces()).remember(url, nonce);
    const name = profile ?? s.profiles.activeName();
    if (name === undefined) {
      throw new ConfigError('no_profile', 'there is no Client Creds profile', 'create one with New Profile');
    }
    const { headers } = await authorizeRequest(s, name, { method, url });
    s.log.addSecret(headers.DPoP);
    s.log.info(`made DPoP headers for a ${method.toUpperCase()} request of profile "${name}"`);
    return headers;
  };
}
