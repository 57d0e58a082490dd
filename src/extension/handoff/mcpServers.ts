/**
 * Registers the MCP server definition provider (services/mcpServers.ts) where the editor has the API
 * (`vscode.lm.registerMcpServerDefinitionProvider`, VS Code 1.101); elsewhere the extension activates without it.
 */
import * as vscode from 'vscode';
import { McpProvider, SETTINGS_SECTION, SettingKey, settingName } from '../contract';
import { McpServers } from '../services/mcpServers';
import type { Services } from '../services/services';
import { explainFailure } from './fetching';

type McpApi = Pick<typeof vscode.lm, 'registerMcpServerDefinitionProvider'>;

/** The MCP API of this editor, or undefined when it has none (an older VS Code or a fork without it). */
function mcpApi(): { lm: McpApi; Definition: typeof vscode.McpHttpServerDefinition } | undefined {
  const lm = (vscode as { lm?: Partial<McpApi> }).lm;
  const Definition = (vscode as { McpHttpServerDefinition?: typeof vscode.McpHttpServerDefinition })
    .McpHttpServerDefinition;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function')
    return undefined;
  return { lm: lm as McpApi, Definition };
}

/** Offers the servers of `clientCreds.mcpServers` to the editor; nothing (and a log line) where MCP is missing. */
export function registerMcpServers(s: Services): vscode.Disposable[] {
  const api = mcpApi();
  if (!api) {
    s.log.info(`this editor has no MCP server API: ${settingName(SettingKey.mcpServers)} is not offered`);
    return [];
  }
  const { lm, Definition } = api;
  const servers = new McpServers<vscode.McpHttpServerDefinition>({
    setting: () => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(SettingKey.mcpServers),
    define: (entry) => new Definition(entry.label, vscode.Uri.parse(entry.url, true)),
    freshToken: (name) => s.fresh.get(name),
    onDidChangeToken: s.tokens.onDidChange,
    explain: (e) => explainFailure(e, s.log),
    log: s.log,
  });
  return [
    servers,
    lm.registerMcpServerDefinitionProvider(McpProvider.id, servers),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingName(SettingKey.mcpServers))) servers.settingChanged();
    }),
  ];
}
