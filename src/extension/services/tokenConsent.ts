/**
 * Which profiles' tokens this workspace's tasks and launch configurations may use (`${command:clientCreds.accessToken}`
 * and friends). A workspace's tasks and launch configurations can run code, so each profile is allowed once per
 * workspace, by the user, and the answer is kept in workspaceState (a list of profile names, nothing secret).
 */
import { StateKey } from '../contract';
import type { MementoLike } from './activeProfile';

/** The allowed profiles of one workspace, in its workspaceState. */
export class TokenConsent {
  constructor(private readonly workspaceState: MementoLike) {}

  /** The profiles allowed in this workspace, sorted; anything malformed in storage counts as nothing allowed. */
  allowed(): string[] {
    const value = this.workspaceState.get<unknown>(StateKey.taskTokenConsent);
    if (!Array.isArray(value)) return [];
    return [...new Set(value.filter((v): v is string => typeof v === 'string' && v !== ''))].sort();
  }

  /** True when `profile` was allowed in this workspace. */
  isAllowed(profile: string): boolean {
    return this.allowed().includes(profile);
  }

  /** Remembers that `profile` is allowed in this workspace. */
  async allow(profile: string): Promise<void> {
    if (this.isAllowed(profile)) return;
    await this.workspaceState.update(StateKey.taskTokenConsent, [...this.allowed(), profile].sort());
  }

  /** Forgets the permission of each of `profiles` (every profile when omitted). */
  async revoke(profiles?: readonly string[]): Promise<void> {
    const kept = profiles === undefined ? [] : this.allowed().filter((p) => !profiles.includes(p));
    await this.workspaceState.update(StateKey.taskTokenConsent, kept.length > 0 ? kept : undefined);
  }
}
