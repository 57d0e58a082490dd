/**
 * Registers the `client-creds` authentication provider: other extensions get a profile's token with
 * `vscode.authentication.getSession('client-creds', ['profile:<name>'], { createIfNone: true })`, under VS Code's
 * own per-extension consent. The sessions themselves live in services/sessions.ts.
 */
import * as vscode from 'vscode';
import { Emitter } from '../base/events';
import { AuthProvider } from '../contract';
import type { Services } from '../services/services';
import { ClientCredsSessions } from '../services/sessions';
import { explainFailure, fetchForHandoff } from './fetching';

/** The provider's sessions and its registration; both go to `context.subscriptions`. */
export function registerAuthProvider(s: Services): { sessions: ClientCredsSessions; disposables: vscode.Disposable[] } {
  const keyChanges = new Emitter<string>();
  const sessions = new ClientCredsSessions({
    profileNames: () => s.profiles.names(),
    activeProfile: () => s.profiles.activeName(),
    profileInfo: async (name) => {
      const profile = await s.profiles.get(name);
      return profile.scope === undefined
        ? { clientId: profile.clientId }
        : { clientId: profile.clientId, scope: profile.scope };
    },
    hasKey: async (name) => {
      const keyName = s.keys.keyNameFor(await s.profiles.get(name));
      return keyName !== undefined && (await s.secrets.hasPrivateKey(keyName));
    },
    onDidChangeKey: keyChanges.event,
    tokens: s.tokens,
    fetch: (name, scope, quiet) => fetchForHandoff(s, name, quiet, scope),
    isTrusted: () => vscode.workspace.isTrusted,
    explain: (e) => explainFailure(e, s.log),
    log: s.log,
  });
  const disposables = [
    keyChanges,
    // A key changed (stored, lost, deleted): the sessions of the profiles that sign with it may change.
    s.keys.onDidChange((keyName) => {
      void profilesUsing(s, keyName).then((names) => {
        for (const name of names) keyChanges.fire(name);
      });
    }),
    sessions,
    vscode.authentication.registerAuthenticationProvider(AuthProvider.id, AuthProvider.label, sessions, {
      supportsMultipleAccounts: true,
    }),
  ];
  return { sessions, disposables };
}

/** The profiles that sign with the key `keyName` (an invalid profile is left out: it has no session anyway). */
async function profilesUsing(s: Services, keyName: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of s.profiles.names()) {
    const profile = await s.profiles.get(name).catch(() => undefined);
    if (profile && s.keys.keyNameFor(profile) === keyName) names.push(name);
  }
  return names;
}
