/**
 * Which profile the commands and the status bar act on, and the context keys that `when` clauses and the
 * walkthrough read: `clientCreds.hasProfile`, `clientCreds.hasKey` (a key is registered, present or lost: commands
 * on keys stay visible and explain a lost key rather than vanish), `clientCreds.hasToken`, `clientCreds.profileCount`
 * and `clientCreds.hasBackup`.
 */
import { Disposable } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import { ContextKeys } from '../contract';
import type { KeyStore } from './keyStore';
import type { Log } from './log';
import type { ProfileSettings } from './profileSettings';
import type { TokenService } from './tokenService';

export type { MementoLike } from './keyRegistry';

/** A snapshot of what the commands can do now. */
export interface ActiveSnapshot {
  /** The active profile. */
  name: string | undefined;
  isProfile: boolean;
  profileCount: number;
  /** At least one key is registered (present or lost). */
  hasKey: boolean;
  /** The key the active profile signs with, if it names one. */
  profileKey: string | undefined;
  hasToken: boolean;
  /** At least one key has been backed up. */
  hasBackup: boolean;
  /**
   * Where the active profile is in a key rotation (core keySet.ts): `none` without a signing key, `single`, then
   * `next-pending` after Generate Next Key and `promoted` after Promote Next Key, until Retire Old Key.
   */
  rotationPhase: RotationPhase;
  /** The active profile names a client JWKS URI (where its public keys are published). */
  hasClientJwksUri: boolean;
}

/** See {@link ActiveSnapshot.rotationPhase}. */
export type RotationPhase = 'none' | 'single' | 'next-pending' | 'promoted';

/** Dependencies, injected. */
export interface ActiveProfileDeps {
  profiles: ProfileSettings;
  keys: KeyStore;
  tokens: TokenService;
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
    profileKey: undefined,
    hasToken: false,
    hasBackup: false,
    rotationPhase: 'none',
    hasClientJwksUri: false,
  };
  private loadedTokenFor: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly contextValues = new Map<string, unknown>();

  constructor(private readonly deps: ActiveProfileDeps) {
    super();
    this._register(deps.tokens.onDidChange(() => void this.refresh()));
    this._register(deps.keys.onDidChange(() => void this.refresh()));
  }

  /** The last computed state. */
  get snapshot(): ActiveSnapshot {
    return this.snapshotValue;
  }

  /** Recomputes the snapshot and the context keys; calls are queued so results arrive in order. */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.compute());
    this.queue = next.catch(() => {});
    return next;
  }

  private async compute(): Promise<void> {
    const names = this.deps.profiles.names();
    const name = this.deps.profiles.activeName();
    const records = this.deps.keys.list();
    let profileKey: string | undefined;
    let rotationPhase: RotationPhase = 'none';
    let hasClientJwksUri = false;
    if (name !== undefined) {
      try {
        const profile = await this.deps.profiles.get(name);
        profileKey = this.deps.keys.keyNameFor(profile);
        hasClientJwksUri = profile.clientJwksUri !== undefined;
        if (profileKey !== undefined) {
          rotationPhase =
            profile.nextKey !== undefined ? 'next-pending' : profile.previousKey !== undefined ? 'promoted' : 'single';
        }
      } catch (e) {
        this.deps.log.warn(`could not read profile "${name}"`, e);
      }
      if (this.loadedTokenFor !== name) {
        this.loadedTokenFor = name;
        await this.deps.tokens.reload(name);
      }
    }
    const next: ActiveSnapshot = {
      name,
      isProfile: name !== undefined,
      profileCount: names.length,
      hasKey: records.length > 0,
      profileKey,
      hasToken: name !== undefined && this.deps.tokens.current(name) !== undefined,
      hasBackup: records.some((r) => r.backedUpAt !== undefined),
      rotationPhase,
      hasClientJwksUri,
    };
    const before = this.snapshotValue;
    this.snapshotValue = next;
    this.setContext(ContextKeys.hasProfile, next.isProfile);
    this.setContext(ContextKeys.hasKey, next.hasKey);
    this.setContext(ContextKeys.hasToken, next.hasToken);
    this.setContext(ContextKeys.profileCount, next.profileCount);
    this.setContext(ContextKeys.hasBackup, next.hasBackup);
    this.setContext(ContextKeys.rotationPhase, next.rotationPhase);
    this.setContext(ContextKeys.hasClientJwksUri, next.hasClientJwksUri);
    if (JSON.stringify(before) !== JSON.stringify(next)) this.changes.fire(next);
  }

  private setContext(key: string, value: unknown): void {
    if (this.contextValues.has(key) && this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    this.deps.setContext(key, value);
  }
}
