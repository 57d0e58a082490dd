/**
 * The core HTTP client's options from settings: `clientCreds.requestTimeoutMs`, `clientCreds.proxy`
 * (else VS Code's `http.proxy`, else the environment's HTTPS_PROXY/NO_PROXY) and the PEM files listed in
 * `clientCreds.caCertificates`. VS Code's `http.proxyStrictSSL` is deliberately not read: certificate
 * verification of the token request is never turned off; a TLS-inspecting proxy needs its CA listed instead.
 */

import { readFile as fsReadFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../../core/errors';
import type { HttpOptions } from '../../core/http';
import { proxyUrl } from '../../core/proxySettings';
import { SettingKey, settingName } from '../contract';

/** Raw setting values (unknown: settings.json can hold anything). */
export interface HttpSettingValues {
  requestTimeoutMs?: unknown;
  proxy?: unknown;
  /** VS Code's `http.proxy`. */
  vscodeProxy?: unknown;
  caCertificates?: unknown;
}

/** Default and bounds of `clientCreds.requestTimeoutMs`. */
export const REQUEST_TIMEOUT = { default: 30_000, min: 1_000, max: 300_000 } as const;

/** The timeout in ms: the default for a missing or non-numeric value, clamped to 1 s … 5 min. */
export function requestTimeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return REQUEST_TIMEOUT.default;
  return Math.min(Math.max(Math.round(value), REQUEST_TIMEOUT.min), REQUEST_TIMEOUT.max);
}

/**
 * The proxy to use: `clientCreds.proxy`, else `http.proxy`, else `undefined` (the environment's proxy variables, read
 * by core in every spelling curl accepts). A bare `host:port` means `http://host:port`, as in curl. Refuses a value
 * that is neither (ConfigError `invalid_proxy`, naming the setting, without credentials).
 */
export function chooseProxy(own: unknown, vscode: unknown): { url: string; from: string } | undefined {
  for (const [value, from] of [
    [own, settingName(SettingKey.proxy)],
    [vscode, 'http.proxy'],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    return { url: proxyUrl(value, `the ${from} setting`), from };
  }
  return undefined;
}

/** Expands `~/` and refuses relative paths (they would depend on the folder VS Code was started in). */
export function resolveCaPath(path: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  if (!isAbsolute(expanded)) {
    throw new ConfigError(
      'invalid_ca_path',
      `clientCreds.caCertificates entry "${path}" is not an absolute path`,
      'list absolute paths of PEM files (~/ is allowed)',
    );
  }
  return expanded;
}

/** Reads every CA file; ConfigError `ca_unreadable` naming the file when it cannot be read or holds no certificate. */
export async function readCaCertificates(
  value: unknown,
  readFile: (path: string) => Promise<string> = (p) => fsReadFile(p, 'utf8'),
): Promise<string[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ConfigError('invalid_ca_path', `${settingName(SettingKey.caCertificates)} must be a list of file paths`);
  }
  const out: string[] = [];
  for (const entry of value as string[]) {
    if (entry.trim() === '') continue;
    const path = resolveCaPath(entry.trim());
    let pem: string;
    try {
      pem = await readFile(path);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new ConfigError(
        'ca_unreadable',
        `cannot read CA certificate file ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
        'fix or remove the entry in clientCreds.caCertificates',
        { cause: e },
      );
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(
        'ca_unreadable',
        `${path} holds no PEM certificate (BEGIN CERTIFICATE)`,
        'list PEM-encoded CA certificates in clientCreds.caCertificates',
      );
    }
    out.push(pem);
  }
  return out;
}

/** The HttpOptions for the core client built from the setting values. */
export async function httpOptionsFromSettings(
  values: HttpSettingValues,
  readFile?: (path: string) => Promise<string>,
): Promise<HttpOptions> {
  const options: HttpOptions = { timeoutMs: requestTimeout(values.requestTimeoutMs), useEnvProxy: true };
  const proxy = chooseProxy(values.proxy, values.vscodeProxy);
  if (proxy) options.proxy = proxy.url;
  const ca = await readCaCertificates(values.caCertificates, readFile);
  if (ca.length > 0) options.ca = ca;
  return options;
}
