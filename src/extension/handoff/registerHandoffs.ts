/**
 * Every way a token leaves Client Creds for where it is used, other than the clipboard: the authentication
 * provider (other extensions), the terminal environment and the MCP server definitions. The task and launch
 * variables are commands (commands/tokenVariables.ts).
 */
import * as vscode from 'vscode';
import { SettingKey, settingName } from '../contract';
import type { Services } from '../services/services';
import { registerAuthProvider } from './authProvider';
import { registerMcpServers } from './mcpServers';
import { registerTerminalEnvironment } from './terminalEnvironment';

/** Registers the hand-offs; the disposables are the caller's to own. */
export function registerHandoffs(s: Services): vscode.Disposable[] {
  const auth = registerAuthProvider(s);
  return [
    ...auth.disposables,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingName(SettingKey.profiles))) void auth.sessions.syncAll();
    }),
    ...registerTerminalEnvironment(s),
    ...registerMcpServers(s),
  ];
}
