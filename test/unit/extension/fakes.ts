// Fakes for the extension's services: plain objects with the shape of the VS Code interfaces they stand
// for (types only from 'vscode'; the real module is never loaded).
import type { Event, SecretStorage, SecretStorageChangeEvent } from 'vscode';
import type { DisposableLike } from '../../../src/extension/base/dispose';
import { Emitter } from '../../../src/extension/base/events';
import type { MementoLike } from '../../../src/extension/services/activeProfile';
import type { LogSink } from '../../../src/extension/services/log';
import type { SettingsStore } from '../../../src/extension/services/profileSettings';

/** The OS keychain behind SecretStorage: shared by every window of a user. */
export class Keychain {
  readonly values = new Map<string, string>();
  readonly changes = new Emitter<SecretStorageChangeEvent>();
  /** When set, every operation fails like a locked or missing keyring. */
  failing = false;
}

/** A Map-backed SecretStorage; two instances over one Keychain behave like two windows. */
export class TestSecretStorage implements SecretStorage {
  constructor(readonly keychain: Keychain = new Keychain()) {}

  get onDidChange(): Event<SecretStorageChangeEvent> {
    return this.keychain.changes.event as Event<SecretStorageChangeEvent>;
  }

  async keys(): Promise<string[]> {
    return [...this.keychain.values.keys()];
  }

  async get(key: string): Promise<string | undefined> {
    this.check();
    return this.keychain.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.check();
    this.keychain.values.set(key, value);
    this.keychain.changes.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.check();
    if (this.keychain.values.delete(key)) this.keychain.changes.fire({ key });
  }

  private check(): void {
    if (this.keychain.failing) throw new Error('Cannot get password: no keyring daemon');
  }
}

/** settings.json as a Map (what the configuration section would hold). */
export class TestSettings implements SettingsStore {
  readonly values = new Map<string, unknown>();
  writes = 0;

  get<T>(key: string): T | undefined {
    const value = this.values.get(key);
    // Settings hand out copies: callers must write back to change anything.
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }
}

/** globalState. */
export class TestMemento implements MementoLike {
  readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** A log channel that keeps its lines. */
export class TestLogSink implements LogSink {
  readonly lines: string[] = [];
  shown = 0;
  trace(m: string): void {
    this.lines.push(`trace ${m}`);
  }
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
  show(): void {
    this.shown++;
  }
}

/** A scheduler that runs callbacks only when the test says so. */
export class ManualScheduler {
  readonly pending: { callback: () => void; ms: number; cancelled: boolean }[] = [];

  readonly schedule = (callback: () => void, ms: number): DisposableLike => {
    const entry = { callback, ms, cancelled: false };
    this.pending.push(entry);
    return {
      dispose: () => {
        entry.cancelled = true;
      },
    };
  };

  /** The live (not cancelled) entries. */
  live() {
    return this.pending.filter((e) => !e.cancelled);
  }

  /** Runs every live callback once. */
  runAll(): void {
    const due = this.live();
    for (const e of due) e.cancelled = true;
    for (const e of due) e.callback();
  }
}

/** Resolves after pending promise callbacks have run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
