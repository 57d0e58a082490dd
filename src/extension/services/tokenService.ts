/**
 * Fetching, signing and caching tokens for profiles. The token lives in memory for the status bar and in
 * SecretStorage for reloads and other windows (followed through the store's change event). When
 * SecretStorage refuses to keep a token, the token still works in this window and the failure is logged.
 * The core flow (signing, undici) is loaded on the first fetch, never at activation.
 */

import type { LintFinding, SignedAssertion } from '../../core/assertion';
import { ConfigError, KeyError } from '../../core/errors';
import { FLOW_STEP_TITLES, type FlowObserver } from '../../core/flowSteps';
import type { HttpOptions } from '../../core/http';
import type { Profile } from '../../core/profiles';
import { throwIfCancelled } from '../base/cancellation';
import { Disposable } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import { type CachedToken, cachedTokenFrom } from './cachedToken';
import type { DpopKeys } from './dpopKeys';
import type { KeyStore } from './keyStore';
import type { Log } from './log';
import type { ProfileSettings } from './profileSettings';
import type { SecretStore } from './secretStore';

/** What the token service needs, all injected. */
export interface TokenServiceDeps {
  secrets: SecretStore;
  keys: KeyStore;
  profiles: ProfileSettings;
  log: Log;
  /** Options for a fresh HTTP client (from settings; may throw ConfigError for a bad proxy or CA file). */
  httpOptions: () => Promise<HttpOptions>;
  now?: () => number;
  /** DPoP keys and this window's nonce cache, for profiles with `dpop: true` (RFC 9449). */
  dpop?: DpopKeys;
}

/** A fetched token and whether SecretStorage kept it. */
export interface FetchOutcome {
  profile: Profile;
  token: CachedToken;
  /** False when SecretStorage refused the token: it lives in this window only. */
  persisted: boolean;
}

/** Per-fetch choices. */
export interface FetchOptions {
  /**
   * OAuth scopes (space-separated, RFC 6749 §3.3) to request instead of the profile's. Such a token is returned
   * only: it is neither kept as the profile's token nor stored in SecretStorage, and no change event fires.
   */
  scope?: string;
}

/** A signed assertion that was not sent, with its lint findings. */
export interface SignOutcome {
  profile: Profile;
  assertion: SignedAssertion;
  lint: LintFinding[];
  tokenEndpoint: string;
}

/** Tokens by profile name. */
export class TokenService extends Disposable {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly changes = this._register(new Emitter<string>());
  /** Fires the profile name whose token appeared, changed or went away. */
  readonly onDidChange: Event<string> = this.changes.event;
  private readonly now: () => number;

  constructor(private readonly deps: TokenServiceDeps) {
    super();
    this.now = deps.now ?? Date.now;
    this._register(
      deps.secrets.onDidChange((change) => {
        if (change.kind === 'token') void this.reload(change.profile);
      }),
    );
  }

  /** The token of `profile` held in memory (load it first with {@link reload}). */
  current(profile: string | undefined): CachedToken | undefined {
    return profile === undefined ? undefined : this.tokens.get(profile);
  }

  /**
   * Reads the token of `profile` from SecretStorage into memory (after a reload, or when another window
   * changed it). When SecretStorage cannot be read, the token in memory is kept and the failure logged.
   */
  async reload(profile: string): Promise<CachedToken | undefined> {
    const read = await this.readStored(profile);
    if (!read.ok) return this.tokens.get(profile);
    this.set(profile, read.token);
    return read.token;
  }

  /**
   * The freshest token of `profile`: the stored one when it is at least as new as the one in memory (another window
   * may have fetched since), else the one in memory (which may be one SecretStorage refused to keep). Call it when a
   * window gains focus and before a token is used.
   */
  async latest(profile: string): Promise<CachedToken | undefined> {
    const read = await this.readStored(profile);
    if (!read.ok) return this.tokens.get(profile);
    const stored = read.token;
    const held = this.tokens.get(profile);
    if (stored && (!held || stored.obtainedAt >= held.obtainedAt)) this.set(profile, stored);
    return this.tokens.get(profile);
  }

  /**
   * Signs a fresh assertion for `profileName` and asks the token endpoint for a token; caches it.
   * `observer` sees each step; an aborted `signal` ends with Cancelled and nothing cached. With
   * `options.scope` the token is for those scopes and is returned without being cached (see {@link FetchOptions}).
   */
  async fetch(
    profileName: string,
    observer?: FlowObserver,
    signal?: AbortSignal,
    options: FetchOptions = {},
  ): Promise<FetchOutcome> {
    const prepared = await this.prepare(profileName);
    const { key, certificate } = prepared;
    const profile = options.scope === undefined ? prepared.profile : { ...prepared.profile, scope: options.scope };
    const [{ fetchToken }, { createHttpClient }] = await Promise.all([
      import('../../core/flow'),
      import('../../core/http'),
    ]);
    const http = createHttpClient(await this.deps.httpOptions());
    const abort = () => void http.close().catch(() => {});
    signal?.addEventListener('abort', abort, { once: true });
    this.deps.log.info(`fetching a token for profile "${profile.name}" (${describeTarget(profile)})`);
    let result: Awaited<ReturnType<typeof fetchToken>>;
    try {
      const dpop = profile.dpop ? await this.deps.dpop?.session(profile.name) : undefined;
      result = await fetchToken({
        profile,
        key,
        ...(certificate ? { certificate } : {}),
        http,
        observer: this.logged(observer),
        now: this.now,
        ...(dpop ? { dpop } : {}),
      });
    } finally {
      signal?.removeEventListener('abort', abort);
      await http.close().catch(() => {});
    }
    this.deps.log.addSecret(result.assertion.jwt);
    this.deps.log.addSecret(result.response.accessToken);
    throwIfCancelled(signal);
    const token = cachedTokenFrom(result);
    const scoped = options.scope !== undefined;
    if (!scoped) this.set(profile.name, token);
    this.deps.log.info(
      `token for "${profile.name}": type ${token.tokenType}, scope ${token.scope ?? '(none)'}, ` +
        (token.expiresAt === undefined ? 'expiry unknown' : `expires ${new Date(token.expiresAt).toISOString()}`),
    );
    if (scoped) return { profile, token, persisted: false };
    let persisted = true;
    try {
      await this.deps.secrets.storeToken(profile.name, token);
    } catch (e) {
      persisted = false;
      this.deps.log.warn(`the token of "${profile.name}" is kept for this window only`, e);
    }
    return { profile, token, persisted };
  }

  /** Signs an assertion for `profileName` without sending it (discovery may still run for issuer profiles). */
  async signOnly(profileName: string, observer?: FlowObserver): Promise<SignOutcome> {
    const { profile, key, certificate } = await this.prepare(profileName);
    const [{ signOnly }, { createHttpClient }] = await Promise.all([
      import('../../core/flow'),
      import('../../core/http'),
    ]);
    const http = createHttpClient(await this.deps.httpOptions());
    try {
      const result = await signOnly({
        profile,
        key,
        ...(certificate ? { certificate } : {}),
        http,
        observer: this.logged(observer),
      });
      this.deps.log.addSecret(result.assertion.jwt);
      this.deps.log.info(`signed an assertion for "${profile.name}" (not sent); ${result.lint.length} lint finding(s)`);
      return { profile, assertion: result.assertion, lint: result.lint, tokenEndpoint: result.endpoints.tokenEndpoint };
    } finally {
      await http.close().catch(() => {});
    }
  }

  /** Forgets the token of `profile` in memory and in SecretStorage. */
  async forget(profile: string): Promise<void> {
    this.set(profile, undefined);
    await this.deps.secrets.deleteToken(profile);
  }

  /**
   * The profile, the private key it signs with and the key's own certificate (whose thumbprint the assertion header
   * carries as the profile's `x5t` says, RFC 7515 §4.1.7-4.1.8, as the CLI's --certificate does). KeyError
   * `key_missing` when the profile names no key, the errors of KeyStore.signingKey (`key_not_found`, or `key_lost`
   * naming the key and its thumbprint), ConfigError `x5t_needs_certificate` when the profile asks for a thumbprint
   * and the key has no certificate.
   */
  private async prepare(profileName: string) {
    const profile = await this.deps.profiles.get(profileName);
    const keyName = this.deps.keys.keyNameFor(profile);
    if (keyName === undefined) {
      throw new KeyError(
        'key_missing',
        `profile "${profileName}" has no private key`,
        'choose one with Edit Profile (Private key), or run Generate Key Pair or Import Private Key',
      );
    }
    const { key, certificate } = await this.deps.keys.signingKey(keyName);
    if (profile.certificate !== undefined) {
      this.deps.log.warn(
        `profile "${profileName}": the "certificate" setting is for the CLI; here the certificate comes with the key "${keyName}"`,
      );
    }
    if (!certificate && profile.x5t !== undefined && profile.x5t !== 'none') {
      throw new ConfigError(
        'x5t_needs_certificate',
        `profile "${profileName}" puts the certificate thumbprint in the header (x5t: ${profile.x5t}), and the key "${keyName}" has no certificate`,
        'import the key again with its certificate (a PKCS#12 file, or a PEM bundle of certificate and key) with Import Private Key under the same name, or set x5t to none in Edit Profile',
      );
    }
    return { profile, key, ...(certificate ? { certificate } : {}) };
  }

  /** The token SecretStorage holds for `profile`; a storage that cannot be read is logged and reported as not ok. */
  private async readStored(profile: string): Promise<{ ok: true; token: CachedToken | undefined } | { ok: false }> {
    try {
      return { ok: true, token: await this.deps.secrets.getToken(profile) };
    } catch (e) {
      this.deps.log.warn(`could not read the cached token of "${profile}"`, e);
      return { ok: false };
    }
  }

  private set(profile: string, token: CachedToken | undefined): void {
    const before = this.tokens.get(profile);
    if (token) {
      this.tokens.set(profile, token);
      this.deps.log.addSecret(token.accessToken);
    } else this.tokens.delete(profile);
    if (before?.accessToken !== token?.accessToken || before?.expiresAt !== token?.expiresAt)
      this.changes.fire(profile);
  }

  /** Logs each step with its allow-listed details (the log masks anything token-shaped on top). */
  private logged(observer: FlowObserver | undefined): FlowObserver {
    return {
      step: (event) => {
        const { step, ...detail } = event;
        this.deps.log.info(`step ${step}: ${FLOW_STEP_TITLES[step]}${describeDetail(detail)}`);
        observer?.step?.(event);
      },
    };
  }
}

function describeTarget(profile: Profile): string {
  return profile.tokenUrl ? `token URL ${profile.tokenUrl}` : `issuer ${profile.issuer ?? '(none)'}`;
}

// Details are logged from an allow-list: the assertion's header and claims (not secret without the signature, and
// what an invalid_client diagnosis needs), endpoints and response metadata. The signed assertion itself is not.
const LOGGED_SCALARS = new Set([
  'alg',
  'kid',
  'method',
  'url',
  'issuer',
  'tokenEndpoint',
  'jwksUri',
  'tokenType',
  'expiresIn',
  'scope',
  'assertionLength',
]);
const LOGGED_OBJECTS = new Set(['header', 'payload']);

/** The loggable part of a flow step's detail, as ` (k=v, …)`; everything else is left out. */
export function describeDetail(detail: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(detail)) {
    if (v === undefined) continue;
    if (LOGGED_SCALARS.has(k) && ['string', 'number', 'boolean'].includes(typeof v)) parts.push(`${k}=${String(v)}`);
    else if (LOGGED_OBJECTS.has(k) && typeof v === 'object' && v !== null) parts.push(`${k}=${JSON.stringify(v)}`);
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
