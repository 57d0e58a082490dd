/**
 * Which profile the commands and the status bar act on, and the context keys that `when` clauses read:
 * `clientCreds.hasProfile`, `clientCreds.hasKey`, `clientCreds.hasToken`, `clientCreds.profileCount`.
 * A key generated or imported before any profile exists is kept under the name the user gave it and
 * remembered in globalState (the name and the chosen alg only), so the profile created next adopts it.
 */
import type { SigningAlg } from '../../core/algorithms';
import { Disposable } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import { ContextKeys, StateKey } from '../contract';
import type { Log } from './log';
import type { ProfileSettings } from './profileSettings';
import type { SecretStore } from './secretStore';
import type { TokenService } from './tokenService';

/** The part of `vscode.Memento` used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** A stored key whose profile does not exist yet: its SecretStorage name and the alg chosen for it. */
export interface KeyAwaitingProfile {
  name: string;
  alg?: SigningAlg;
}

/** A snapshot of what the commands can do now. */
export interface ActiveSnapshot {
  /** The active profile, else the name of a key awaiting its profile. */
  name: string | undefined;
  isProfile: boolean;
  profileCount: number;
  hasKey: boolean;
  hasToken: boolean;
}

/** Dependencies, injected. */
export interface ActiveProfileDeps {
  profiles: ProfileSettings;
  secrets: SecretStore;
  tokens: TokenService;
  globalState: MementoLike;
  setContext(key: string, value: unknown): unknown;
  log: Log;
}

/** The active profile and its context keys, recomputed on every relevant change. */
export class ActiveProfile extends Disposable {
  private readonly changes = this._register(new Emitter<ActiveSnapshot>());
  /** Fires after each recomputation that changed something. */
  readonly onDidChange: Event<ActiveSnapshot> = this.changes.event;
  private snapshotValue: ActiveSnapshot = {
    name: undefined,
    isProfile: false,
    profileCount: 0,
    hasKey: false,
    hasToken: false,
  };
  private loadedTokenFor: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly contextValues = new Map<string, unknown>();

  constructor(private readonly deps: ActiveProfileDeps) {
    super();
    this._register(deps.tokens.onDidChange(() => void this.refresh()));
    this._register(
      deps.secrets.onDidChange((change) => {
        if (change.kind === 'privateKey') void this.refresh();
      }),
    );
  }

  /** The last computed state. */
  get snapshot(): ActiveSnapshot {
    return this.snapshotValue;
  }

  /** The key waiting for a profile, if any. */
  awaiting(): KeyAwaitingProfile | undefined {
    const value = this.deps.globalState.get<unknown>(StateKey.keyAwaitingProfile);
    if (typeof value !== 'object' || value === null) return undefined;
    const { name, alg } = value as { name?: unknown; alg?: unknown };
    if (typeof name !== 'string' || name === '') return undefined;
    return typeof alg === 'string' ? { name, alg: alg as SigningAlg } : { name };
  }

  /** Remembers (only the name and alg of) a key stored before its profile exists. */
  async setAwaiting(value: KeyAwaitingProfile | undefined): Promise<void> {
    await this.deps.globalState.update(StateKey.keyAwaitingProfile, value);
    await this.refresh();
  }

  /** The name commands act on: the active profile, else a key awaiting its profile. */
  name(): string | undefined {
    return this.deps.profiles.activeName() ?? this.awaiting()?.name;
  }

  /** Recomputes the snapshot and the context keys; calls are queued so results arrive in order. */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.compute());
    this.queue = next.catch(() => {});
    return next;
  }

  private async compute(): Promise<void> {
    const names = this.deps.profiles.names();
    const profileName = this.deps.profiles.activeName();
    const awaiting = this.awaiting();
    if (awaiting && names.includes(awaiting.name))
      await this.deps.globalState.update(StateKey.keyAwaitingProfile, undefined);
    const name = profileName ?? (awaiting && !names.includes(awaiting.name) ? awaiting.name : undefined);
    let hasKey = false;
    if (name !== undefined) {
      try {
        hasKey = await this.deps.secrets.hasPrivateKey(name);
      } catch (e) {
        this.deps.log.warn(`could not check the private key of "${name}"`, e);
      }
      if (this.loadedTokenFor !== name) {
        this.loadedTokenFor = name;
        await this.deps.tokens.reload(name);
      }
    }
    const next: ActiveSnapshot = {
      name,
      isProfile: profileName !== undefined,
      profileCount: names.length,
      hasKey,
      hasToken: profileName !== undefined && this.deps.tokens.current(profileName) !== undefined,
    };
    const before = this.snapshotValue;
    this.snapshotValue = next;
    this.setContext(ContextKeys.hasProfile, next.isProfile);
    this.setContext(ContextKeys.hasKey, next.hasKey);
    this.setContext(ContextKeys.hasToken, next.hasToken);
    this.setContext(ContextKeys.profileCount, next.profileCount);
    if (JSON.stringify(before) !== JSON.stringify(next)) this.changes.fire(next);
  }

  private setContext(key: string, value: unknown): void {
    if (this.contextValues.has(key) && this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    this.deps.setContext(key, value);
  }
}
