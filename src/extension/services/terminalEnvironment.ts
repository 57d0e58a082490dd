/**
 * The active profile's token in the environment of new integrated terminals, when the user turned
 * `clientCreds.terminalEnvironment` on: `CLIENT_CREDS_ACCESS_TOKEN`, `CLIENT_CREDS_TOKEN_TYPE`, `CLIENT_CREDS_PROFILE`
 * and `CLIENT_CREDS_EXPIRES_AT`. The collection is not persistent (VS Code keeps nothing of it on disk); it follows
 * every refresh, and is emptied when the token expires, the setting goes off or the workspace is not trusted.
 */
import type { EnvironmentVariableCollection } from 'vscode';
import { Disposable, type DisposableLike, timeoutTimer } from '../base/dispose';
import { formatTemplate, type Translate } from '../base/translate';
import { SettingKey, settingName } from '../contract';
import type { CachedToken } from './cachedToken';
import { clampDelay } from './expiry';
import { isExpired } from './freshToken';

/** The variables new terminals get. */
export const TerminalVariable = {
  accessToken: 'CLIENT_CREDS_ACCESS_TOKEN',
  tokenType: 'CLIENT_CREDS_TOKEN_TYPE',
  profile: 'CLIENT_CREDS_PROFILE',
  expiresAt: 'CLIENT_CREDS_EXPIRES_AT',
} as const;

/** The part of `context.environmentVariableCollection` used here. */
export type EnvironmentCollection = Pick<
  EnvironmentVariableCollection,
  'persistent' | 'description' | 'replace' | 'clear'
>;

/**
 * The variables for `token` of `profile`: the token, its type, the profile name and, when the server stated it,
 * the expiry in seconds since the epoch (RFC 7519 NumericDate, for `[ "$(date +%s)" -lt "$CLIENT_CREDS_EXPIRES_AT" ]`).
 */
export function terminalVariables(profile: string, token: CachedToken): Record<string, string> {
  const vars: Record<string, string> = {
    [TerminalVariable.accessToken]: token.accessToken,
    [TerminalVariable.tokenType]: token.tokenType,
    [TerminalVariable.profile]: profile,
  };
  if (token.expiresAt !== undefined) vars[TerminalVariable.expiresAt] = String(Math.floor(token.expiresAt / 1000));
  return vars;
}

/** What the terminal environment reads, injected. */
export interface TerminalEnvironmentDeps {
  collection: EnvironmentCollection;
  /** `clientCreds.terminalEnvironment`. */
  enabled(): boolean;
  isTrusted(): boolean;
  activeProfile(): string | undefined;
  current(profile: string): CachedToken | undefined;
  t?: Translate;
  now?: () => number;
  schedule?: (callback: () => void, ms: number) => DisposableLike;
}

/** Keeps the terminal environment in step with the active profile's token; call {@link update} on every change. */
export class TerminalEnvironment extends Disposable {
  /** The variables last applied, as JSON; '' = none. Starts unknown, so the first update clears for certain. */
  private applied: string | undefined;
  private expiryTimer: DisposableLike | undefined;

  constructor(private readonly deps: TerminalEnvironmentDeps) {
    super();
    deps.collection.persistent = false;
    this._register({
      dispose: () => {
        this.expiryTimer?.dispose();
        this.clear();
      },
    });
  }

  /** Sets or clears the variables for the current state, and schedules their removal at the token's expiry. */
  update(): void {
    this.expiryTimer?.dispose();
    this.expiryTimer = undefined;
    if (this.isDisposed) return;
    const now = (this.deps.now ?? Date.now)();
    const profile = this.deps.activeProfile();
    const token = profile === undefined ? undefined : this.deps.current(profile);
    if (profile === undefined || !token || !this.deps.enabled() || !this.deps.isTrusted() || isExpired(token, now)) {
      this.clear();
      return;
    }
    const vars = terminalVariables(profile, token);
    const fingerprint = JSON.stringify(vars);
    if (fingerprint !== this.applied) {
      const { collection } = this.deps;
      collection.clear();
      for (const [name, value] of Object.entries(vars)) collection.replace(name, value);
      collection.description = (this.deps.t ?? formatTemplate)(
        'The access token of the Client Creds profile "{0}" ({1} is on)',
        profile,
        settingName(SettingKey.terminalEnvironment),
      );
      this.applied = fingerprint;
    }
    if (token.expiresAt !== undefined) {
      const schedule = this.deps.schedule ?? timeoutTimer;
      this.expiryTimer = schedule(() => this.update(), clampDelay(token.expiresAt - now));
    }
  }

  private clear(): void {
    if (this.applied === '') return;
    this.deps.collection.clear();
    this.deps.collection.description = undefined;
    this.applied = '';
  }
}
