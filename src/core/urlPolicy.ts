/**
 * Which URLs Client Creds will call: absolute http(s) URLs without credentials or a fragment, and https unless the
 * host is loopback. Every endpoint (token, discovery, JWKS) and every request of the HTTP client passes through here.
 */
import { ConfigError } from './errors';

/** True for `localhost`, any 127.0.0.0/8 address and `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  return m.slice(1).every((part) => Number(part) <= 255);
}

/** Why a URL is refused: not a URL, not http(s), user info, a fragment, or plain http to a non-loopback host. */
export type UrlProblem = 'not_url' | 'scheme' | 'credentials' | 'fragment' | 'insecure';

/**
 * The one URL rule, without throwing: the parsed URL, or the first problem found. Both {@link assertAllowedUrl} and
 * the extension's input boxes use it, so an input box accepts exactly what saving and requesting accept.
 */
export function checkUrl(url: string): { ok: true; url: URL } | { ok: false; problem: UrlProblem; scheme?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: 'not_url' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, problem: 'scheme', scheme: parsed.protocol };
  }
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, problem: 'credentials' };
  if (parsed.hash !== '') return { ok: false, problem: 'fragment' };
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) return { ok: false, problem: 'insecure' };
  return { ok: true, url: parsed };
}

/**
 * Parses `url` and refuses anything a token client should not call: a non-URL or a non-http(s) scheme
 * (ConfigError `invalid_url`), a user name or password in the URL or a fragment (`invalid_url`), and plain
 * http to anything but loopback (`insecure_url`). Messages start with `what`, e.g. "tokenUrl: must be https ...".
 */
export function assertAllowedUrl(url: string, what: string): URL {
  const checked = checkUrl(url);
  if (checked.ok) return checked.url;
  switch (checked.problem) {
    case 'not_url':
      throw new ConfigError(
        'invalid_url',
        `${what}: not a valid URL`,
        'give an absolute URL such as https://host/path',
      );
    case 'scheme':
      throw new ConfigError(
        'invalid_url',
        `${what}: only https URLs are allowed (got ${JSON.stringify((checked.scheme ?? '').slice(0, 20))})`,
      );
    case 'credentials':
      throw new ConfigError(
        'invalid_url',
        `${what}: must not contain a user name or password`,
        'remove the "user:password@" part',
      );
    case 'fragment':
      throw new ConfigError('invalid_url', `${what}: must not contain a #fragment`);
    case 'insecure':
      throw new ConfigError(
        'insecure_url',
        `${what}: must be https (http only for loopback)`,
        'plain http would send the signed assertion and the token unencrypted',
      );
  }
}
