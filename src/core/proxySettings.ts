/**
 * Which proxy a request goes through, read the way curl reads it. Proxy variables come in lower and upper case
 * (`https_proxy` / `HTTPS_PROXY`, `http_proxy` / `HTTP_PROXY`, `all_proxy` / `ALL_PROXY`, `no_proxy` / `NO_PROXY`;
 * the lower-case spelling wins, as in curl), and a value may be a bare `host:port` (Windows proxy settings and many
 * CI images give it so), which means `http://host:port`. A value that still cannot be used is a ConfigError that
 * names where it came from, never a library's TypeError.
 */
import { ConfigError } from './errors';
import { printableText } from './printable';

/** A usable proxy URL and where it was found ("HTTPS_PROXY", "proxy", "http.proxy", …). */
export interface ProxyChoice {
  url: string;
  source: string;
}

/** The proxy for https and for http targets, and the hosts that bypass it (NO_PROXY syntax). */
export interface EnvironmentProxies {
  /** Set when a variable names an https proxy; `problem` when that value cannot be used. */
  https?: ProxyChoice | { source: string; problem: ConfigError };
  http?: ProxyChoice | { source: string; problem: ConfigError };
  noProxy?: string;
}

/**
 * The variables read for each target scheme, in order; the first one set (not empty) wins. curl reads `https_proxy`,
 * `HTTPS_PROXY`, then `all_proxy`, `ALL_PROXY`; an https request also falls back to the http proxy, as undici and
 * earlier versions of Client Creds did, so a setting with only HTTP_PROXY keeps working.
 */
export const PROXY_VARIABLES = {
  https: ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'http_proxy', 'HTTP_PROXY'],
  http: ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'],
  noProxy: ['no_proxy', 'NO_PROXY'],
} as const;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** A proxy value for a message: without `user:password@` and cut short, since it may come from anywhere. */
function shown(value: string): string {
  return JSON.stringify(printableText(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1'), 60));
}

/**
 * A proxy value as curl reads it: `http://` and `https://` URLs as they are, a value without a scheme
 * (`proxy.corp:3128`, `127.0.0.1:8080`) as `http://` + value. `source` names where the value came from, for the
 * message. Refuses (ConfigError `invalid_proxy`) another scheme such as `socks5://`, and anything that is not a host
 * with an optional port. Returns the URL to connect through.
 */
export function proxyUrl(value: string, source: string): string {
  const trimmed = value.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  const hint = 'use http://host:port (or host:port); only http:// and https:// proxies are supported';
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new ConfigError(
      'invalid_proxy',
      `${source}: only http:// and https:// proxies are supported (got a ${printableText(scheme, 20)}:// proxy)`,
      'use an HTTP proxy, or unset the variable and connect directly',
    );
  }
  const candidate = scheme === undefined ? `http://${trimmed}` : trimmed;
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    throw new ConfigError('invalid_proxy', `${source}: ${shown(trimmed)} is not a proxy address`, hint);
  }
  if (parsed.hostname === '' || /[\s]/.test(trimmed)) {
    throw new ConfigError('invalid_proxy', `${source}: ${shown(trimmed)} is not a proxy address`, hint);
  }
  return candidate;
}

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (typeof value === 'string' && value.trim() !== '') return { name, value };
  }
  return undefined;
}

function choose(env: NodeJS.ProcessEnv, names: readonly string[]): EnvironmentProxies['https'] {
  const found = firstSet(env, names);
  if (!found) return undefined;
  const source = `the ${found.name} environment variable`;
  try {
    return { url: proxyUrl(found.value, source), source: found.name };
  } catch (e) {
    if (e instanceof ConfigError) return { source: found.name, problem: e };
    throw e;
  }
}

/**
 * The proxies the environment asks for (see {@link PROXY_VARIABLES}). Never throws: a value that cannot be used is
 * returned as `problem`, to be thrown when a request would go through it (a broken http_proxy does not stop an https
 * request that never uses it).
 */
export function environmentProxies(env: NodeJS.ProcessEnv = process.env): EnvironmentProxies {
  const out: EnvironmentProxies = {};
  const https = choose(env, PROXY_VARIABLES.https);
  if (https) out.https = https;
  const http = choose(env, PROXY_VARIABLES.http);
  if (http) out.http = http;
  const noProxy = firstSet(env, PROXY_VARIABLES.noProxy);
  if (noProxy) out.noProxy = noProxy.value;
  return out;
}
