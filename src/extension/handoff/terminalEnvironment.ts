/**
 * Wires the terminal environment (services/terminalEnvironment.ts) to VS Code: the extension's
 * `environmentVariableCollection`, the `clientCreds.terminalEnvironment` setting, workspace trust, and every change
 * of the active profile or its token.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION, SettingKey, settingName } from '../contract';
import type { Services } from '../services/services';
import { TerminalEnvironment } from '../services/terminalEnvironment';

/** Starts keeping new terminals' environment in step; the disposables are the caller's to own. */
export function registerTerminalEnvironment(s: Services): vscode.Disposable[] {
  const environment = new TerminalEnvironment({
    collection: s.context.environmentVariableCollection,
    enabled: () =>
      vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(SettingKey.terminalEnvironment) === true,
    isTrusted: () => vscode.workspace.isTrusted,
    activeProfile: () => s.profiles.activeName(),
    current: (name) => s.tokens.current(name),
    t: vscode.l10n.t,
  });
  const update = () => environment.update();
  const disposables = [
    environment,
    s.tokens.onDidChange(update),
    s.active.onDidChange(update),
    vscode.workspace.onDidGrantWorkspaceTrust(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration(settingName(SettingKey.terminalEnvironment)) ||
        e.affectsConfiguration(settingName(SettingKey.activeProfile)) ||
        e.affectsConfiguration(settingName(SettingKey.profiles))
      ) {
        update();
      }
    }),
  ];
  update();
  return disposables;
}
