/**
 * `clientCreds.dpopProof` (hidden from the palette), for other extensions and tasks: given `{ method, url, profile? }`
 * it returns `{ Authorization, DPoP }`, the headers of that one request with the profile's DPoP-bound token (fetched
 * when none is valid) and a fresh proof (RFC 9449 §7.1). The active profile is used when `profile` is absent.
 */
import { ConfigError } from '../../core/errors';
import { authorizeRequest } from '../services/dpopAuthorization';
import type { DpopRequestHeaders } from '../services/dpopHeaders';
import type { Services } from '../services/services';

/** The command's argument, checked: ConfigError `argument_missing` for anything but `{ method, url, profile? }` strings. */
export function parseDpopProofArgs(arg: unknown): { method: string; url: string; profile?: string } {
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as Record<string, unknown>;
  const { method, url, profile } = a;
  if (typeof method !== 'string' || typeof url !== 'string' || (profile !== undefined && typeof profile !== 'string')) {
    throw new ConfigError(
      'argument_missing',
      'clientCreds.dpopProof takes { method, url, profile? } with string values',
      `call it as executeCommand('clientCreds.dpopProof', { method: 'GET', url: 'https://api.example.com/v1/x' })`,
    );
  }
  return { method, url, ...(profile !== undefined ? { profile } : {}) };
}

/** The command handler: the headers for the request, or an error (no token or key in the error text). */
export function dpopProof(s: Services) {
  return async (arg?: unknown): Promise<DpopRequestHeaders> => {
    const { method, url, profile } = parseDpopProofArgs(arg);
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
