/**
 * The registry check as this window runs it (see keyCheck.ts), and the memory of what was already said: a lost or
 * unseen key is reported once per window and per stored key, at activation or when the window gains focus, not on
 * every focus. A command that needs the key reports it again through its own error (LostKeyError).
 */
import { checkKeys, type KeyCheck, type KeyCheckDeps } from './keyCheck';
import type { KeyRecord } from './keyRegistry';

/** What is missing and not yet reported in this window. */
export interface MissingKeys {
  lost: KeyRecord[];
  unseen: KeyRecord[];
}

/** The check, the host it runs in, and what this window already reported. */
export class KeyHealth {
  private readonly reported = new Set<string>();

  constructor(private readonly deps: KeyCheckDeps) {}

  /** True in a browser-hosted editor, where every window keeps its own copy of SecretStorage. */
  get isWebHost(): boolean {
    return this.deps.isWebHost;
  }

  /** Compares the registry with SecretStorage now. */
  check(): Promise<KeyCheck> {
    return checkKeys(this.deps);
  }

  /** Keys missing now that this window has not reported yet; they count as reported from here on. */
  async unreported(): Promise<MissingKeys> {
    const result = await this.check();
    const fresh = (records: KeyRecord[], kind: string) =>
      records.filter((r) => {
        const id = `${kind}\u0000${r.name}\u0000${r.thumbprint}\u0000${r.storedAt}`;
        if (this.reported.has(id)) return false;
        this.reported.add(id);
        return true;
      });
    return { lost: fresh(result.lost, 'lost'), unseen: fresh(result.unseen, 'unseen') };
  }
}
